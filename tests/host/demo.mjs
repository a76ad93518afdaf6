// `npm run demo`: build the plugin and the host, serve the demo playground on http://127.0.0.1:3000.
// `npm run demo -- --screenshot DIR`: render every demo dashboard headlessly to DIR/*.png and exit.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildHost } from './build-host.mjs';
import { DEFAULT_ENTRY } from '../matrix/entries.cjs';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';
import { DEFAULT_DATA, startServer } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const shotsDir = flag('--screenshot');
const port = Number(flag('--port') ?? (shotsDir ? 0 : 3000));

if (shotsDir) {
  // Screenshots need Chromium: say so now rather than after the build.
  await import('./check-chromium.mjs');
}
execSync('npm run build', { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
await buildHost([DEFAULT_ENTRY.id]);
const server = await startServer({ port });
const url = `http://127.0.0.1:${server.address().port}/demo`;

if (!shotsDir) {
  console.log(
    `Bandscope demo: ${url}  (data: ${DEFAULT_DATA === 'shared' ? '../shared/data' : 'tests/fixtures'}; Ctrl-C to stop)`
  );
} else {
  const { chromium } = await import('@playwright/test');
  fs.mkdirSync(shotsDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const failures = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    page.on('pageerror', (e) => failures.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && failures.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && failures.push(`HTTP ${r.status()} ${r.url()}`));
    await page.goto(url);
    await page.waitForFunction(() => window.hostReady === true);
    const dashboards = await page.evaluate(() => window.host.demoDashboards());
    for (const theme of ['dark', 'light']) {
      for (const id of dashboards) {
        await page.evaluate(([t, d]) => window.host.renderDemo(t, d), [theme, id]);
        await page.waitForSelector(`[data-dashboard="${id}"]`);
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="host-loading"]').length === 0, null, { timeout: 30_000 });
        await page.waitForTimeout(500);
        const file = path.join(shotsDir, `demo-${id}-${theme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`wrote ${file}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (failures.length) {
    console.error(`the demo logged errors:\n${failures.join('\n')}`);
    process.exit(1);
  }
}
