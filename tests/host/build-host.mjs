// Bundles the plugin host (React + the real @grafana/* packages) into one script with esbuild, once per
// matrix entry (tests/matrix/entries.cjs): <out>/<entry>/host.js shares that entry's packages with the plugin.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { DEFAULT_ENTRY, ENTRIES, entryById, installedVersion, REPO } from '../matrix/entries.cjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const HOST_BUILD_DIR = process.env.HOST_BUILD_DIR ? path.resolve(process.env.HOST_BUILD_DIR) : path.join(here, '.build');

// Bare imports of these resolve from the entry's folder, whoever imports them (the host, @grafana/ui, or a library
// hoisted to the root), so each bundle holds one copy of each, of the entry's version, as Grafana itself does.
const SHARED = /^(react|react-dom|@grafana\/[^/]+|@emotion\/(css|react)|rxjs|lodash|moment|d3)(\/.*)?$/;
// @grafana/ui before 12.x imports these packages' CommonJS files, which esbuild would turn into plain objects
// (every Input crashes): their ES module twins are what Grafana's own webpack build picks.
const ESM_TWINS = [
  [/^react-use\/lib\//, 'react-use/esm/'],
  [/^rc-picker\/lib\//, 'rc-picker/es/'],
];

function matrixResolution(entry) {
  const resolveDir = path.resolve(REPO, entry.dir);
  return {
    name: 'matrix-entry',
    setup(build) {
      build.onResolve({ filter: SHARED }, (args) =>
        args.pluginData === 'entry' ? undefined : build.resolve(args.path, { kind: args.kind, resolveDir, pluginData: 'entry' })
      );
      for (const [from, to] of ESM_TWINS) {
        build.onResolve({ filter: from }, (args) =>
          build.resolve(args.path.replace(from, to), { kind: args.kind, resolveDir: args.resolveDir })
        );
      }
    },
  };
}

/**
 * The @grafana/* packages the entry's Grafana shares (those its package.json lists), with the versions the
 * bundle resolves: the host reports them and shares only these (a spec checks both).
 */
function sharedVersions(entry) {
  const { dependencies } = JSON.parse(fs.readFileSync(path.join(REPO, entry.dir, 'package.json'), 'utf8'));
  const grafana = Object.keys(dependencies).filter((name) => name.startsWith('@grafana/'));
  return Object.fromEntries(grafana.map((name) => [name, installedVersion(name, entry)]));
}

async function buildEntry(entry) {
  const out = path.join(HOST_BUILD_DIR, entry.id);
  fs.mkdirSync(out, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(here, 'src', 'main.tsx')],
    bundle: true,
    outfile: path.join(out, 'host.js'),
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: entry.react === 'production',
    sourcemap: false,
    jsx: 'automatic',
    loader: { '.svg': 'text', '.css': 'empty', '.woff2': 'empty', '.woff': 'empty', '.ttf': 'empty' },
    logLevel: 'error',
    plugins: [matrixResolution(entry)],
    define: {
      'process.env.NODE_ENV': JSON.stringify(entry.react),
      // lodash's UMD wrapper would otherwise see SystemJS's global `define` and register itself as AMD.
      define: 'undefined',
      global: 'globalThis',
      HOST_SHARED_VERSIONS: JSON.stringify(sharedVersions(entry)),
    },
  });
}

export async function buildHost(ids = ENTRIES.map((e) => e.id)) {
  const started = Date.now();
  await Promise.all(ids.map((id) => buildEntry(entryById(id))));
  for (const file of ['system.js', 'extras/amd.js']) {
    fs.copyFileSync(path.join(REPO, 'node_modules', 'systemjs', 'dist', file), path.join(HOST_BUILD_DIR, path.basename(file)));
  }
  return Date.now() - started;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `node build-host.mjs [--default | entry…]`: every matrix entry, only the default one, or the ones named.
  const args = process.argv.slice(2);
  const ids = args.includes('--default') ? [DEFAULT_ENTRY.id] : args.length > 0 ? args : ENTRIES.map((e) => e.id);
  const ms = await buildHost(ids);
  console.log(`plugin host built in ${ms} ms → ${path.relative(process.cwd(), HOST_BUILD_DIR)}/{${ids.join(',')}}/host.js`);
}
