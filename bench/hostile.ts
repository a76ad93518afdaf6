// `npm run bench:hostile [-- --runs N]`: what hostile access logs cost `bandscope logs` (the engine the
// map's worker runs in every viewer's browser), each next to a benign twin of the same size, in the same
// run: wall time and peak RSS from `/usr/bin/time -v`, min/median of N runs (default 3), and the ratio of
// the medians. Figures, not a test: the bar is ≤ 3× the twin and < 400 MB.
//
//   crawl      1,000 requests whose 8 KB user agent is `aaaa…aaaa<i> crawl` (Apache's default header
//              limit is 8 KB); was quadratic in the agent's length (37.4 s)
//   ordinary   1,000 ordinary browser agents padded with product tokens to 8 KB
//   bot names  200,000 requests over 41 days, each from its own bot (`Mozilla/5.0 (compatible; x<i>bot/1.0)`);
//              every name was a category and every bucket as wide as the names seen (16.5 s, 2.6 GB)
//   googlebot  the same requests, all from `Googlebot/2.1`
//   ua-parser crafted ×1,000 / ×10,000   distinct 500-character agents on which ua-parser-js 1.0.x (our
//              classifier until 0.1.0) backtracks polynomially (tests/linear.ts: archos, naver, qbcore)
//   ordinary 500 ×1,000 / ×10,000   distinct ordinary browser agents of the same length (twins)
// Then, in this process, classification alone of the crafted and ordinary agents by ua-parser-js 1.0.x and
// by ours (src/weblog/ua.ts), once: what the map's worker paid per distinct agent before and pays now.
// Prints a table, then one JSON line (the last line).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { UAParser } from 'ua-parser-js';

import { classifyUserAgent } from '../src/weblog/ua';
import { UA_PARSER_POLYNOMIAL } from '../tests/linear';

const ROOT = path.resolve(__dirname, '..');
const AGENT_BYTES = 8192;
const DAY_MS = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number) => String(n).padStart(2, '0');
function apacheTime(t: number): string {
  const d = new Date(t);
  return (
    `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`
  );
}
const ip = (i: number) => `${1 + (i % 223)}.${(i * 7) % 256}.${(i * 13) % 256}.${i % 256}`;
const line = (i: number, t: number, agent: string) =>
  `${ip(i)} - - [${apacheTime(t)}] "GET /index.html HTTP/1.1" 200 5120 "-" "${agent}"`;

/** `count` requests spread evenly over `days`, agent by index. */
function log(count: number, days: number, agent: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(line(i, T0 + Math.floor((i * days * DAY_MS) / count), agent(i)));
  }
  return out.join('\n') + '\n';
}

function paddedBrowser(i: number, length = AGENT_BYTES): string {
  let ua = `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.${i}.0 Safari/537.36`;
  for (let k = 0; ua.length < length; k++) {
    ua += ` Ext${k}/1.${k}`;
  }
  return ua.slice(0, length);
}

/** ua-parser-js 1.0.x reads the first 500 characters of an agent. */
const UA_PARSER_CHARS = 500;
const CRAFTED = Object.values(UA_PARSER_POLYNOMIAL);
const crafted = (i: number) => CRAFTED[i % CRAFTED.length](UA_PARSER_CHARS, i);
const ordinary500 = (i: number) => paddedBrowser(i, UA_PARSER_CHARS);

