// Build-time: the IP→country files operators have → sorted, non-overlapping ranges per address family, what
// the files say about themselves (product, date, licence) and every line that could not be read. Pure: text
// in (geo-node.ts reads files, zips and gzip).
//
// Formats are recognised by their header row, not by file name:
//  - MaxMind GeoLite2 / GeoIP2 Country CSV: `…-Blocks-IPv4.csv` and `…-Blocks-IPv6.csv` (`network,geoname_id,…`),
//    joined on geoname_id with `…-Locations-en.csv` (`geoname_id,…,country_iso_code,…`);
//  - DB-IP "IP to Country Lite" and any `start,end,country` CSV: addresses (IPv4 or IPv6) or integers, inclusive
//    ends, optional header row, double quotes, `#` comments; further columns are ignored.
// A row without a country (empty, `-`, DB-IP's `ZZ`, a MaxMind network without a location) is skipped, not an
// error. Overlaps inside one file are refused unless both sides name the same country; a later file overrides
// earlier ones where they overlap (own ranges for internal networks after a GeoLite2 zip).

import { parseIPv4, parseIPv6Groups } from '../src/geo/ip';

export interface IpRange {
  start: bigint;
  end: bigint;
  country: string;
}

/** v4: 32-bit addresses; v6: full 128-bit addresses. Each sorted by start, non-overlapping. */
export interface RangeLists {
  v4: IpRange[];
  v6: IpRange[];
}

export interface InputFile {
  /** Path, or zip path + entry: named in messages; MaxMind's and DB-IP's names carry product and date. */
  name: string;
  text: string;
  /** The file's modification date (YYYY-MM-DD): its date when neither its name nor the caller gives one. */
  modified?: string;
}

export interface LineProblem {
  file: string;
  line: number;
  reason: string;
}

export interface Imported {
  lists: RangeLists;
  /** e.g. "GeoLite2 Country", "DB-IP IP to Country Lite", "ranges.csv"; several joined with " + ". */
  source: string;
  /** The oldest of the files' dates: the table is at least that old. */
  date: string;
  /** The notices the sources' licences ask for ('' for a plain CSV, whose licence only its owner knows). */
  attribution: string;
  /** Rows read as ranges with a country. */
  ranges: number;
  /** Rows skipped because they name no country. */
  noCountry: number;
  malformed: number;
  /** The first {@link MAX_PROBLEMS} malformed lines. */
  problems: LineProblem[];
  /** Files whose date is their modification time (their names carry none). */
  undated: string[];
  /** Files whose licence is not known (plain CSVs). */
  unlicensed: string[];
  /** Where a later file overrode an earlier one. */
  notes: string[];
}

export const MAX_PROBLEMS = 10;
const MAX_V4 = BigInt(0xffffffff);
const MAX_V6 = (BigInt(1) << BigInt(128)) - BigInt(1);
/** ::ffff:0:0/96: IPv4-mapped addresses, which the lookup answers from the IPv4 table. */
const V4_MAPPED = BigInt(0xffff) << BigInt(32);

const ATTRIBUTIONS = {
  GeoLite2:
    'This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com ' +
    '(GeoLite2 End User License Agreement: https://www.maxmind.com/en/geolite2/eula).',
  GeoIP2: 'This product includes GeoIP2 data created by MaxMind, available from https://www.maxmind.com.',
  'DB-IP':
    'IP Geolocation by DB-IP (https://db-ip.com), licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).',
};

/** Splits one RFC 4180 line (quotes, doubled quotes inside them); null when a quote is left open. Linear time. */
export function splitCsvLine(line: string): string[] | null {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    while (line.charCodeAt(i) === 32) {
      i++;
    }
    if (line.charCodeAt(i) === 34 /* " */) {
      let cell = '';
      for (i++; ;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          return null;
        }
        cell += line.slice(i, q);
        i = q + 1;
        if (line.charCodeAt(i) !== 34) {
          break;
        }
        cell += '"';
        i++;
      }
      cells.push(cell.trim());
      while (line.charCodeAt(i) === 32) {
        i++;
      }
      if (i >= line.length) {
        return cells;
      }
      if (line.charCodeAt(i) !== 44 /* , */) {
        return null;
      }
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        cells.push(line.slice(i).trim());
        return cells;
      }
      cells.push(line.slice(i, comma).trim());
      i = comma + 1;
    }
  }
}

/** An address as a number: IPv4 (32-bit) or IPv6 (128-bit). */
interface Address {
  v6: boolean;
  value: bigint;
}

function parseAddress(s: string): Address | null {
  const v4 = parseIPv4(s);
  if (v4 >= 0) {
    return { v6: false, value: BigInt(v4) };
  }
  const groups = parseIPv6Groups(s);
  if (!groups) {
    return null;
  }
  let value = BigInt(0);
  for (const g of groups) {
    value = (value << BigInt(16)) | BigInt(g);
  }
  return { v6: true, value };
}

