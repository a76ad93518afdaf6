// Apache access log lines (Common and Combined formats) by a hand-written scanner: linear, and it says which
// field failed. The decisions (escapes, truncated user agents, `-`) are in src/weblog/README.md (Parsing decisions).

import { APACHE_TIME_LENGTH, parseApacheTime } from './time';

export type LogFormat = 'combined' | 'common';

/** One parsed line. Strings are unescaped. */
export interface LogRecord {
  /** Client address (IPv4, IPv6) or host name. */
  host: string;
  ident: string;
  user: string;
  /** Request time, UTC epoch ms (the line's offset applied). */
  time: number;
  /** The request line, e.g. `GET /index.html HTTP/1.1`; see {@link splitRequest}. */
  request: string;
  status: number;
  /** Response size in bytes, -1 for `-`. */
  bytes: number;
  referer: string;
  userAgent: string;
  format: LogFormat;
  /** The user agent had no closing quote (line cut short); it holds the rest of the line. */
  truncated: boolean;
}

/** Which part of a rejected line did not parse. */
export type ParseFailure = 'empty' | 'host' | 'ident' | 'time' | 'request' | 'status' | 'bytes' | 'referer' | 'format';

export function newLogRecord(): LogRecord {
  return {
    host: '',
    ident: '',
    user: '',
    time: NaN,
    request: '',
    status: 0,
    bytes: -1,
    referer: '',
    userAgent: '',
    format: 'common',
    truncated: false,
  };
}

const QUOTE = 34;
const SPACE = 32;
const DASH = 45;
const CLOSE_BRACKET = 93;
const BACKSLASH = 92;

const isDigit = (c: number) => c >= 48 && c <= 57;

/** True when the quote at `q` is escaped, i.e. preceded by an odd number of backslashes (after `from`). */
function escaped(s: string, q: number, from: number): boolean {
  let n = 0;
  for (let i = q - 1; i >= from && s.charCodeAt(i) === BACKSLASH; i--) {
    n++;
  }
  return (n & 1) === 1;
}

/** Ends of the three quoted fields, each checked against what must follow it. */
type Follow = (s: string, q: number, end: number) => boolean;
const afterRequest: Follow = (s, q, end) =>
  q + 2 < end && s.charCodeAt(q + 1) === SPACE && isDigit(s.charCodeAt(q + 2));
const afterReferer: Follow = (s, q, end) =>
  q + 2 < end && s.charCodeAt(q + 1) === SPACE && s.charCodeAt(q + 2) === QUOTE;
const afterAgent: Follow = (s, q, end) => q + 1 === end || s.charCodeAt(q + 1) === SPACE;

/** Index of the quote closing a field that starts at `from`, or -1. */
function closingQuote(s: string, from: number, end: number, follows: Follow): number {
  for (let q = s.indexOf('"', from); q >= 0 && q < end; q = s.indexOf('"', q + 1)) {
    if (!escaped(s, q, from) && follows(s, q, end)) {
      return q;
    }
  }
  return -1;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', b: '\b', f: '\f' };

const isHex = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
const isLineBreak = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/**
 * Undoes Apache's escaping (`\"`, `\\`, `\xhh`, `\n` …) in one pass over the runs between backslashes
 * (a callback per escape costs an allocation each: a field of 100,000 escapes took 20× longer per byte).
 */
function unescapeField(s: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let i = s.indexOf('\\'); i >= 0 && i + 1 < s.length; i = s.indexOf('\\', i + 1)) {
    const e = s.charCodeAt(i + 1);
    if (i < from || isLineBreak(e)) {
      continue; // an escaped backslash's second half, or not an escape (the backslash stays)
    }
    parts.push(s.slice(from, i));
    if (e === 120 /* x */ && isHex(s.charCodeAt(i + 2)) && isHex(s.charCodeAt(i + 3))) {
      parts.push(String.fromCharCode(parseInt(s.slice(i + 2, i + 4), 16)));
      from = i + 4;
    } else {
      const c = s[i + 1];
      parts.push(ESCAPES[c] ?? c);
      from = i + 2;
    }
  }
  parts.push(s.slice(from));
  return parts.join('');
}

/** A field value: '-' means empty; unescape only when the line has a backslash somewhere. */
function field(s: string, start: number, end: number, hasEscapes: boolean): string {
  if (end - start === 1 && s.charCodeAt(start) === DASH) {
    return '';
  }
  const v = s.slice(start, end);
  return hasEscapes ? unescapeField(v) : v;
}

