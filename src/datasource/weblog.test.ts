import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gunzipSync } from 'node:zlib';

import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';

import {
  bandscopeMeta,
  bandTag,
  BAND_FIELDS,
  EPISODE_EXTRA_FIELDS,
  EPISODE_FIELDS,
  hasBands,
  WEBLOG_META_KEY,
  weblogMeta,
} from '../contract';
import { weblogFrames } from './weblog';
import { readApacheLines } from '../../tests/fixture-data';

const lines = readApacheLines();
const GEO = path.resolve(__dirname, '../../build/assets/geo-country.bin.gz');

// The geo table as the browser would fetch it from the plugin's assets (already gunzipped here: jsdom has
// no DecompressionStream; gunzipIfNeeded passes plain bytes through).
beforeAll(() => {
  const bytes = gunzipSync(readFileSync(GEO));
  global.fetch = jest.fn(async (url: string | URL | Request) => {
    if (String(url).endsWith('assets/geo-country.bin.gz')) {
      return {
        ok: true,
        status: 200,
        arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      } as Response;
    }
    return { ok: false, status: 404 } as Response;
  }) as typeof fetch;
});

const byName = (frames: DataFrame[], name: string) => frames.find((f) => f.name === name)!;
const values = (f: DataFrame, name: string) => f.fields.find((x) => x.name === name)!.values as unknown[];
const sum = (xs: unknown[]) => xs.reduce<number>((s, x) => s + Number(x), 0);

