// `npm run eval:counts`: what the count band (`counts: true`, src/detect/band.ts `countBand`) changes on the map's
// per-country detector (the web-log defaults): steady Poisson counts at rates from 0.2 to 100 per bucket, 200 series
// per rate, 84 buckets (3.5 days of hours: the Apache sample's length) and 336 (two weeks): the share of series
// flagged at least once (all false alarms: nothing happens in them) and the share of one-bucket bursts of
// max(10, 4λ + 6√λ) extra requests found, with and without the floor, in the same run. xorshift32 noise, fixed
// seeds: the figures repeat exactly. Last line: one JSON object.
import { createDetector, type DetectorParams } from '../src/detect';
import { poissonCounts } from '../tests/poisson';

const WEB = { alpha: 0.2, k: 3, warmup: 12 }; // WEBLOG_DETECTOR's params (src/weblog-client/requests.ts)
const RATES = [0.2, 0.5, 1, 2, 5, 20, 100];
const LENGTHS = [84, 336];
const SERIES = 200;
const HOUR = 3_600_000;

interface Cell {
  falseAlarmSeries: number;
  burstsFound: number;
}

function measure(lambda: number, length: number, params: Partial<DetectorParams>): Cell {
  const seed = 1 + Math.round(lambda * 1000) + length;
  const times = Float64Array.from({ length }, (_, i) => i * HOUR);
  const at = Math.floor(0.75 * length);
  let alarmed = 0;
  let found = 0;
  for (let s = 0; s < SERIES; s++) {
    const values = Float64Array.from(poissonCounts(lambda, length, seed * 1000 + s));
    if (
      createDetector('ewma', params)
        .run(times, values)
        .anomaly.some((a) => a === 1)
    ) {
      alarmed++;
    }
    values[at] += Math.max(10, 4 * lambda + 6 * Math.sqrt(lambda));
    found += createDetector('ewma', params).run(times, values).anomaly[at];
  }
  return { falseAlarmSeries: alarmed / SERIES, burstsFound: found / SERIES };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`.padStart(8);
const rows: Array<{ rate: number; buckets: number; without: Cell; counts: Cell }> = [];
console.log('rate/bucket  buckets  series flagged (without → counts)   bursts found (without → counts)');
for (const lambda of RATES) {
  for (const length of LENGTHS) {
    const without = measure(lambda, length, WEB);
    const counts = measure(lambda, length, { ...WEB, counts: true });
    rows.push({ rate: lambda, buckets: length, without, counts });
    console.log(
      `${String(lambda).padStart(11)}  ${String(length).padStart(7)}  ${pct(without.falseAlarmSeries)} → ${pct(counts.falseAlarmSeries)}` +
        `              ${pct(without.burstsFound)} → ${pct(counts.burstsFound)}`
    );
  }
}
console.log(JSON.stringify({ series: SERIES, rows }));
