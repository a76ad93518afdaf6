// Durations as Prometheus and Grafana write them: `90s`, `5m`, `1h30m`, `1d`, `1w` (and plain milliseconds). Pure:
// the detector's parameters, the forecast horizon, the CLI, both adapters and the rule generator read them alike.

/** A day in milliseconds: the shortest cycle of operational metrics (the ewma preset's day profile, the
 * likelihood's range learning, the window preset's default range). */
export const DAY_MS = 86_400_000;

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['w', 7 * DAY_MS],
  ['d', DAY_MS],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];
const UNIT_MS = new Map(UNITS);

/** One or more `<integer><unit>` terms, largest unit first (Prometheus's own duration syntax), or plain ms. */
const DURATION = /^(?:\d+(?:ms|[smhdwy]))+$/;
// Each term starts where a digit run does (the lookbehind), so no run is rescanned from inside: linear.
const TERM = /(?<!\d)(\d+)(ms|[smhdwy])/g;

/**
 * Milliseconds of `5m`, `1h30m`, `1d`, `1w`, `1y` (365 days, as Prometheus) or a plain number of ms; NaN if
 * invalid.
 */
export function parseDuration(text: string): number {
  const s = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(s)) {
    return Number(s);
  }
  if (!DURATION.test(s)) {
    return NaN;
  }
  let ms = 0;
  for (const [, n, unit] of s.matchAll(TERM)) {
    ms += Number(n) * (unit === 'y' ? 365 * DAY_MS : UNIT_MS.get(unit)!);
  }
  return ms;
}

/** Shortest Prometheus duration for a whole number of milliseconds ≥ 0: 5400000 → `1h30m`, 0 → `0s`. */
export function formatDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) {
    throw new RangeError(`a duration must be a whole number of milliseconds ≥ 0, got ${ms}`);
  }
  if (ms === 0) {
    return '0s';
  }
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNITS) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

/** The message for a duration that does not parse or is not > 0; undefined when it is fine. */
export function durationError(name: string, text: string): string | undefined {
  const ms = parseDuration(text);
  return ms > 0 && Number.isFinite(ms)
    ? undefined
    : `${name} must be a duration > 0 such as 30m, 6h, 1d or 1w (or milliseconds), got ${JSON.stringify(text)}`;
}
