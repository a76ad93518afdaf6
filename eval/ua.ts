// `npm run eval:ua [-- --data DIR] [--top N]`: our user-agent classifier against ua-parser-js 1.0.x on every
// distinct agent of the shared Apache log (DIR/apache_logs/apache_logs, default ../shared/data): the share
// of agents and of requests with the same browser family, the same device type and both, and the top N
// (default 15) disagreements. Last line: one JSON object.
import * as path from 'path';

import { MissingDataError, readText, requireData, SHARED_DATA } from '../scripts/datasets';
import { agentCounts, agreement, Share } from './ua-agreement';

const USAGE =
  'usage: npm run eval:ua -- [--data DIR] [--top N]   (DIR: holds apache_logs/apache_logs; default ../shared/data)';
const LOG = 'apache_logs/apache_logs';

function parseArgs(argv: string[]): { dataDir: string; top: number } {
  let dataDir = SHARED_DATA;
  let top = 15;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data' && argv[i + 1] !== undefined) {
      dataDir = path.resolve(argv[++i]);
    } else if (argv[i] === '--top' && Number.isInteger(Number(argv[i + 1])) && Number(argv[i + 1]) >= 0) {
      top = Number(argv[++i]);
    } else {
      throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return { dataDir, top };
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const row = (label: string, s: Share) =>
  `${label.padEnd(26)} ${pct(s.agents).padStart(8)}  ${pct(s.requests).padStart(8)}`;

function main(): void {
  const { dataDir, top } = parseArgs(process.argv.slice(2));
  requireData(dataDir, [LOG], 'the Apache log sample', 'pass --data DIR (the shared data directory, see its README)');
  const lines = readText(path.join(dataDir, LOG))
    .split('\n')
    .filter((l) => l !== '');
  const a = agreement(agentCounts(lines));
  console.log(
    `eval:ua — ${LOG}: ${a.all.agents} distinct agents, ${a.all.requests} requests; ` +
      `${a.browsers.agents} agents / ${a.browsers.requests} requests not bots (bots are found by the same code for both)`
  );
  console.log(`${'same as ua-parser-js 1.0.x'.padEnd(26)} ${'agents'.padStart(8)}  ${'requests'.padStart(8)}`);
  console.log(row('browser family', a.family));
  console.log(row('device type', a.device));
  console.log(row('family and device', a.both));
  console.log(
    `top ${Math.min(top, a.disagreements.length)} of ${a.disagreements.length} disagreements (requests: ours | ua-parser-js | agent):`
  );
  for (const d of a.disagreements.slice(0, top)) {
    console.log(`${String(d.requests).padStart(5)}  ${d.ours} | ${d.uaParser} | ${d.agent.slice(0, 140)}`);
  }
  console.log(
    JSON.stringify({
      eval: 'ua',
      agents: a.all.agents,
      requests: a.all.requests,
      browsers: a.browsers,
      family: a.family,
      device: a.device,
      both: a.both,
      disagreements: a.disagreements.length,
    })
  );
}

try {
  main();
} catch (e) {
  if (e instanceof MissingDataError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