const INPUTS: Array<{ name: string; twin?: string; lines: number; text: () => string }> = [
  {
    name: 'crawl',
    twin: 'ordinary',
    lines: 1000,
    text: () => log(1000, 1, (i) => 'a'.repeat(AGENT_BYTES - 6 - String(i).length) + i + ' crawl'),
  },
  { name: 'ordinary', lines: 1000, text: () => log(1000, 1, paddedBrowser) },
  {
    name: 'bot names',
    twin: 'googlebot',
    lines: 200_000,
    text: () => log(200_000, 41, (i) => `Mozilla/5.0 (compatible; x${i}bot/1.0)`),
  },
  {
    name: 'googlebot',
    lines: 200_000,
    text: () => log(200_000, 41, () => 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'),
  },
  ...[1000, 10_000].flatMap((count) => [
    {
      name: `ua-parser crafted ×${count}`,
      twin: `ordinary 500 ×${count}`,
      lines: count,
      text: () => log(count, 1, crafted),
    },
    { name: `ordinary 500 ×${count}`, lines: count, text: () => log(count, 1, ordinary500) },
  ]),
];

/** CPU seconds to classify `agents` once each. */
function classifyTime(agents: string[], classify: (ua: string) => void): number {
  const t0 = process.cpuUsage();
  for (const ua of agents) {
    classify(ua);
  }
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}

/** Classification alone, in this process: ua-parser-js 1.0.x (browser and device, as 0.1.0 called it) and ours. */
function classifiers(count: number) {
  const parser = new UAParser();
  const uaParser = (ua: string) => {
    parser.setUA(ua);
    parser.getBrowser();
    parser.getDevice();
  };
  return [
    ['ua-parser crafted', crafted],
    ['ordinary 500', ordinary500],
  ].map(([input, make]) => {
    const agents = Array.from({ length: count }, (_, i) => (make as (i: number) => string)(i));
    return {
      input: `${input as string} ×${count}`,
      uaParserSeconds: round(classifyTime(agents, uaParser), 3),
      oursSeconds: round(classifyTime(agents, classifyUserAgent), 3),
    };
  });
}

interface Run {
  seconds: number;
  rssMB: number;
}

/** One `bandscope logs FILE` under /usr/bin/time -v. */
function timed(file: string): Run {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, path.join(ROOT, 'bin/bandscope.mjs'), 'logs', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) {
    throw new Error(`bandscope logs ${file} failed (${r.status}):\n${r.stderr}`);
  }
  const wall = /Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (!wall || !rss) {
    throw new Error(`unexpected /usr/bin/time output:\n${r.stderr}`);
  }
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { seconds, rssMB: Number(rss[1]) / 1024 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function main() {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 3;
  if (!(Number.isInteger(runs) && runs >= 1)) {
    process.stderr.write('usage: npm run bench:hostile [-- --runs N]  (N ≥ 1)\n');
    process.exit(1);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bandscope-hostile-'));
  const results: Record<string, { lines: number; seconds: number[]; rssMB: number[] }> = {};
  try {
    for (const input of INPUTS) {
      const file = path.join(tmp, input.name.replace(' ', '-') + '.log');
      writeFileSync(file, input.text());
      const rs = Array.from({ length: runs }, () => timed(file));
      results[input.name] = { lines: input.lines, seconds: rs.map((r) => r.seconds), rssMB: rs.map((r) => r.rssMB) };
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const rows = INPUTS.map((input) => {
    const r = results[input.name];
    const twin = input.twin ? results[input.twin] : undefined;
    return {
      input: input.name,
      lines: r.lines,
      seconds: { min: round(Math.min(...r.seconds)), median: round(median(r.seconds)) },
      rssMB: { min: Math.round(Math.min(...r.rssMB)), median: Math.round(median(r.rssMB)) },
      ...(twin
        ? {
            vsTwin: {
              twin: input.twin,
              time: round(median(r.seconds) / median(twin.seconds)),
              rss: round(median(r.rssMB) / median(twin.rssMB)),
            },
          }
        : {}),
    };
  });
  const table = [
    `bandscope logs on hostile input and its benign twin, ${runs} run(s) each: min / median`,
    '| input | lines | time (s) | peak RSS (MB) | × twin (time, RSS) |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.input} | ${r.lines} | ${r.seconds.min} / ${r.seconds.median} | ${r.rssMB.min} / ${r.rssMB.median} | ` +
        (r.vsTwin ? `${r.vsTwin.time}×, ${r.vsTwin.rss}× (vs ${r.vsTwin.twin})` : '—') +
        ' |'
    ),
  ];
  const classified = classifiers(1000);
  table.push(
    '',
    'classification alone, in-process, each agent once (CPU seconds, 1 run)',
    '| agents | ua-parser-js 1.0.x | ours | ratio |',
    '|---|---|---|---|',
    ...classified.map(
      (c) =>
        `| ${c.input} | ${c.uaParserSeconds} | ${c.oursSeconds} | ${round(c.uaParserSeconds / c.oursSeconds, 1)}× |`
    )
  );
  const result = { bench: 'hostile', node: process.version, runs, rows, classified };
  process.stdout.write(table.join('\n') + '\n' + JSON.stringify(result) + '\n');
  mkdirSync(path.join(ROOT, 'bench/.results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench/.results/hostile.json'), JSON.stringify(result, null, 2) + '\n');
}

main();
