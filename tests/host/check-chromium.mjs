// The browser specs drive Debian's Chromium; say how to get it instead of failing obscurely.
import fs from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!fs.existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}. The browser specs need it: run  apt-get install -y chromium  (as root) and try again.`);
  process.exit(1);
}
