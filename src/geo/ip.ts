// Textual IP address parsing into numbers, without allocating: the lookup runs once per log line,
// so it reads char codes instead of splitting strings or using regular expressions.
//
// Validity follows Node's `net.isIP` (which geoip-lite uses to decide whether it answers at all):
// IPv4 octets are 0–255 without leading zeros; IPv6 takes `::` compression, an embedded dotted IPv4
// tail and a `%zone` suffix.

/** Parses dotted-quad IPv4 in `s[start, end)`; returns the address as an unsigned 32-bit number, or -1. */
export function parseIPv4(s: string, start = 0, end = s.length): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || dots === 3) {
        return -1;
      }
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      const d = c - 48;
      // A leading zero is only allowed for the octet "0" itself, as in net.isIPv4.
      if (d < 0 || d > 9 || (digits > 0 && octet === 0)) {
        return -1;
      }
      octet = octet * 10 + d;
      if (octet > 255) {
        return -1;
      }
      digits++;
    }
  }
  if (dots !== 3 || digits === 0) {
    return -1;
  }
  return value * 256 + octet;
}

/**
 * Result of {@link parseIPv6}: the top 64 bits as two unsigned 32-bit halves (all geoip-lite compares),
 * or, for IPv4-mapped addresses (`::ffff:a.b.c.d`), the IPv4 address.
 */
export interface ParsedIPv6 {
  hi: number;
  lo: number;
  /** The IPv4 address when the input is IPv4-mapped (::ffff:0:0/96), else -1. */
  v4: number;
}

const groups = new Uint16Array(8);

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) {
    return c - 48;
  }
  const l = c | 32; // ASCII lower-case
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** A `%zone` suffix as net.isIPv6 takes it: one or more of [0-9A-Za-z.:-]. */
function validZone(s: string, from: number): boolean {
  if (from >= s.length) {
    return false;
  }
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const l = c | 32;
    if (!((c >= 48 && c <= 58) || (l >= 97 && l <= 122) || c === 45 || c === 46)) {
      return false;
    }
  }
  return true;
}

/** Parses an IPv6 address into `out`; returns false (leaving `out` unspecified) when it is not valid. */
export function parseIPv6(s: string, out: ParsedIPv6): boolean {
  let end = s.indexOf('%');
  if (end < 0) {
    end = s.length;
  } else if (end === 0 || !validZone(s, end + 1)) {
    return false;
  }
  let n = 0; // groups written
  let gap = -1; // group index where '::' sits
  let i = 0;
  if (s.charCodeAt(0) === 58 /* : */) {
    if (s.charCodeAt(1) !== 58) {
      return false;
    }
    gap = 0;
    i = 2;
    if (i === end) {
      groups.fill(0);
      return finish(out, -1);
    }
  }
  let v4 = -1;
  while (i < end) {
    let value = 0;
    let len = 0;
    let j = i;
    for (; j < end && len <= 4; j++) {
      const d = hexDigit(s.charCodeAt(j));
      if (d < 0) {
        break;
      }
      value = value * 16 + d;
      len++;
    }
    if (len === 0 || len > 4) {
      return false;
    }
    if (j < end && s.charCodeAt(j) === 46 /* . */) {
      // Dotted IPv4 tail: it fills the last two groups and must end the address.
      v4 = parseIPv4(s, i, end);
      if (v4 < 0 || n > 6) {
        return false;
      }
      groups[n++] = v4 >>> 16;
      groups[n++] = v4 & 0xffff;
      i = end;
      break;
    }
    if (n === 8) {
      return false;
    }
    groups[n++] = value;
    if (j === end) {
      i = end;
      break;
    }
    if (s.charCodeAt(j) !== 58) {
      return false;
    }
    if (s.charCodeAt(j + 1) === 58) {
      if (gap >= 0) {
        return false;
      }
      gap = n;
      i = j + 2;
    } else {
      i = j + 1;
      if (i === end) {
        return false; // trailing single ':'
      }
    }
  }
  if (gap < 0) {
    if (n !== 8) {
      return false;
    }
  } else {
    if (n > 7) {
      return false;
    }
    // Shift the groups after '::' to the end and zero the gap.
    const tail = n - gap;
    for (let k = 0; k < tail; k++) {
      groups[7 - k] = groups[n - 1 - k];
    }
    groups.fill(0, gap, 8 - tail);
  }
  return finish(out, v4);
}

const scratch: ParsedIPv6 = { hi: 0, lo: 0, v4: -1 };

/** True for a textual IPv4 or IPv6 address, as the lookup reads it. */
export function isIPAddress(s: string): boolean {
  return parseIPv4(s) >= 0 || parseIPv6(s, scratch);
}

/** All eight 16-bit groups of an IPv6 address (for build steps that need the low 64 bits too), or null. */
export function parseIPv6Groups(s: string): Uint16Array | null {
  return parseIPv6(s, scratch) ? groups.slice() : null;
}

function finish(out: ParsedIPv6, v4tail: number): boolean {
  out.hi = (groups[0] * 0x10000 + groups[1]) >>> 0;
  out.lo = (groups[2] * 0x10000 + groups[3]) >>> 0;
  const mapped = out.hi === 0 && out.lo === 0 && groups[4] === 0 && groups[5] === 0xffff;
  out.v4 = mapped ? (v4tail >= 0 ? v4tail : groups[6] * 0x10000 + groups[7]) : -1;
  return true;
}
