// Durations as users write them in Grafana ("30m", "1h", "1d", "1w") or as milliseconds, for options such as the
// forecast horizon. Pure: the CLI and both adapters read them the same way.

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?$/;

/** Milliseconds of "90s", "30m", "1.5h", "1d", "2w" or a bare number of ms; NaN for anything else. */
export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] ?? 'ms'] : NaN;
}

/** The message for a duration that does not parse or is not > 0; undefined when it is fine. */
export function durationError(name: string, text: string): string | undefined {
  const ms = parseDuration(text);
  return ms > 0 && Number.isFinite(ms)
    ? undefined
    : `${name} must be a duration > 0 such as 30m, 6h, 1d or 1w (or milliseconds), got ${JSON.stringify(text)}`;
}
