import { defineConfig } from '@playwright/test';

import { CHROMIUM, CHROMIUM_ARGS } from './tests/host/chromium.mjs';

// Browser specs run against the BUILT plugin (dist/) inside the plugin host (tests/host), driven in
// Debian's Chromium: no Grafana server, no downloaded browser.
const PORT = Number(process.env.HOST_PORT ?? 3100);

export default defineConfig({
  testDir: './tests/specs',
  outputDir: './test-results/artifacts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1400, height: 900 },
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
  },
  webServer: {
    // The specs read only the repository (tests/fixtures), whatever lies beside it.
    command: `node tests/host/serve.mjs --port ${PORT} --data fixtures`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
