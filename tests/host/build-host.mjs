// Bundles the plugin host (React + the real @grafana/* packages) into one script with esbuild.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.env.HOST_BUILD_DIR ? path.resolve(process.env.HOST_BUILD_DIR) : path.join(here, '.build');

export async function buildHost() {
  fs.mkdirSync(out, { recursive: true });
  const started = Date.now();
  await esbuild.build({
    entryPoints: [path.join(here, 'src', 'main.tsx')],
    bundle: true,
    outfile: path.join(out, 'host.js'),
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    jsx: 'automatic',
    loader: { '.svg': 'text', '.css': 'empty', '.woff2': 'empty', '.woff': 'empty', '.ttf': 'empty' },
    logLevel: 'error',
    define: {
      'process.env.NODE_ENV': '"production"',
      // lodash's UMD wrapper would otherwise see SystemJS's global `define` and register itself as AMD.
      define: 'undefined',
      global: 'globalThis',
    },
  });
  for (const file of ['system.js', 'extras/amd.js']) {
    fs.copyFileSync(path.join(here, '..', '..', 'node_modules', 'systemjs', 'dist', file), path.join(out, path.basename(file)));
  }
  return Date.now() - started;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ms = await buildHost();
  console.log(`plugin host built in ${ms} ms → ${path.relative(process.cwd(), out)}/host.js`);
}
