// The map's anomaly mode asks a web-log job for every country's band: on all three input shapes (raw lines, IP
// rows, per-country counts) of the same traffic, the job gives the same per-country bands, the detector's own on
// each country's counts; a burst from one country's addresses makes it the most anomalous country of its bucket.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import { readApacheLines } from '../../tests/fixture-data';
import { countryAnomalies, topAnomalousAt } from './anomaly';
import { WeblogJob, type WeblogChunk, type WeblogInputKind, type WeblogJobOptions, type WeblogJobResult } from './job';

const GEO = path.resolve(__dirname, '../../build/assets/geo-country.bin.gz');
const DETECTOR = { preset: 'ewma' as const, params: { alpha: 0.2, k: 3, warmup: 12 } };

// The geo table as the browser would fetch it from the plugin's assets (gunzipped: jsdom has no DecompressionStream).
beforeAll(() => {
  const bytes = gunzipSync(readFileSync(GEO));
  global.fetch = jest.fn(async (url: string | URL | Request) =>
    String(url).endsWith('assets/geo-country.bin.gz')
      ? ({
          ok: true,
          status: 200,
          arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
        } as Response)
      : ({ ok: false, status: 404 } as Response)
  ) as typeof fetch;
});

/** 200 requests from a Brazilian address (geoip-lite: BR) in the hour of 19 May 2015 14:00 (bucket 52). */
const BURST = Array.from(
  { length: 200 },
  (_, i) =>
    `187.45.193.158 - - [19/May/2015:14:${String(i % 60).padStart(2, '0')}:00 +0000] "GET /burst HTTP/1.1" 200 512 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/30.0"`
);
const BURST_BUCKET = 52;
const LINES = [...readApacheLines(), ...BURST];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The lines as IP rows, read here with a regex of our own (not the job's parser). */
function rows(lines: string[]): WeblogChunk {
  const time: number[] = [];
  const ip: string[] = [];
  for (const l of lines) {
    const m = /^(\S+) \S+ \S+ \[(\d\d)\/(\w\w\w)\/(\d{4}):(\d\d):(\d\d):(\d\d) \+0000\]/.exec(l)!;
    ip.push(m[1]);
    time.push(Date.UTC(+m[4], MONTHS.indexOf(m[3]), +m[2], +m[5], +m[6], +m[7]));
  }
  return { time, ip };
}

async function run(
  kind: WeblogInputKind,
  chunk: WeblogChunk,
  options: WeblogJobOptions = { bucket: '1h', countryBands: DETECTOR }
): Promise<WeblogJobResult> {
  const job = new WeblogJob(kind, options, 'main');
  await job.init('/public/plugins/bandscope-app/');
  job.add(chunk);
  return job.finish();
}

describe('web-log job: country bands (the map anomaly mode)', () => {
  it('the three input shapes of the same traffic give the same country bands: the detector on each country', async () => {
    const fromLines = await run('lines', { lines: LINES });
    const a = fromLines.anomalies!;
    expect(a.keys).toEqual(fromLines.aggregate.by.country.map((c) => c.key));
    expect(a).toEqual(countryAnomalies(fromLines.aggregate, DETECTOR));

    const fromRows = await run('rows', rows(LINES));
    expect(fromRows.anomalies).toEqual(a);

    // counts: what the datasource's countries frame carries (time, country, count per bucket)
    const counts = { time: [] as number[], country: [] as string[], count: [] as number[] };
    for (const c of fromLines.aggregate.by.country) {
      c.counts.forEach((n, i) => {
        counts.time.push(fromLines.aggregate.times[i]);
        counts.country.push(c.key);
        counts.count.push(n);
      });
    }
    // Counts alone cannot say the log ended inside the last bucket: the datasource's frame meta does (partialFrom).
    const last = a.times[a.times.length - 1];
    const fromCounts = await run('counts', counts, { bucket: '1h', countryBands: DETECTOR, partialFrom: last });
    expect(fromCounts.anomalies).toEqual(a);
    const unsaid = await run('counts', counts);
    expect(Number.isFinite(unsaid.anomalies!.score[0][a.times.length - 1])).toBe(true);
  });

  it('a burst from Brazilian addresses: Brazil is the most anomalous country of its bucket, flagged; not before', async () => {
    const a = (await run('lines', { lines: LINES })).anomalies!;
    const top = topAnomalousAt(a, BURST_BUCKET, 3);
    expect(top[0]).toMatchObject({ key: 'BR', anomaly: true });
    expect(top[0].score).toBeGreaterThanOrEqual(75); // critical
    const br = a.keys.indexOf('BR');
    expect(a.anomaly[br][BURST_BUCKET - 1]).toBe(0);
    expect(a.peak[br]).toBe(a.score[br][BURST_BUCKET]);
  });

  it('the sample ends inside its last hour: that bucket is not scored for any country', async () => {
    const r = await run('lines', { lines: LINES });
    expect(r.aggregate.partial).toBe(true);
    const last = r.aggregate.times.length - 1;
    for (let i = 0; i < r.anomalies!.keys.length; i++) {
      expect(r.anomalies!.score[i][last]).toBeNaN();
      expect(r.anomalies!.anomaly[i][last]).toBe(0);
      expect(Number.isFinite(r.anomalies!.score[i][last - 1])).toBe(true);
    }
  });
});
