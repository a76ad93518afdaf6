// The browser specs drive Debian's Chromium; say how to get it instead of failing obscurely.
// Run it (`node tests/host/check-chromium.mjs`) or import it for the check; the path is chromium.mjs's.
import fs from 'node:fs';

import { CHROMIUM } from './chromium.mjs';

if (!fs.existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}. The browser specs need it: run  apt-get install -y chromium  (as root) and try again.`);
  process.exit(1);
}
