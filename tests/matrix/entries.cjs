// The version matrix: which packages the plugin host shares with the built plugin in each entry. An entry's
// packages are a small private package here (grafana-<id>/package.json, linked from the root package.json
// with `file:`), so one `npm ci` installs them beside the root's own 12.4 set, each set under its folder's
// node_modules (React 19 sits beside @grafana/* 13.2 and satisfies their peer dependency there).
// CommonJS, so that playwright.config.ts (which Playwright compiles to CommonJS) and the .mjs scripts both load it.
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');

/** The request header by which the host server picks an entry (Playwright sets it per project). */
const ENTRY_HEADER = 'x-bandscope-grafana';

/**
 * id: the Playwright project and the host bundle's folder; dir: where the entry's packages resolve from;
 * react: the React build the host bundles; levitate: also an API-compatibility target (the floor, the newest).
 */
const ENTRIES = [
  { id: '11.6', dir: 'tests/matrix/grafana-11.6', react: 'production', levitate: true },
  { id: '12.4', dir: '.', react: 'production', levitate: false },
  { id: '13.1', dir: 'tests/matrix/grafana-13.1', react: 'development', levitate: false },
  { id: '13.2', dir: 'tests/matrix/grafana-13.2', react: 'production', levitate: true },
];

/** The entry the demo, the benchmarks and a plain host page use: the packages Bandscope is built against. */
const DEFAULT_ENTRY = ENTRIES.find((e) => e.dir === '.');

function entryById(id) {
  const entry = ENTRIES.find((e) => e.id === id);
  if (!entry) {
    throw new Error(`unknown matrix entry "${id}" (known: ${ENTRIES.map((e) => e.id).join(', ')})`);
  }
  return entry;
}

/** The folder of package `name` as Node resolves it from the entry's folder (its node_modules, then upwards). */
function packageDir(name, entry = DEFAULT_ENTRY) {
  for (let dir = path.resolve(REPO, entry.dir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) {
      return candidate;
    }
    if (dir === REPO || dir === path.dirname(dir)) {
      throw new Error(`${name} is not installed for matrix entry ${entry.id} (run npm ci)`);
    }
  }
}

function installedVersion(name, entry = DEFAULT_ENTRY) {
  return JSON.parse(fs.readFileSync(path.join(packageDir(name, entry), 'package.json'), 'utf8')).version;
}

/** What the entry's package.json asks for: the versions a spec expects the host to report. */
function declaredVersions(entry) {
  const { dependencies } = JSON.parse(fs.readFileSync(path.join(REPO, entry.dir, 'package.json'), 'utf8'));
  const root = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).dependencies;
  return { grafana: dependencies['@grafana/ui'], react: dependencies.react ?? root.react };
}

module.exports = {
  REPO,
  ENTRY_HEADER,
  ENTRIES,
  DEFAULT_ENTRY,
  entryById,
  packageDir,
  installedVersion,
  declaredVersions,
};
