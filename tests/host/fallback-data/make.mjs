// Writes the small synthetic stand-ins the demo uses when ../shared/data is absent (a clone without the
// shared datasets). Deterministic; run `node tests/host/fallback-data/make.mjs` to regenerate.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const stamp = (ms) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

function write(rel, text) {
  const file = path.join(here, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function series(rel, start, stepMs, n, f) {
  const rows = ['timestamp,value'];
  for (let i = 0; i < n; i++) {
    rows.push(`${stamp(start + i * stepMs)},${f(i).toFixed(3)}`);
  }
  write(rel, rows.join('\n') + '\n');
}

// A warm machine that drifts, then fails (a dip and a spike near the end), every 5 minutes for 5 days.
series('nab/data/realKnownCause/machine_temperature_system_failure.csv', Date.UTC(2013, 11, 2), 300_000, 1440, (i) =>
  85 + 3 * Math.sin(i / 40) + random() * 2 - (i > 1200 && i < 1230 ? 30 : 0) + (i === 1300 ? 25 : 0)
);
// Taxi passengers: a daily cycle every 30 minutes for two weeks, with one busy night.
series('nab/data/realKnownCause/nyc_taxi.csv', Date.UTC(2014, 6, 1), 1_800_000, 672, (i) =>
  15000 + 9000 * Math.sin((2 * Math.PI * (i % 48)) / 48 - 1.8) + random() * 1500 + (i >= 500 && i < 506 ? 14000 : 0)
);

// Apache combined log lines from documentation address ranges mixed with a few public ones.
const clients = ['8.8.8.8', '81.2.69.142', '1.1.1.1', '203.0.113.9', '2001:db8::1', '5.9.0.1', '66.249.73.135'];
const agents = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const lines = [];
for (let i = 0; i < 600; i++) {
  const d = new Date(Date.UTC(2015, 4, 17) + Math.floor((i / 600) * 3 * 86_400_000));
  const p = (n) => String(n).padStart(2, '0');
  const when = `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  const ip = clients[Math.floor(random() * clients.length)];
  const status = random() < 0.9 ? 200 : 404;
  lines.push(`${ip} - - [${when}] "GET /index.html HTTP/1.1" ${status} ${Math.floor(random() * 5000)} "-" "${agents[i % agents.length]}"`);
}
write('apache_logs/apache_logs', lines.join('\n') + '\n');
