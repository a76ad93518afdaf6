// `npm run package`: zip dist/ as bandscope-app-<version>.zip with a single top folder bandscope-app/,
// the layout `grafana cli --pluginUrl …zip plugins install bandscope-app` expects. `--out DIR` writes it there.
import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(repo, 'dist');
const { version } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const pluginJson = JSON.parse(fs.readFileSync(path.join(dist, 'plugin.json'), 'utf8'));

if (pluginJson.id !== 'bandscope-app' || !fs.existsSync(path.join(dist, 'module.js'))) {
  console.error('dist/ is missing or not the Bandscope app: run `npm run build` first.');
  process.exit(1);
}

const files = {};
function add(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      add(full);
    } else if (!entry.name.endsWith('.map')) {
      files[`bandscope-app/${path.relative(dist, full).split(path.sep).join('/')}`] = fs.readFileSync(full);
    }
  }
}
add(dist);

const outIndex = process.argv.indexOf('--out');
const out = path.join(outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : repo, `bandscope-app-${version}.zip`);
fs.writeFileSync(out, zipSync(files, { level: 9 }));
console.log(`${path.relative(repo, out)}: ${Object.keys(files).length} files, ${(fs.statSync(out).size / 1024).toFixed(0)} KiB`);
