// Debian's Prometheus (2.42: `prometheus` and `promtool`) for the tests: rule unit tests, backfilled TSDBs and a
// server on 127.0.0.1 that the tests start and stop. Nothing is mocked; a missing binary is a clear error.
import { type ChildProcess, spawn, spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';

import { formatDuration } from '../src/detect/duration';

export const PROMTOOL = process.env.PROMTOOL ?? 'promtool';
export const PROMETHEUS = process.env.PROMETHEUS ?? 'prometheus';

const MISSING = (bin: string) =>
  `${bin} not found: these tests run Debian's Prometheus 2.42 — install it with "apt-get install -y prometheus" ` +
  `(it ships prometheus and promtool), or point PROMTOOL / PROMETHEUS at the binaries`;

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a Prometheus binary to completion; throws if it is not installed. */
export function run(bin: string, args: string[], cwd?: string): Run {
  const r = spawnSync(bin, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) {
    throw new Error((r.error as NodeJS.ErrnoException).code === 'ENOENT' ? MISSING(bin) : String(r.error));
  }
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory and its removal. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `bandscope-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * promtool's input-series notation: one value per `step` from 0, `_` where there is no sample.
 * `times` are ms from 0, multiples of `step`, increasing; values print in shortest round-trip form
 * (Go's ParseFloat reads back the same float64).
 */
export function seriesValues(times: ArrayLike<number>, values: ArrayLike<number>, step: number): string {
  const out: string[] = [];
  let j = 0;
  const end = times.length > 0 ? times[times.length - 1] : -1;
  for (let t = 0; t <= end; t += step) {
    if (j < times.length && times[j] === t) {
      out.push(Number.isNaN(values[j]) ? '_' : String(values[j]));
      j++;
    } else {
      out.push('_');
    }
  }
  if (j !== times.length) {
    throw new Error(`times must be increasing multiples of ${step} ms from 0`);
  }
  return out.join(' ');
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

export interface RecordedCheck {
  /** A recorded series' name, queried at `at`. */
  expr: string;
  at: number;
  /** No value: no sample expected. */
  value?: number;
}

/**
 * A `promtool test rules` file for `rules.yml` beside it: one input series (`times` in ms from 0, NaN = no
 * sample), the recorded values to expect, and `alert_rule_test` items already written as YAML. `labels` are the
 * input series' labels, which the recorded series keep.
 */
export function ruleTestYaml(opts: {
  interval: number;
  series: string;
  labels: string;
  times: number[];
  values: number[];
  checks: RecordedCheck[];
  alerts?: string[];
}): string {
  const { times } = opts;
  const step = times.slice(1).reduce((g, t, i) => gcd(g, t - times[i]), 0) || opts.interval;
  const lines = [
    'rule_files: [rules.yml]',
    `evaluation_interval: ${formatDuration(opts.interval)}`,
    'tests:',
    `  - interval: ${formatDuration(step)}`,
    '    input_series:',
    `      - series: '${opts.series}${opts.labels}'`,
    `        values: '${seriesValues(times, opts.values, step)}'`,
    '    promql_expr_test:',
  ];
  for (const c of opts.checks) {
    lines.push(`      - expr: ${c.expr}`, `        eval_time: ${formatDuration(c.at)}`);
    lines.push(
      c.value === undefined
        ? '        exp_samples: []'
        : `        exp_samples:\n          - labels: '${c.expr}${opts.labels}'\n            value: ${String(c.value)}`
    );
  }
  if (opts.alerts && opts.alerts.length > 0) {
    lines.push('    alert_rule_test:', ...opts.alerts);
  }
  return lines.join('\n') + '\n';
}

/** Runs `promtool test rules` on a rules file and its test file (in a temporary directory). */
export function promtoolTestRules(rulesYaml: string, testYaml: string): Run {
  const tmp = tempDir('promtool');
  try {
    writeFileSync(path.join(tmp.dir, 'rules.yml'), rulesYaml);
    writeFileSync(path.join(tmp.dir, 'test.yml'), testYaml);
    return run(PROMTOOL, ['test', 'rules', 'test.yml'], tmp.dir);
  } finally {
    tmp.remove();
  }
}

/** Fails with promtool's own report unless every test passed. */
export function expectPromtoolPass(r: Run): void {
  if (r.status !== 0 || !r.stdout.includes('SUCCESS')) {
    throw new Error(`promtool test rules failed:\n${(r.stdout + r.stderr).slice(0, 4000)}`);
  }
}

/** OpenMetrics text of one gauge series (timestamps in seconds), for `promtool tsdb create-blocks-from openmetrics`. */
export function openMetrics(
  metric: string,
  labels: Record<string, string>,
  times: ArrayLike<number>,
  values: ArrayLike<number>
): string {
  const l = Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');
  const lines = [`# TYPE ${metric} gauge`];
  for (let i = 0; i < times.length; i++) {
    if (!Number.isNaN(values[i])) {
      lines.push(`${metric}{${l}} ${values[i]} ${times[i] / 1000}`);
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

/** Backfills OpenMetrics text into a TSDB directory (one block for the whole span). */
export function backfill(text: string, tsdbDir: string, workDir: string): void {
  const file = path.join(workDir, `input-${Date.now()}.om`);
  writeFileSync(file, text);
  const r = run(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=2000h', file, tsdbDir]);
  if (r.status !== 0) {
    throw new Error(`promtool create-blocks-from openmetrics failed: ${r.stderr || r.stdout}`);
  }
}

/**
 * Records the rules of `rulesFile` over past data: promtool evaluates them through the server's query API (at the
 * group's own evaluation times) and writes blocks, which are moved into `tsdbDir` (restart the server to see them).
 * Recording rules only; each must read only raw series (promtool cannot see rules recorded in the same run).
 */
export function backfillRules(opts: {
  rulesFile: string;
  start: number;
  end: number;
  url: string;
  tsdbDir: string;
  workDir: string;
}) {
  const out = path.join(opts.workDir, `rule-blocks-${Date.now()}`);
  const r = run(PROMTOOL, [
    'tsdb',
    'create-blocks-from',
    'rules',
    '--quiet',
    `--start=${opts.start / 1000}`,
    `--end=${opts.end / 1000}`,
    `--url=${opts.url}`,
    `--output-dir=${out}`,
    opts.rulesFile,
  ]);
  if (r.status !== 0) {
    throw new Error(`promtool create-blocks-from rules failed: ${r.stderr || r.stdout}`);
  }
  for (const block of readdirSync(out)) {
    renameSync(path.join(out, block), path.join(opts.tsdbDir, block));
  }
}

/** The first port of [from, to] on 127.0.0.1 that nobody listens on right now (each helper has its own range). */
export async function freePort(from: number, to: number): Promise<number> {
  for (let port = from; port <= to; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) {
      return port;
    }
  }
  throw new Error(`no free port on 127.0.0.1 in ${from}-${to}`);
}

export interface Server {
  url: string;
  stop(): Promise<void>;
}

/** Starts prometheus on 127.0.0.1:port over `tsdbDir` and waits until /-/ready answers. */
export async function startPrometheus(opts: { tsdbDir: string; port: number; configFile?: string }): Promise<Server> {
  const url = `http://127.0.0.1:${opts.port}`;
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--storage.tsdb.path=${opts.tsdbDir}`,
      `--config.file=${opts.configFile ?? '/dev/null'}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${opts.port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  );
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once(
    'error',
    (e: NodeJS.ErrnoException) => (spawnError = e.code === 'ENOENT' ? new Error(MISSING(PROMETHEUS)) : e)
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  for (let i = 0; i < 600; i++) {
    if (spawnError) {
      throw spawnError;
    }
    if (child.exitCode !== null) {
      throw new Error(`prometheus exited with ${child.exitCode}: ${log}`);
    }
    try {
      if ((await fetch(`${url}/-/ready`)).ok) {
        return { url, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`prometheus did not become ready on ${url} within 60 s: ${log}`);
}
