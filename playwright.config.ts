import { defineConfig } from '@playwright/test';

import { CHROMIUM, CHROMIUM_ARGS } from './tests/host/chromium.mjs';
import { declaredVersions, ENTRIES, ENTRY_HEADER } from './tests/matrix/entries.cjs';
import type { MatrixEntry } from './tests/specs/fixtures';

// Browser specs run against the BUILT plugin (dist/) inside the plugin host (tests/host), driven in
// Debian's Chromium: no Grafana server, no downloaded browser. One project per matrix entry
// (tests/matrix/entries.cjs): every spec runs with the host sharing that entry's Grafana and React packages.
const PORT = Number(process.env.HOST_PORT ?? 3100);

export default defineConfig({
  testDir: './tests/specs',
  outputDir: './test-results/artifacts',
  fullyParallel: false,
  // One worker: specs that assert no main-thread task over 100 ms fail when a second Chromium shares the two
  // cores (seen: 200–450 ms tasks with two workers). PLAYWRIGHT_WORKERS=2 halves the wall time for the rest.
  workers: Number(process.env.PLAYWRIGHT_WORKERS ?? 1),
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['./tests/matrix/reporter.mjs']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1400, height: 900 },
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
  },
  projects: ENTRIES.map((entry) => ({
    name: `grafana-${entry.id}`,
    use: {
      matrix: { id: entry.id, react: entry.react, expected: declaredVersions(entry) } satisfies MatrixEntry,
      // The host server picks the entry's host bundle and icons by this header (tests/host/serve.mjs).
      extraHTTPHeaders: { [ENTRY_HEADER]: entry.id },
    },
  })),
  webServer: {
    // The specs read only the repository (tests/fixtures), whatever lies beside it.
    command: `node tests/host/serve.mjs --port ${PORT} --data fixtures`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
