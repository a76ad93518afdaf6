// The browser the specs and the demo drive: Debian's Chromium (no downloaded browser), and its launch
// flags (headless, no sandbox/GPU, nothing that phones home). No side effects: check-chromium.mjs checks.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