/**
 * Parses one line into `out` (reused across calls to spare allocations; unspecified after a failure).
 * Returns null on success or the failing part; never throws. Trailing CR/whitespace is ignored.
 */
export function parseLogLine(line: string, out: LogRecord): ParseFailure | null {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) <= SPACE) {
    end--;
  }
  if (end === 0) {
    return 'empty';
  }
  const hostEnd = line.indexOf(' ');
  if (hostEnd <= 0 || hostEnd >= end) {
    return 'host';
  }
  const bracket = line.indexOf(' [', hostEnd);
  const identEnd = line.indexOf(' ', hostEnd + 1);
  if (bracket < 0 || bracket >= end || identEnd <= hostEnd + 1 || identEnd >= bracket) {
    return 'ident';
  }
  const t = bracket + 2;
  const time = parseApacheTime(line, t);
  const afterTime = t + APACHE_TIME_LENGTH;
  if (time !== time || line.charCodeAt(afterTime) !== CLOSE_BRACKET) {
    return 'time';
  }
  if (line.charCodeAt(afterTime + 1) !== SPACE || line.charCodeAt(afterTime + 2) !== QUOTE) {
    return 'request';
  }
  const reqStart = afterTime + 3;
  const reqEnd = closingQuote(line, reqStart, end, afterRequest);
  if (reqEnd < 0) {
    return 'request';
  }
  let p = reqEnd + 2;
  let status = 0;
  for (; p < end && isDigit(line.charCodeAt(p)); p++) {
    status = status * 10 + line.charCodeAt(p) - 48;
  }
  if (p !== reqEnd + 5 || line.charCodeAt(p) !== SPACE) {
    return 'status';
  }
  p++;
  let bytes = -1;
  if (line.charCodeAt(p) === DASH && (p + 1 === end || line.charCodeAt(p + 1) === SPACE)) {
    p++;
  } else {
    const b0 = p;
    bytes = 0;
    for (; p < end && isDigit(line.charCodeAt(p)); p++) {
      bytes = bytes * 10 + line.charCodeAt(p) - 48;
    }
    if (p === b0 || (p < end && line.charCodeAt(p) !== SPACE)) {
      return 'bytes';
    }
  }

  const backslash = line.indexOf('\\', hostEnd);
  const hasEscapes = backslash >= 0 && backslash < end;
  out.host = line.slice(0, hostEnd);
  out.ident = field(line, hostEnd + 1, identEnd, hasEscapes);
  out.user = field(line, identEnd + 1, bracket, hasEscapes);
  out.time = time;
  out.request = field(line, reqStart, reqEnd, hasEscapes);
  out.status = status;
  out.bytes = bytes;
  out.truncated = false;
  if (p === end) {
    out.format = 'common';
    out.referer = '';
    out.userAgent = '';
    return null;
  }
  if (line.charCodeAt(p + 1) !== QUOTE) {
    return 'format';
  }
  const refStart = p + 2;
  const refEnd = closingQuote(line, refStart, end, afterReferer);
  if (refEnd < 0) {
    return 'referer';
  }
  const uaStart = refEnd + 3;
  let uaEnd = closingQuote(line, uaStart, end, afterAgent);
  if (uaEnd < 0) {
    uaEnd = end;
    out.truncated = true;
  }
  out.format = 'combined';
  out.referer = field(line, refStart, refEnd, hasEscapes);
  out.userAgent = field(line, uaStart, uaEnd, hasEscapes);
  return null;
}

/** Parses one line into a fresh record, or returns the failing part. */
export function parseLine(line: string): LogRecord | ParseFailure {
  const r = newLogRecord();
  return parseLogLine(line, r) ?? r;
}

/** Splits a request line into method, path and protocol ('' where absent, e.g. for `-`). */
export function splitRequest(request: string): { method: string; path: string; protocol: string } {
  const a = request.indexOf(' ');
  if (a < 0) {
    return { method: '', path: request, protocol: '' };
  }
  const b = request.lastIndexOf(' ');
  return b > a
    ? { method: request.slice(0, a), path: request.slice(a + 1, b), protocol: request.slice(b + 1) }
    : { method: request.slice(0, a), path: request.slice(a + 1), protocol: '' };
}
