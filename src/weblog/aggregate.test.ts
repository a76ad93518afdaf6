import fc from 'fast-check';

import { GeoTable } from '../geo/table';
import { Aggregator, capNotes, MAX_CATEGORIES, WeblogAggregate } from './aggregate';
import { BUCKET_MS, BUCKETS, bucketCount } from './buckets';
import { readApacheLines } from '../../tests/fixture-data';
import { growth, HOSTILE_PIECES, LINEAR_GROWTH_LIMIT, repeatTo } from '../../tests/linear';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const lines = readApacheLines();

// 1.0.0.0/8 → AU, 2.0.0.0/8 → FR, 2001:db8::/32 → DE.
const geo = new GeoTable({
  date: '2020-01-01',
  source: 'test',
  attribution: '',
  countries: ['', 'AU', 'DE', 'FR'],
  v4Start: Uint32Array.from([0, 0x01000000, 0x02000000, 0x03000000]),
  v4Country: Uint8Array.from([0, 1, 3, 0]),
  v6Hi: Uint32Array.from([0, 0x20010db8, 0x20010db9]),
  v6Lo: Uint32Array.from([0, 0, 0]),
  v6Country: Uint8Array.from([0, 2, 0]),
});

const T0 = Date.UTC(2015, 4, 17, 10, 0, 0);
const line = (ip: string, min: number, status = 200, ua = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/30.0') => {
  const d = new Date(T0 + min * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const month = ['Apr', 'May', 'Jun', 'Jul'][d.getUTCMonth() - 3];
  return `${ip} - - [${p(d.getUTCDate())}/${month}/2015:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:00 +0000] "GET / HTTP/1.1" ${status} 1 "-" "${ua}"`;
};

const series = (r: WeblogAggregate, dim: keyof WeblogAggregate['by']) =>
  Object.fromEntries(r.by[dim].map((b) => [b.key, Array.from(b.counts)]));

describe('Aggregator', () => {
  it('counts every line of the sample, in hourly buckets by default', () => {
    const a = new Aggregator({ geo });
    a.add(lines, 1);
    const r = a.result();
    expect(r.stats).toMatchObject({ lines: 10000, parsed: 10000, rejected: 0, truncated: 1 });
    expect(r.stats.truncatedSamples[0].line).toBe(8899);
    expect(r.bucket).toBe('1h'); // 17 May 10:05 → 20 May 21:05: 84 hours fit 500 buckets, 5-minute ones don't
    expect(r.times.length).toBe(84);
    const sum = (xs: Float64Array) => xs.reduce((s, x) => s + x, 0);
    expect(sum(r.total)).toBe(10000);
    for (const dim of ['country', 'browser', 'status', 'device'] as const) {
      expect(r.by[dim].reduce((s, b) => s + b.total, 0)).toBe(10000);
    }
    expect(series(r, 'status')['5xx'].reduce((s, x) => s + x, 0)).toBe(3);
    expect(sum(r.bots)).toBeGreaterThan(1000);
  });

  it('gives the same result whatever the chunking, and auto equals the width it picks', () => {
    const whole = new Aggregator({ geo });
    whole.add(lines);
    const chunked = new Aggregator({ geo });
    for (let i = 0; i < lines.length; i += 777) {
      chunked.add(lines.slice(i, i + 777), i + 1);
    }
    const fixed = new Aggregator({ geo, bucket: '1h' });
    fixed.add(lines);
    expect(chunked.result()).toEqual(whole.result());
    expect(fixed.result()).toEqual(whole.result());
  });

  it('buckets by fixed widths aligned to UTC, filling gaps with 0', () => {
    const a = new Aggregator({ geo, bucket: '5m' });
    a.add([line('1.1.1.1', 1), line('2.2.2.2', 4), line('1.1.1.1', 16, 404), line('9.9.9.9', 16, 503)]);
    const r = a.result();
    expect(Array.from(r.times)).toEqual([0, 5, 10, 15].map((m) => T0 + m * 60_000));
    expect(Array.from(r.total)).toEqual([2, 0, 0, 2]);
    expect(series(r, 'country')).toEqual({ AU: [1, 0, 0, 1], FR: [1, 0, 0, 0], '': [0, 0, 0, 1] });
    expect(series(r, 'status')).toEqual({ '2xx': [2, 0, 0, 0], '4xx': [0, 0, 0, 1], '5xx': [0, 0, 0, 1] });
    expect(r.bucketMs).toBe(BUCKET_MS['5m']);
  });

  it('coarsens auto buckets as the span grows, exactly', () => {
    const day = 24 * 60;
    const input = [line('1.1.1.1', 0), line('1.1.1.1', 3 * day), line('2.2.2.2', 40 * day), line('1.1.1.1', 7)];
    const auto = new Aggregator({ geo });
    auto.add(input);
    const r = auto.result();
    expect(r.bucket).toBe('4h');
    const fixed = new Aggregator({ geo, bucket: '4h' });
    fixed.add(input);
    expect(r).toEqual(fixed.result());
    expect(r.total[0]).toBe(2);
  });

  it('reports rejected lines with their numbers, and counts blank lines as rejected', () => {
    const a = new Aggregator({ geo, maxSamples: 2 });
    a.add([line('1.1.1.1', 0), 'garbage', '', line('1.1.1.1', 1)], 100);
    a.add(['x y [bad'], 200);
    const s = a.result().stats;
    expect(s).toMatchObject({ lines: 5, parsed: 2, rejected: 3, rejectedBy: { host: 1, empty: 1, ident: 1 } });
    expect(s.samples).toEqual([
      { line: 101, reason: 'host', text: 'garbage' },
      { line: 102, reason: 'empty', text: '' },
    ]);
  });

  it('takes rows with IP and time (and optional agent and status)', () => {
    const a = new Aggregator({ geo, bucket: '1h' });
    a.addRows({
      time: [T0, T0 + 1000, T0 + 3_600_000, NaN],
      ip: ['1.2.3.4', '2001:db8::5', null, '1.1.1.1'],
      status: [200, '500', 301, 200],
    });
    const r = a.result();
    expect(series(r, 'country')).toEqual({ AU: [1, 0], DE: [1, 0], '': [0, 1] });
    expect(series(r, 'status')).toEqual({ '2xx': [1, 0], '3xx': [0, 1], '5xx': [1, 0] });
    expect(r.by.browser).toEqual([]);
    expect(r.stats).toMatchObject({ lines: 4, parsed: 3, rejected: 1, rejectedBy: { time: 1 } });
  });

  it('takes counts aggregated upstream per country', () => {
    const a = new Aggregator({ bucket: '1d' });
    a.addCounts({
      time: [T0, T0 + 60_000, T0 + 86_400_000, T0],
      country: ['us', 'US', '-', 'FR'],
      count: [10, 5, 7, -1],
    });
    const r = a.result();
    expect(series(r, 'country')).toEqual({ US: [15, 0], '': [0, 7] });
    expect(Array.from(r.total)).toEqual([15, 7]);
    expect(r.times[0]).toBe(Date.UTC(2015, 4, 17));
    expect(r.stats.rejectedBy).toEqual({ count: 1 });
  });

  it('takes counts keyed by alpha-3, numeric or name; unknown keys are counted as unknown and reported', () => {
    const a = new Aggregator({ bucket: '1d' });
    a.addCounts({
      time: [T0, T0, T0, T0, T0, T0, T0],
      // as Alloy's geoip stage names them (geoip_country_name), and other spellings of the same countries
      country: ['United States', 'USA', '840', 'Germany', 'DEU', 'Atlantis', 'Atlantis'],
      count: [1, 2, 4, 8, 16, 32, 64],
    });
    const r = a.result();
    expect(series(r, 'country')).toEqual({ US: [7], DE: [24], '': [96] });
    expect(r.stats.unknownKeys).toEqual({ requests: 96, keys: [{ key: 'Atlantis', requests: 96 }], more: false });
    expect(capNotes(r.stats)).toEqual([
      '96 requests under country keys that name no country ("Atlantis") counted as Unknown',
    ]);
  });

  it('reports at most 10 distinct unknown keys, yet counts every request under any of them', () => {
    const a = new Aggregator({ bucket: '1d' });
    const keys = Array.from({ length: 10_000 }, (_, i) => `nowhere ${i}`);
    a.addCounts({ time: keys.map(() => T0), country: keys, count: keys.map(() => 1) });
    const u = a.result().stats.unknownKeys;
    expect(u.requests).toBe(10_000);
    expect(u.keys.map((k) => k.key)).toEqual(keys.slice(0, 10));
    expect(u.more).toBe(true);
  });

  it('counts every aggregated request once whatever its country key (property)', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('FR', 'fra', '250', 'France', 'Ivory Coast', '-', '', 'other'));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.nat(1000)), { maxLength: 40 }), (rows) => {
        const a = new Aggregator({ bucket: '1d' });
        a.addCounts({ time: rows.map(() => T0), country: rows.map(([k]) => k), count: rows.map(([, n]) => n) });
        const r = a.result();
        const sum = rows.reduce((s, [, n]) => s + n, 0);
        const byCountry = r.by.country.reduce((s, c) => s + c.total, 0);
        return (rows.length === 0 || r.total[0] === sum) && byCountry === sum && r.stats.unknownKeys.requests <= sum;
      })
    );
  });

  it('accounts for every line of arbitrary input without throwing', () => {
    const real = fc.constantFrom(...lines.slice(0, 50));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), real), { maxLength: 30 }), (input) => {
        const a = new Aggregator({ geo });
        a.add(input);
        const s = a.result().stats;
        return s.lines === input.length && s.parsed + s.rejected === s.lines;
      }),
      { numRuns: 500 }
    );
  });

  it('auto buckets equal fixed buckets of the width auto picks, for any times and budget', () => {
    const times = fc.array(fc.integer({ min: 0, max: 200 * 86_400_000 }), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(times, fc.integer({ min: 1, max: 50 }), (ts, maxBuckets) => {
        const auto = new Aggregator({ maxBuckets });
        auto.addRows({ time: ts.map((t) => T0 + t) });
        const r = auto.result();
        const fixed = new Aggregator({ bucket: r.bucket });
        fixed.addRows({ time: ts.map((t) => T0 + t) });
        expect(r).toEqual(fixed.result());
        // The pick is the finest width that fits (or 1d when none does).
        const [min, max] = [T0 + Math.min(...ts), T0 + Math.max(...ts)];
        expect(r.times.length <= maxBuckets || r.bucket === '1d').toBe(true);
        const finer = BUCKETS[BUCKETS.indexOf(r.bucket) - 1];
        if (finer) {
          expect(bucketCount(min, max, BUCKET_MS[finer])).toBeGreaterThan(maxBuckets);
        }
      }),
      { numRuns: 300 }
    );
  });

  it('returns an empty aggregate before any input', () => {
    const r = new Aggregator().result();
    expect(r.times.length).toBe(0);
    expect(r.by.country).toEqual([]);
    expect(r).toMatchObject({ end: NaN, partial: false });
  });

  describe('the partial last bucket', () => {
    const hour = 3_600_000;

    it('the sample ends at 21:05:59: its 21:00 bucket is partial', () => {
      const a = new Aggregator({ geo });
      a.add(lines);
      const r = a.result();
      expect(r.times.at(-1)).toBe(Date.UTC(2015, 4, 20, 21));
      expect(r).toMatchObject({ partial: true, end: Date.UTC(2015, 4, 20, 21, 6) });
    });

    it('requests cover one second past the last request time', () => {
      const a = new Aggregator({ bucket: '1h' });
      a.add([line('1.2.3.4', 0), line('1.2.3.4', 90)]);
      expect(a.result()).toMatchObject({ partial: true, end: T0 + 90 * 60_000 + 1000 });
      // A request in the bucket's last second completes it.
      a.add([line('1.2.3.4', 119).replace(':59:00 ', ':59:59 ')]);
      expect(a.result()).toMatchObject({ partial: false, end: T0 + 2 * hour });
      // Rows alike; a later bucket with a single early request is partial again.
      a.addRows({ time: [T0 + 2 * hour + 5000] });
      expect(a.result()).toMatchObject({ partial: true, end: T0 + 2 * hour + 6000 });
      expect(a.result().times.length).toBe(3);
    });

    it('counts cover their step: upstream buckets of the same width are complete, finer ones tell', () => {
      const hourly = new Aggregator({ bucket: '1h' });
      hourly.addCounts({ time: [T0, T0 + hour, T0 + 2 * hour], country: ['US', 'US', 'DE'], count: [5, 6, 7] });
      expect(hourly.result()).toMatchObject({ partial: false, end: T0 + 3 * hour });

      const fiveMin = new Aggregator({ bucket: '1h' });
      const times = Array.from({ length: 20 }, (_, i) => T0 + i * 300_000); // 10:00 → 11:35
      fiveMin.addCounts({ time: times, country: times.map(() => 'FR'), count: times.map(() => 1) });
      expect(fiveMin.result()).toMatchObject({ partial: true, end: T0 + hour + 40 * 60_000 });

      const single = new Aggregator({ bucket: '1h' });
      single.addCounts({ time: [T0 + 60_000], country: ['US'], count: [3] });
      expect(single.result()).toMatchObject({ partial: false, end: T0 + hour });
    });
  });

  describe('hostile input', () => {
    const DAY = 86_400_000;
    const at = (ms: number) => {
      const d = new Date(T0 + ms);
      const p = (n: number) => String(n).padStart(2, '0');
      const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
        d.getUTCMonth()
      ];
      return `${p(d.getUTCDate())}/${month}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
    };
    const request = (ms: number, ua: string, ip = '1.2.3.4') =>
      `${ip} - - [${at(ms)}] "GET / HTTP/1.1" 200 1 "-" "${ua}"`;
    const browsers = (r: WeblogAggregate) => Object.fromEntries(r.by.browser.map((b) => [b.key, b.total]));
    const sum = (r: WeblogAggregate, dim: keyof WeblogAggregate['by']) => r.by[dim].reduce((s, b) => s + b.total, 0);

    it('counts a line in CPU time linear in its length, whatever its agent repeats', () => {
      const pieces = fc
        .array(fc.constantFrom(...HOSTILE_PIECES), { minLength: 1, maxLength: 6 })
        .map((a) => a.join(''));
      fc.assert(
        fc.property(pieces, (unit) => {
          const g = growth(
            (n) => request(0, repeatTo(unit, n) + ' crawl'),
            (l) => new Aggregator({ geo }).add([l]),
            512 // 16× is 8 KB, the agent cap
          );
          expect(g).toBeLessThan(LINEAR_GROWTH_LIMIT);
        }),
        { numRuns: 20 }
      );
    });

    it('cuts lines over 64 KB and agents over 8 KB, and counts both', () => {
      const a = new Aggregator({ geo });
      const longAgent = request(0, 'Mozilla/5.0 ' + 'x'.repeat(9000));
      const longLine = request(0, 'Mozilla/5.0 ' + 'y'.repeat(70_000));
      const longUrl = request(0, 'ok').replace('GET /', 'GET /' + 'z'.repeat(70_000));
      a.add([longAgent, longLine, longUrl, request(0, 'ok')]);
      const s = a.result().stats;
      // The long line keeps its request (cut inside the agent: an agent cut short, and still over 8 KB);
      // the line cut inside its URL no longer parses and is rejected with a reason.
      expect(s).toMatchObject({ lines: 4, parsed: 3, rejected: 1, longLines: 2, longAgents: 2, truncated: 1 });
      expect(s.rejectedBy).toEqual({ request: 1 });
      expect(s.samples[0].text.length).toBe(300);
    });

    it('keeps the top names by volume, ties by name whatever the input order, the rest in Other', () => {
      const names = ['Delta', 'Alpha', 'Echo', 'Charlie'];
      const input = names.flatMap((name, i) =>
        Array.from({ length: i < 3 ? 5 : 2 }, () => request(0, `${name}/1.0 (bot)`))
      );
      // Counts: Delta, Alpha, Echo 5 each, Charlie 2. Keep 2: the tie at 5 goes by name.
      for (const order of [input, [...input].reverse()]) {
        const a = new Aggregator({ maxCategories: 2 });
        a.add(order);
        const r = a.result();
        expect(browsers(r)).toEqual({ Alpha: 5, Delta: 5, Other: 7 });
        expect(r.by.browser.map((b) => b.key)).toEqual(['Other', 'Alpha', 'Delta']);
        expect(r.stats.folded).toEqual({ browser: { names: 2, approximate: false, requests: 7 } });
      }
    });

    it('never drops a request and never loses a name heavier than N / capacity, for any stream of names', () => {
      const stream = fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 400 });
      fc.assert(
        fc.property(stream, fc.integer({ min: 1, max: 8 }), (ids, limit) => {
          const a = new Aggregator({ maxCategories: limit });
          a.add(ids.map((id, i) => request(i * 1000, `n${id}bot/1`)));
          const r = a.result();
          const truth = new Map<string, number>();
          ids.forEach((id) => truth.set(`n${id}bot`, (truth.get(`n${id}bot`) ?? 0) + 1));
          expect(sum(r, 'browser')).toBe(ids.length);
          const named = r.by.browser.filter((b) => b.key !== 'Other');
          expect(named.length).toBeLessThanOrEqual(limit);
          const slack = ids.length / (2 * limit); // the tracked capacity is twice the names kept
          for (const b of named) {
            expect(b.total).toBeLessThanOrEqual(truth.get(b.key)!);
            expect(b.total).toBeGreaterThanOrEqual(truth.get(b.key)! - slack);
            expect(b.counts.reduce((s, c) => s + c, 0)).toBe(b.total);
          }
          // Space-Saving's guarantee: a name with more than N / capacity requests is still tracked, and
          // (when it is among the top `limit`) named.
          const heavy = [...truth]
            .filter(([, n]) => n > 2 * slack)
            .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
          if (heavy.length <= limit && named.length === 0) {
            expect(heavy).toEqual([]);
          }
          if (truth.size <= 2 * limit) {
            // Nothing was folded on the way: the named are exactly the top `limit`, ties by name.
            const top = [...truth].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, limit);
            expect(named.map((b) => [b.key, b.total])).toEqual(
              [...top].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
            );
          }
        }),
        { numRuns: 300 }
      );
    });

    it('keeps a heavy name that arrives after 20,000 one-off names', () => {
      const a = new Aggregator({ maxCategories: 10 });
      const junk = Array.from({ length: 20_000 }, (_, i) =>
        request(i * 1000, `Mozilla/5.0 (compatible; j${i}bot/1.0)`)
      );
      a.add(junk);
      a.add(Array.from({ length: 3000 }, (_, i) => request(i * 1000, i % 2 ? 'Googlebot/2.1' : `k${i}bot/1`)));
      const r = a.result();
      const google = r.by.browser.find((b) => b.key === 'Googlebot');
      // 23,000 requests over 20 tracked names: at most 1,150 of Googlebot's 1,500 may sit in Other.
      expect(google!.total).toBeGreaterThanOrEqual(1500 - 23_000 / 20);
      expect(r.by.browser.filter((b) => b.key !== 'Other' && b.key !== 'Googlebot')).toEqual([]);
      expect(sum(r, 'browser')).toBe(23_000);
    });

    it('aggregates 200,000 requests over 41 days with 200,000 distinct bot names in bounded memory', () => {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const N = 200_000;
      const span = 41 * DAY;
      gc();
      const before = process.memoryUsage().heapUsed;
      const a = new Aggregator({ geo });
      for (let i = 0; i < N; i += 10_000) {
        a.add(
          Array.from({ length: 10_000 }, (_, j) =>
            request(Math.floor(((i + j) * span) / N), `Mozilla/5.0 (compatible; x${i + j}bot/1.0)`, `1.0.${j % 256}.1`)
          )
        );
      }
      gc();
      const retained = process.memoryUsage().heapUsed - before;
      const r = a.result();
      expect(r.bucket).toBe('4h'); // 41 days = 246 four-hour buckets
      expect(r.by.browser.length).toBeLessThanOrEqual(MAX_CATEGORIES + 1);
      expect(sum(r, 'browser')).toBe(N);
      expect(r.by.browser[0]).toMatchObject({ key: 'Other', total: N });
      const folded = r.stats.folded.browser!;
      expect(folded.approximate).toBe(true);
      expect(Math.abs(folded.names - N) / N).toBeLessThan(0.05); // HyperLogLog: 1.6 % standard error
      expect(r.stats.folded.country).toBeUndefined();
      // Dense per-bucket rows as wide as the names seen needed 246 × 200,000 × 8 bytes ≈ 394 MB here.
      expect(retained).toBeLessThan(32 * 2 ** 20);
    });
  });
});
