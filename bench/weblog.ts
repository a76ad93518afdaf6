// `npm run bench:weblog [-- --data FILE]`: IP→country lookups/s (packed table vs geoip-lite country-only, same
// run) and lines/s for parse + geo + bucket over an Apache log repeated to ≥ 1 M lines (default: the apache_logs
// sample, ../shared/data/apache_logs/apache_logs or its copy in tests/fixtures), next to Debian's goaccess on the
// same file when it is installed. Prints figures, then one JSON line (the last line).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { nodeGeoTable } from '../scripts/geo-node';
import { geoipLiteCountryOnly, randomIPv4 } from '../scripts/geo-reference';
import type { GeoTable } from '../src/geo/table';
import { Aggregator } from '../src/weblog/aggregate';
import { MissingDataError, readText, SHARED_DATA, shownPath } from '../scripts/datasets';

const ROOT = path.resolve(__dirname, '..');
const LOOKUPS = 1_000_000;
const MIN_LINES = 1_000_000;
const ROUNDS = 5;

/** Best of `rounds` timings, in ms: the least disturbed run on a shared 2-core box. */
function best(rounds: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

function benchLookups(table: GeoTable) {
  const geoip = geoipLiteCountryOnly();
  const ips = randomIPv4(LOOKUPS);
  let sink = 0;
  const tableMs = best(ROUNDS, () => {
    for (let i = 0; i < ips.length; i++) {
      sink += table.lookup(ips[i]).length;
    }
  });
  const geoipMs = best(ROUNDS, () => {
    for (let i = 0; i < ips.length; i++) {
      sink += geoip.lookup(ips[i])?.country.length ?? 0;
    }
  });
  if (sink < 0) {
    throw new Error('unreachable: keeps the loops observable');
  }
  return { tablePerSec: (LOOKUPS / tableMs) * 1000, geoipPerSec: (LOOKUPS / geoipMs) * 1000 };
}

function benchAggregate(lines: string[], geo: GeoTable) {
  const CHUNK = 50_000; // as a worker would receive them
  const chunks: string[][] = [];
  for (let i = 0; i < lines.length; i += CHUNK) {
    chunks.push(lines.slice(i, i + CHUNK));
  }
  let parsed = 0;
  const ms = best(ROUNDS, () => {
    const agg = new Aggregator({ geo });
    chunks.forEach((c) => agg.add(c)); // lines numbered on from the previous chunk
    parsed = agg.result().stats.parsed;
  });
  return { linesPerSec: (lines.length / ms) * 1000, parsed };
}

/** Wall time of a command, in ms (best of `rounds`), or null when it fails. */
function wallMs(rounds: number, cmd: string, args: string[]): number | null {
  const failed = new Error(`${cmd} failed`);
  try {
    return best(rounds, () => {
      if (spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'] }).status !== 0) {
        throw failed; // stops the remaining rounds
      }
    });
  } catch (e) {
    if (e === failed) {
      return null;
    }
    throw e;
  }
}

function goaccessVersion(): string | null {
  try {
    return execFileSync('goaccess', ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();
  } catch {
    return null;
  }
}

/** The log to repeat: --data FILE, else the shared apache_logs sample, else its copy among the test fixtures. */
function sampleLines(argv: string[]): string[] {
  if (argv.length > 0 && (argv.length !== 2 || argv[0] !== '--data')) {
    throw new Error('usage: npm run bench:weblog -- [--data FILE]   (FILE: an Apache access log)');
  }
  const shared = path.join(SHARED_DATA, 'apache_logs', 'apache_logs');
  const file = argv[1]
    ? path.resolve(argv[1])
    : existsSync(shared)
      ? shared
      : path.join(ROOT, 'tests/fixtures/apache_logs/apache_logs');
  if (!existsSync(file) && !existsSync(`${file}.gz`)) {
    throw new MissingDataError(`no Apache log at ${shownPath(file)}: pass --data FILE with an Apache access log`);
  }
  return readText(file)
    .split('\n')
    .filter((l) => l !== '');
}

function main() {
  const sample = sampleLines(process.argv.slice(2));
  const reps = Math.ceil(MIN_LINES / sample.length);
  const lines: string[] = [];
  for (let r = 0; r < reps; r++) {
    lines.push(...sample);
  }

  const geo = nodeGeoTable();
  const lookups = benchLookups(geo);
  const agg = benchAggregate(lines, geo);

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bandscope-bench-'));
  const file = path.join(tmp, 'access.log');
  writeFileSync(file, lines.join('\n') + '\n');
  const cliMs = wallMs(3, process.execPath, [path.join(ROOT, 'bin/bandscope.mjs'), 'logs', '--bucket', '1h', file]);
  const ga = goaccessVersion();
  // goaccess takes ~10 s per million lines here, so fewer rounds.
  const gaMs = ga
    ? wallMs(2, 'goaccess', [file, '--log-format=COMBINED', '--no-progress', '--process-and-exit'])
    : null;
  rmSync(tmp, { recursive: true, force: true });

  const perSec = (ms: number | null) => (ms === null ? null : Math.round((lines.length / ms) * 1000));
  const result = {
    bench: 'weblog',
    node: process.version,
    lookups: LOOKUPS,
    lookupsPerSec: { table: Math.round(lookups.tablePerSec), geoipLite: Math.round(lookups.geoipPerSec) },
    lookupSpeedup: Math.round((lookups.tablePerSec / lookups.geoipPerSec) * 10) / 10,
    lines: lines.length,
    parsed: agg.parsed,
    linesPerSec: {
      parseGeoBucket: Math.round(agg.linesPerSec),
      cliEndToEnd: perSec(cliMs),
      goaccess: perSec(gaMs),
    },
    goaccess: ga ?? 'not installed',
  };
  const m = (x: number | null) => (x === null ? 'n/a' : `${(x / 1e6).toFixed(2)} M`);
  process.stdout.write(
    [
      `IP→country, ${LOOKUPS} random IPv4 strings: packed table ${m(result.lookupsPerSec.table)}/s, ` +
        `geoip-lite (country files) ${m(result.lookupsPerSec.geoipLite)}/s → ${result.lookupSpeedup}×`,
      `parse + UA + geo + bucket (Aggregator, in memory), ${lines.length} lines: ${m(result.linesPerSec.parseGeoBucket)} lines/s`,
      `bandscope logs CLI (file → CSV, incl. start-up): ${m(result.linesPerSec.cliEndToEnd)} lines/s`,
      `${ga ?? 'goaccess'} --process-and-exit (parse + its own aggregation, no geo DB): ${m(result.linesPerSec.goaccess)} lines/s`,
      JSON.stringify(result),
    ].join('\n') + '\n'
  );
  mkdirSync(path.join(ROOT, 'bench/.results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench/.results/weblog.json'), JSON.stringify(result, null, 2) + '\n');
}

try {
  main();
} catch (e) {
  process.stderr.write(`bench:weblog: ${e instanceof Error ? e.message : e}\n`);
  process.exitCode = e instanceof MissingDataError ? 2 : 1;
}