describe('weblogFrames (web-log mode)', () => {
  const linesFrame = createDataFrame({ refId: 'A', fields: [{ name: 'Line', type: FieldType.string, values: lines }] });

  it('turns raw Apache lines into requests (with bands), countries (long), browsers and status (wide)', async () => {
    const frames = await weblogFrames([linesFrame], { episodes: true }, 'A');
    expect(frames.map((f) => f.name)).toEqual(['requests', 'countries', 'browsers', 'status', 'bandscope-episodes']);
    expect(frames.every((f) => f.refId === 'A')).toBe(true);

    const requests = byName(frames, 'requests');
    expect(requests.fields.map((f) => f.name)).toEqual(['time', 'requests', ...BAND_FIELDS]);
    expect(hasBands(requests)).toBe(true);
    expect(bandscopeMeta(requests)?.preset).toBe('ewma');
    expect(requests.fields.slice(2).map((f) => bandTag(f))).toEqual(
      BAND_FIELDS.map((role) => ({ role, source: 'requests' }))
    );
    expect(requests.length).toBe(84); // hourly, 17 May 10:00 → 20 May 21:00
    expect(sum(values(requests, 'requests'))).toBe(10000);
    // The log ends at 21:05:59: the 21:00 bucket is partial, marked and not scored.
    const partial = { start: Date.UTC(2015, 4, 20, 21), end: Date.UTC(2015, 4, 20, 21, 6) };
    expect(requests.meta?.custom?.[WEBLOG_META_KEY]).toEqual({
      role: 'total',
      bucket: '1h',
      bucketMs: 3600000,
      partial,
    });
    for (const role of BAND_FIELDS) {
      expect(values(requests, role).at(-1)).toBeNull();
    }
    expect(
      values(requests, 'score')
        .slice(0, -1)
        .filter((x) => x !== null).length
    ).toBeGreaterThan(60);
    // The full buckets before it hold no burst: no false alarm.
    expect(values(requests, 'anomaly').slice(0, -1)).toEqual(new Array(83).fill(0));
    expect(requests.meta?.notices?.map((n) => [n.severity, n.text])).toEqual([
      ['info', expect.stringMatching(/last bucket \(2015-05-20T21:00:00.000Z\) is partial.*21:06:00/)],
    ]);
    expect(requests.fields[1].config.description).toMatch(/partial/);
    expect(requests.fields[0].config.interval).toBe(3600000);

    const countries = byName(frames, 'countries');
    expect(countries.fields.map((f) => [f.name, f.type])).toEqual([
      ['time', FieldType.time],
      ['country', FieldType.string],
      ['count', FieldType.number],
    ]);
    expect(sum(values(countries, 'count'))).toBe(10000);
    const perCountry = new Map<string, number>();
    values(countries, 'country').forEach((c, i) =>
      perCountry.set(String(c), (perCountry.get(String(c)) ?? 0) + Number(values(countries, 'count')[i]))
    );
    const ranked = Array.from(perCountry).sort((a, b) => b[1] - a[1]);
    expect(ranked[0][0]).toBe('US');
    expect(ranked[0][1]).toBe(3983);
    // Which IP table the addresses were looked up in travels with the countries, for the map's note.
    expect(weblogMeta(countries)?.ipData).toEqual({ source: 'GeoLite2 via geoip-lite 2.0.3', date: '2019-08-28' });
    // Rows sorted by time, then by count.
    const t = values(countries, 'time') as number[];
    expect(t.every((x, i) => i === 0 || x >= t[i - 1])).toBe(true);

    const browsers = byName(frames, 'browsers');
    expect(browsers.fields[0].name).toBe('time');
    expect(browsers.fields.length).toBeLessThanOrEqual(12);
    expect(browsers.fields.slice(1).reduce((s, f) => s + sum(f.values as unknown[]), 0)).toBe(10000);

    const status = byName(frames, 'status');
    expect(status.fields.map((f) => f.name)).toEqual(['time', '2xx', '3xx', '4xx', '5xx']);
    expect(sum(values(status, '5xx'))).toBe(3);

    const episodes = byName(frames, 'bandscope-episodes');
    // The bands mode's episodes frame (contract EPISODE_FIELDS + EPISODE_EXTRA_FIELDS): annotations get a title.
    expect(episodes.fields.map((f) => f.name)).toEqual([...EPISODE_FIELDS, ...EPISODE_EXTRA_FIELDS]);
    const title = values(episodes, 'title') as string[];
    expect(title.every((t) => /^requests: (warning|minor|major|critical) anomaly$/.test(t))).toBe(true);
  });

  it('counts IP rows (Elasticsearch/SQL) and already-aggregated counts the same way', async () => {
    const T = Date.UTC(2015, 4, 17, 10);
    const rows = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [T, T + 60e3, T + 3600e3] },
        { name: 'client_ip', type: FieldType.string, values: ['83.149.9.216', '8.8.8.8', '10.0.0.1'] },
        { name: 'status', type: FieldType.number, values: [200, 500, 404] },
      ],
    });
    const fromRows = await weblogFrames([rows], { bucket: '1h' }, 'B');
    expect(fromRows.map((f) => f.name)).toEqual(['requests', 'countries', 'status']);
    const c = byName(fromRows, 'countries');
    expect(values(c, 'country')).toEqual(['RU', 'US', '']);
    expect(values(byName(fromRows, 'status'), '5xx')).toEqual([1, 0]);

    const counts = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [T, T, T + 3600e3] },
        { name: 'country_code', type: FieldType.string, values: ['us', 'DE', 'US'] },
        { name: 'value', type: FieldType.number, values: [5, 2, 1] },
      ],
    });
    const fromCounts = await weblogFrames([counts], { bucket: '1h' }, 'C');
    expect(fromCounts.map((f) => f.name)).toEqual(['requests', 'countries']);
    expect(values(byName(fromCounts, 'requests'), 'requests')).toEqual([7, 1]);
    expect(values(byName(fromCounts, 'countries'), 'country')).toEqual(['US', 'DE', 'US']);
    // Counts were placed upstream: no IP table was involved.
    expect(weblogMeta(byName(fromCounts, 'countries'))?.ipData).toBeUndefined();
    expect(weblogMeta(c)?.ipData?.date).toBe('2019-08-28');
  });

  it('reports lines it could not count as a notice, and fails clearly on frames of no known shape', async () => {
    const bad = createDataFrame({
      fields: [{ name: 'Line', type: FieldType.string, values: [lines[0], 'garbage <script>', lines[1]] }],
    });
    const frames = await weblogFrames([bad], {}, 'A');
    expect(frames[0].meta?.notices?.[0].text).toMatch(
      /^1 of 3 log lines\/rows were not counted \(host: 1\)|^1 of 3 log lines\/rows were not counted/
    );
    const metrics = createDataFrame({ fields: [{ name: 'value', type: FieldType.number, values: [1] }] });
    await expect(weblogFrames([metrics], {}, 'A')).rejects.toThrow(
      /web-log mode needs raw access log lines.*value \(number\)/
    );
  });

  it('keeps the browsers frame bounded and says what the caps cut and folded into Other', async () => {
    // 1,000 bots of their own name each (folded: none has more than 1/600 of the requests), one 70 KB line.
    const hostile = Array.from({ length: 1000 }, (_, i) =>
      lines[i].replace(/"[^"]*"$/, `"Mozilla/5.0 (compatible; x${i}bot/1.0)"`)
    );
    hostile.push(lines[0].replace(/"[^"]*"$/, `"${'a'.repeat(70_000)}"`));
    const frame = createDataFrame({ fields: [{ name: 'Line', type: FieldType.string, values: hostile }] });
    const frames = await weblogFrames([frame], {}, 'A');
    const browsers = byName(frames, 'browsers');
    expect(browsers.fields.map((f) => f.name)).toEqual(['time', 'Other']);
    expect(sum(values(browsers, 'Other'))).toBe(1001);
    expect(frames[0].meta?.notices?.map((n) => n.text)).toContainEqual(
      expect.stringMatching(
        /^Limits applied: 1 line cut to 64 KB; 1 user agent cut to 8 KB; about 1,0\d\d browser names \(1,000 requests\) counted as Other\.$/
      )
    );
  });

  it('uses the detector the query asks for', async () => {
    const frames = await weblogFrames([linesFrame], { preset: 'robust', params: { window: 12, warmup: 12 } }, 'A');
    expect(bandscopeMeta(frames[0])).toMatchObject({ preset: 'robust', params: { window: 12, warmup: 12 } });
  });
});