const INTEGER = /^\d{1,39}$/;

/** `start,end` as addresses of one family, or integers (IPv4 when the end fits 32 bits, else IPv6). */
function parseBounds(a: string, b: string): { v6: boolean; start: bigint; end: bigint } | string {
  if (INTEGER.test(a) && INTEGER.test(b)) {
    const start = BigInt(a);
    const end = BigInt(b);
    if (end > MAX_V6) {
      return 'integer beyond the IPv6 space';
    }
    return { v6: end > MAX_V4, start, end };
  }
  const s = parseAddress(a);
  if (!s) {
    return `start "${a}" is not an IP address`;
  }
  const e = parseAddress(b);
  if (!e || e.v6 !== s.v6) {
    return `end "${b}" is not an ${s.v6 ? 'IPv6' : 'IPv4'} address`;
  }
  return { v6: s.v6, start: s.value, end: e.value };
}

/** A CIDR network (`1.2.3.0/24`, `2001:db8::/32`) as its first and last address. */
function parseNetwork(s: string): { v6: boolean; start: bigint; end: bigint } | string {
  const slash = s.indexOf('/');
  const addr = slash < 0 ? null : parseAddress(s.slice(0, slash));
  const bits = slash < 0 ? NaN : Number(s.slice(slash + 1));
  if (
    !addr ||
    !Number.isInteger(bits) ||
    bits < 0 ||
    bits > (addr.v6 ? 128 : 32) ||
    !/^\d+$/.test(s.slice(slash + 1))
  ) {
    return `network "${s}" is not address/prefix`;
  }
  const size = BigInt(1) << BigInt((addr.v6 ? 128 : 32) - bits);
  if (addr.value % size !== BigInt(0)) {
    return `network "${s}" has host bits set`;
  }
  return { v6: addr.v6, start: addr.value, end: addr.value + size - BigInt(1) };
}

/** '' for "no country"; the upper-case code; or null when it is not a two-letter code. */
function normaliseCountry(c: string): string | null {
  const u = c.toUpperCase();
  if (u === '' || u === '-' || u === 'ZZ') {
    return '';
  }
  return /^[A-Z]{2}$/.test(u) ? u : null;
}

interface Row extends IpRange {
  line: number;
}

/** One input file's rows, per family, with what its name says about it. */
interface FileRows {
  name: string;
  v4: Row[];
  v6: Row[];
  /** The data product ("GeoLite2 Country") and its key into ATTRIBUTIONS, or the file's own name. */
  product: string;
  licence?: keyof typeof ATTRIBUTIONS;
  date?: string;
  dateFromName: boolean;
}

const MAXMIND_NAME = /(GeoLite2|GeoIP2)-(Country|City)/i;
const MAXMIND_DATE = /(?:GeoLite2|GeoIP2)-[A-Za-z-]*CSV_(\d{4})(\d{2})(\d{2})/i;
const DBIP_NAME = /dbip-country-lite-(\d{4}-\d{2})/i;

function identify(file: InputFile, kind: 'blocks' | 'ranges'): Omit<FileRows, 'v4' | 'v6'> {
  const base = file.name.split(/[\\/]/).pop() ?? file.name;
  const maxmind = kind === 'blocks' ? MAXMIND_NAME.exec(file.name) : null;
  const dbip = kind === 'ranges' ? DBIP_NAME.exec(base) : null;
  const named = MAXMIND_DATE.exec(file.name);
  if (maxmind) {
    const product = maxmind[1].toLowerCase() === 'geoip2' ? 'GeoIP2' : 'GeoLite2';
    const date = named ? `${named[1]}-${named[2]}-${named[3]}` : undefined;
    return { name: file.name, product: `${product} ${maxmind[2]}`, licence: product, date, dateFromName: !!date };
  }
  if (kind === 'blocks') {
    return { name: file.name, product: 'MaxMind CSV', dateFromName: false };
  }
  if (dbip) {
    return {
      name: file.name,
      product: 'DB-IP IP to Country Lite',
      licence: 'DB-IP',
      date: dbip[1],
      dateFromName: true,
    };
  }
  return { name: file.name, product: base, dateFromName: false };
}

/** Line-by-line reading with problems counted; `row` returns a reason string for a malformed line. */
class Reader {
  malformed = 0;
  noCountry = 0;
  ranges = 0;
  readonly problems: LineProblem[] = [];

  bad(file: string, line: number, reason: string): void {
    this.malformed++;
    if (this.problems.length < MAX_PROBLEMS) {
      this.problems.push({ file, line, reason });
    }
  }

