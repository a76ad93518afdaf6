// Apache's `%t` timestamp, `17/May/2015:10:05:03 +0000`, to epoch milliseconds. V8's Date cannot parse
// this layout, and a fixed-offset reader is both stricter and ~10× faster than going through Date.

const MONTHS = new Map<number, number>(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [
    (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2),
    i + 1,
  ])
);

const DAY_MS = 86_400_000;

/** Length of the timestamp between the brackets. */
export const APACHE_TIME_LENGTH = 26;

function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) {
    return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  }
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * Reads `dd/Mon/yyyy:HH:MM:SS ±hhmm` at `s[i]` and returns UTC epoch ms, or NaN when anything is off
 * (layout, month name, day of month, ranges). Any UTC offset is applied.
 */
export function parseApacheTime(s: string, i: number): number {
  if (
    s.length < i + APACHE_TIME_LENGTH ||
    s.charCodeAt(i + 2) !== 47 /* / */ ||
    s.charCodeAt(i + 6) !== 47 ||
    s.charCodeAt(i + 11) !== 58 /* : */ ||
    s.charCodeAt(i + 14) !== 58 ||
    s.charCodeAt(i + 17) !== 58 ||
    s.charCodeAt(i + 20) !== 32
  ) {
    return NaN;
  }
  const day = digits2(s, i);
  const month =
    MONTHS.get(((s.charCodeAt(i + 3) | 32) << 16) | ((s.charCodeAt(i + 4) | 32) << 8) | (s.charCodeAt(i + 5) | 32)) ??
    -1;
  const y1 = digits2(s, i + 7);
  const y2 = digits2(s, i + 9);
  const hour = digits2(s, i + 12);
  const minute = digits2(s, i + 15);
  const second = digits2(s, i + 18);
  const sign = s.charCodeAt(i + 21);
  const offH = digits2(s, i + 22);
  const offM = digits2(s, i + 24);
  if (
    month < 0 ||
    y1 < 0 ||
    y2 < 0 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 60 || // a leap second is written as :60
    (sign !== 43 /* + */ && sign !== 45) /* - */ ||
    offH < 0 ||
    offM < 0 ||
    offM > 59
  ) {
    return NaN;
  }
  const year = y1 * 100 + y2;
  if (day > daysInMonth(year, month)) {
    return NaN;
  }
  const offsetMs = (offH * 60 + offM) * 60_000 * (sign === 43 ? 1 : -1);
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 - offsetMs;
}