describe('a day of live tail (bounded memory)', () => {
  // A web server's access log followed live for 24 hours, one request a second, the way a tailing upstream (Loki,
  // Elasticsearch with a refresh) answers: every 15 minutes the last hour of lines. Each emission goes through the
  // web-log mode as the datasource runs it. Addresses are all distinct and every tenth agent is a bot of its own
  // name, so anything keyed by what the lines say would grow with the day.
  const HOUR = 3_600_000;
  const T0 = Date.UTC(2026, 0, 5);
  const MONTHS = ['Jan'];
  const AGENTS = [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
    'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  ];
  const pad = (n: number) => String(n).padStart(2, '0');
  function lineAt(second: number): string {
    const d = new Date(T0 + second * 1000);
    const stamp = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
    const ip = `${((second * 7919) % 223) + 1}.${(second >> 8) & 255}.${second & 255}.${(second * 31) % 256}`;
    const agent = second % 10 === 0 ? `Mozilla/5.0 (compatible; crawler${second}/1.0)` : AGENTS[second % 3];
    return `${ip} - - [${stamp}] "GET /item/${second % 5000} HTTP/1.1" ${second % 50 === 0 ? 503 : 200} 512 "-" "${agent}"`;
  }

  it('memory after 24 h is what it was after 2 h (nothing kept across emissions grows)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => (gc(), process.memoryUsage().heapUsed);
    const emit = (end: number) => {
      const from = Math.max(0, end - HOUR / 1000);
      const tail = Array.from({ length: end - from }, (_, i) => lineAt(from + i));
      const frame = createDataFrame({ refId: 'A', fields: [{ name: 'Line', type: FieldType.string, values: tail }] });
      return weblogFrames([frame], { episodes: true }, 'A');
    };
    let kept: DataFrame[] = [];
    let atTwoHours = 0;
    for (let end = 900; end <= 24 * 3600; end += 900) {
      kept = await emit(end); // the previous answer is dropped, as a panel replaces its data
      if (end === 2 * 3600) {
        atTwoHours = heap();
      }
    }
    const atEnd = heap();
    const growth = atEnd - atTwoHours;
    console.log(
      `a day of live tail: heap ${(atTwoHours / 2 ** 20).toFixed(1)} MB after 2 h, ${(atEnd / 2 ** 20).toFixed(1)} MB after 24 h (growth ${(growth / 2 ** 20).toFixed(2)} MB over 88 emissions of 3,600 lines)`
    );
    expect(sum(values(byName(kept, 'requests'), 'requests'))).toBe(3600);
    expect(growth).toBeLessThan(4 * 2 ** 20);
  }, 60_000); // 88 emissions of an hour of lines: ~4 s alone, more on a loaded machine
});
