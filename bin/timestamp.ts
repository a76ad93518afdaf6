// Timestamps in timestamp,value CSV files: the CLI's input and the NAB corpus read by eval/ (one parser for both).

/** A decimal number (what the CLI accepts as a value or an epoch-ms timestamp). */
export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Epoch milliseconds from epoch ms, `YYYY-MM-DD HH:MM:SS` (UTC) or ISO-8601 (`T`, optional fraction,
 * `Z` or ±HH:MM; none means UTC); NaN when it is none of these or names an impossible date.
 */
export function parseTimestamp(text: string): number {
  if (NUMBER.test(text)) {
    return Number(text);
  }
  const m = DATE_TIME.exec(text);
  if (!m) {
    return NaN;
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(utc);
  if (back.getUTCDate() !== day || back.getUTCMonth() !== month - 1 || hour > 23 || minute > 59 || second > 59) {
    return NaN; // Date.UTC rolls 2014-02-30 over to March: refuse instead
  }
  let offset = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    offset = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
  }
  return utc + (frac ? Math.round(Number(frac) * 1000) : 0) - offset;
}

const SQL_STYLE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/**
 * `t` (epoch ms) written as `sample` is: epoch ms for a number, `YYYY-MM-DD HH:MM:SS` (UTC) for that form, else
 * ISO-8601 in UTC (milliseconds only when `sample` has a fraction). For rows the CLI adds after the input's own.
 */
export function formatLike(sample: string, t: number): string {
  if (NUMBER.test(sample)) {
    return String(t);
  }
  const iso = new Date(t).toISOString();
  if (SQL_STYLE.test(sample)) {
    return iso.slice(0, 19).replace('T', ' ');
  }
  return sample.includes('.') ? iso : iso.replace('.000Z', 'Z');
}