  /** Adds a range to its family, counting it; IPv4-mapped IPv6 ranges go to IPv4, as the lookup reads them. */
  add(out: FileRows, line: number, v6: boolean, start: bigint, end: bigint, country: string): string | undefined {
    if (end < start) {
      return 'end is before start';
    }
    if (country === '') {
      this.noCountry++;
      return undefined;
    }
    if (v6 && start >= V4_MAPPED && end <= V4_MAPPED + MAX_V4) {
      out.v4.push({ start: start - V4_MAPPED, end: end - V4_MAPPED, country, line });
    } else {
      (v6 ? out.v6 : out.v4).push({ start, end, country, line });
    }
    this.ranges++;
    return undefined;
  }
}

function lines(text: string): string[] {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
}

/** Each non-blank row of a MaxMind file after its header, split (null: broken quoting), with its line number. */
function forEachMaxMindRow(file: InputFile, each: (cells: string[] | null, line: number) => void): void {
  let header = true;
  lines(file.text).forEach((raw, i) => {
    if (raw.trim() === '') {
      return;
    }
    if (header) {
      header = false;
      return;
    }
    each(splitCsvLine(raw), i + 1);
  });
}

type Kind = 'blocks' | 'locations' | 'ranges';

/** The file's kind and, for MaxMind files, its header's column indexes. */
function classify(text: string): { kind: Kind; columns: Map<string, number> } {
  const first = lines(text.slice(0, 4096)).find((l) => l.trim() !== '') ?? '';
  const cells = splitCsvLine(first) ?? [];
  const columns = new Map(cells.map((c, i) => [c.toLowerCase(), i]));
  if (columns.has('network') && columns.has('geoname_id')) {
    return { kind: 'blocks', columns };
  }
  if (columns.has('geoname_id') && columns.has('country_iso_code')) {
    return { kind: 'locations', columns };
  }
  return { kind: 'ranges', columns };
}

function readLocations(file: InputFile, columns: Map<string, number>, into: Map<string, string>, r: Reader): void {
  const id = columns.get('geoname_id')!;
  const code = columns.get('country_iso_code')!;
  forEachMaxMindRow(file, (cells, line) => {
    const country = cells && cells.length > Math.max(id, code) ? normaliseCountry(cells[code]) : null;
    if (!cells || country === null || !/^\d+$/.test(cells[id])) {
      r.bad(file.name, line, 'not a Locations row (geoname_id,…,country_iso_code,…)');
      return;
    }
    into.set(cells[id], country);
  });
}

function readBlocks(
  file: InputFile,
  columns: Map<string, number>,
  locations: Map<string, string>,
  r: Reader
): FileRows {
  const out: FileRows = { ...identify(file, 'blocks'), v4: [], v6: [] };
  const net = columns.get('network')!;
  const id = columns.get('geoname_id')!;
  forEachMaxMindRow(file, (cells, line) => {
    if (!cells || cells.length <= Math.max(net, id)) {
      r.bad(file.name, line, 'not a Blocks row (network,geoname_id,…)');
      return;
    }
    const range = parseNetwork(cells[net]);
    // No geoname_id: MaxMind knows no location (anonymous proxies, satellite providers), only a registered country.
    const country = cells[id] === '' ? '' : locations.get(cells[id]);
    const why =
      typeof range === 'string'
        ? range
        : country === undefined
          ? `geoname_id ${cells[id]} is not in the Locations file`
          : r.add(out, line, range.v6, range.start, range.end, country);
    if (why) {
      r.bad(file.name, line, why);
    }
  });
  return out;
}

function readRanges(file: InputFile, r: Reader): FileRows {
  const out: FileRows = { ...identify(file, 'ranges'), v4: [], v6: [] };
  let sawRow = false;
  lines(file.text).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      return;
    }
    // Only the first row may be a header.
    const firstRow = !sawRow;
    sawRow = true;
    const cells = splitCsvLine(line);
    if (!cells || cells.length < 3) {
      r.bad(file.name, i + 1, 'expected start,end,country');
      return;
    }
    const bounds = parseBounds(cells[0], cells[1]);
    if (typeof bounds === 'string' && firstRow && parseAddress(cells[0]) === null && !INTEGER.test(cells[0])) {
      return; // header
    }
    const country = normaliseCountry(cells[2]);
    const why =
      typeof bounds === 'string'
        ? bounds
        : country === null
          ? `country "${cells[2]}" is not a two-letter code`
          : r.add(out, i + 1, bounds.v6, bounds.start, bounds.end, country);
    if (why) {
      r.bad(file.name, i + 1, why);
    }
  });
  return out;
}

const byStart = (a: Row, b: Row) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.line - b.line);

function showRange(r: Row, v6: boolean): string {
  const show = (n: bigint) =>
    v6 ? n.toString(16) : [24, 16, 8, 0].map((s) => Number((n >> BigInt(s)) & BigInt(255))).join('.');
  return `line ${r.line} (${show(r.start)}–${show(r.end)} ${r.country})`;
}

