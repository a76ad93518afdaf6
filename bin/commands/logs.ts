// `bandscope logs [--bucket auto|5m|1h|4h|1d] FILE|-`: Apache common/combined log in, CSV of requests per
// time bucket and country out (`bucket_start,country,count`, bucket_start ISO-8601 UTC, country '' when
// unknown); on stderr, lines read / parsed / rejected, with the first rejected lines.

import { nodeGeoTable } from '../../scripts/geo-node';
import { Aggregator, capNotes } from '../../src/weblog/aggregate';
import { BucketChoice, isBucketChoice } from '../../src/weblog/buckets';
import { inputLines, stdoutClosed } from '../io';

export const SYNOPSIS = 'logs [--bucket auto|5m|1h|4h|1d] FILE|-';
const USAGE = `usage: bandscope ${SYNOPSIS}\n`;

export async function run(args: string[]): Promise<number> {
  let bucket: BucketChoice = 'auto';
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--bucket' || a.startsWith('--bucket=')) {
      const v = a === '--bucket' ? args[++i] : a.slice('--bucket='.length);
      if (v === undefined || !isBucketChoice(v)) {
        process.stderr.write(`bandscope logs: bad --bucket "${v ?? ''}"\n${USAGE}`);
        return 1;
      }
      bucket = v;
    } else if (file === undefined && (a === '-' || !a.startsWith('-'))) {
      file = a;
    } else {
      process.stderr.write(USAGE);
      return 1;
    }
  }
  if (file === undefined) {
    process.stderr.write(USAGE);
    return 1;
  }

  const agg = new Aggregator({ bucket, geo: nodeGeoTable() });
  for await (const lines of inputLines(file, 1 << 20)) {
    agg.add(lines);
  }
  const r = agg.result();

  const out: string[] = ['bucket_start,country,count'];
  const countries = [...r.by.country].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  r.times.forEach((t, i) => {
    const iso = new Date(t).toISOString().replace('.000Z', 'Z');
    for (const c of countries) {
      if (c.counts[i] > 0) {
        out.push(`${iso},${c.key},${c.counts[i]}`);
      }
    }
  });
  stdoutClosed();
  process.stdout.write(out.join('\n') + '\n');

  const s = r.stats;
  const notes = [
    `bandscope logs: ${s.lines} lines read, ${s.parsed} parsed, ${s.rejected} rejected; ${r.bucket} buckets`,
    ...Object.entries(s.rejectedBy).map(([why, n]) => `  rejected (${why}): ${n}`),
    ...s.samples.map((x) => `  line ${x.line} rejected (${x.reason}): ${x.text}`),
    ...(s.truncated > 0 ? [`  ${s.truncated} line(s) with a user agent cut short, counted:`] : []),
    ...s.truncatedSamples.map((x) => `  line ${x.line}: ${x.text}`),
    ...capNotes(s).map((note) => `  ${note}`),
  ];
  process.stderr.write(notes.join('\n') + '\n');
  return 0;
}