/** Sorts one file's rows; merges overlaps that agree; refuses those that do not. */
function normalise(rows: Row[], file: string, v6: boolean): Row[] {
  const out: Row[] = [];
  const conflicts: string[] = [];
  let count = 0;
  for (const r of [...rows].sort(byStart)) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) {
      if (r.country === last.country) {
        if (r.end > last.end) {
          out[out.length - 1] = { ...last, end: r.end };
        }
      } else if (count++ < 5) {
        conflicts.push(`${showRange(last, v6)} and ${showRange(r, v6)}`);
      }
      continue;
    }
    out.push(r);
  }
  if (count > 0) {
    throw new Error(
      `${file}: ${count} overlapping range(s) with different countries, e.g. ${conflicts.join('; ')}. ` +
        'Fix the file, or put the exceptions in a separate file given after it (later files override earlier ones).'
    );
  }
  return out;
}

/** `top` over `base` (both sorted, non-overlapping): top's ranges win where they overlap. */
export function overlay(base: IpRange[], top: IpRange[]): { ranges: IpRange[]; overridden: number } {
  const out: IpRange[] = [];
  const b = base.slice();
  let i = 0;
  let overridden = 0;
  const one = BigInt(1);
  for (const t of top) {
    while (i < b.length && b[i].end < t.start) {
      out.push(b[i++]);
    }
    if (i < b.length && b[i].start < t.start) {
      out.push({ ...b[i], end: t.start - one });
      b[i] = { ...b[i], start: t.start };
    }
    while (i < b.length && b[i].start <= t.end) {
      overridden++;
      if (b[i].end <= t.end) {
        i++;
      } else {
        b[i] = { ...b[i], start: t.end + one };
        break;
      }
    }
    out.push(t);
  }
  while (i < b.length) {
    out.push(b[i++]);
  }
  return { ranges: out, overridden };
}

const strip = ({ start, end, country }: IpRange): IpRange => ({ start, end, country });

/** Reads the files (MaxMind's need their Locations file among them) into ranges. Throws on refused input. */
export function importRanges(files: InputFile[]): Imported {
  const r = new Reader();
  const classified = files.map((f) => ({ file: f, ...classify(f.text) }));
  const locations = new Map<string, string>();
  for (const c of classified) {
    if (c.kind === 'locations') {
      readLocations(c.file, c.columns, locations, r);
    }
  }
  const blocks = classified.filter((c) => c.kind === 'blocks');
  if (blocks.length > 0 && locations.size === 0) {
    throw new Error(
      `${blocks[0].file.name} is a MaxMind Blocks file: give its Locations file too (…-Locations-en.csv, or the zip)`
    );
  }
  const read = classified
    .filter((c) => c.kind !== 'locations')
    .map((c) => (c.kind === 'blocks' ? readBlocks(c.file, c.columns, locations, r) : readRanges(c.file, r)));

  if (r.ranges === 0) {
    throw new Error(`no IP ranges with a country in ${files.map((f) => f.name).join(', ')}`);
  }
  if (r.malformed > r.ranges) {
    const p = r.problems[0];
    throw new Error(
      `${r.malformed} of ${r.malformed + r.ranges} rows are malformed (first: ${p.file} line ${p.line}, ${p.reason}): ` +
        'is this a MaxMind Country CSV, a DB-IP Country Lite CSV or a start,end,country CSV?'
    );
  }

  const notes: string[] = [];
  const lists: RangeLists = { v4: [], v6: [] };
  for (const f of read) {
    for (const family of ['v4', 'v6'] as const) {
      const own = normalise(f[family], f.name, family === 'v6').map(strip);
      const { ranges, overridden } = overlay(lists[family], own);
      lists[family] = ranges;
      if (overridden > 0) {
        notes.push(
          `${f.name} overrides ${overridden} ${family === 'v4' ? 'IPv4' : 'IPv6'} range(s) of the files before it`
        );
      }
    }
  }

  const dates = read.map((f) => f.date ?? files.find((x) => x.name === f.name)?.modified);
  const unique = <T>(xs: T[]) => [...new Set(xs)];
  const licences = unique(read.flatMap((f) => (f.licence ? [f.licence] : [])));
  return {
    lists,
    source: unique(read.map((f) => f.product)).join(' + '),
    date: dates.filter((d): d is string => !!d).sort()[0] ?? '',
    attribution: licences.map((l) => ATTRIBUTIONS[l]).join(' '),
    ranges: r.ranges,
    noCountry: r.noCountry,
    malformed: r.malformed,
    problems: r.problems,
    undated: read.filter((f) => !f.date).map((f) => f.name),
    unlicensed: read.filter((f) => !f.licence).map((f) => f.name),
    notes,
  };
}
