// Static server for the plugin host: the host page, dist/ at Grafana's plugin path, @grafana/ui's
// icons at Grafana's icon path, and datasets under /data/: the repository's test fixtures, or the shared datasets.
// Which matrix entry's host a page gets (tests/matrix/entries.cjs) is the request's `x-bandscope-grafana`
// header (Playwright sets it per project); without it, the packages Bandscope is built against.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { DEFAULT_ENTRY, ENTRY_HEADER, entryById, installedVersion, packageDir } from '../matrix/entries.cjs';
import { HOST_BUILD_DIR } from './build-host.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
// The same directory as SHARED_DATA in scripts/datasets.ts (a TypeScript module this plain-Node server cannot import).
const sharedData = path.resolve(repo, '..', 'shared', 'data');
const fixtures = path.join(repo, 'tests', 'fixtures');

/**
 * What /data/nab/ and /data/apache_logs/ serve. `fixtures`: the files committed in tests/fixtures (the specs: a
 * fresh clone must pass alone); `shared`: the datasets beside the repository (the demo, when they are there).
 */
const DATASETS = {
  fixtures: { nab: path.join(fixtures, 'nab'), apache_logs: path.join(fixtures, 'apache_logs') },
  shared: { nab: path.join(sharedData, 'nab-visible'), apache_logs: path.join(sharedData, 'apache_logs') },
};

/** `shared` when the shared datasets are beside the repository, else `fixtures`. */
export const DEFAULT_DATA = fs.existsSync(sharedData) ? 'shared' : 'fixtures';

export const DIST_DIR = process.env.BANDSCOPE_DIST ? path.resolve(process.env.BANDSCOPE_DIST) : path.join(repo, 'dist');

function routes(entry, data) {
  const icons = path.join(packageDir('@grafana/ui', entry), 'dist', 'public', 'img', 'icons');
  return [
    ['/host/', path.join(HOST_BUILD_DIR, entry.id)],
    ['/host-lib/', HOST_BUILD_DIR],
    ['/public/plugins/bandscope-app/', DIST_DIR],
    // @grafana/ui 12.x loads its icons from public/build/img, earlier versions from public/img.
    ['/public/build/img/icons/', icons],
    ['/public/img/icons/', icons],
    ['/data/nab/', DATASETS[data].nab],
    ['/data/apache_logs/', DATASETS[data].apache_logs],
  ];
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

const page = (entry) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Bandscope plugin host</title>
<link rel="icon" href="/public/plugins/bandscope-app/img/logo.svg">
<script>
  // What Grafana's index.html provides before any plugin code runs.
  window.grafanaBootData = {
    settings: { appSubUrl: '', buildInfo: { version: '${installedVersion('@grafana/ui', entry)}' }, featureToggles: {}, datasources: {}, panels: {}, apps: {} },
    user: { lightTheme: false, timezone: 'utc', locale: 'en-US', language: 'en-US' },
    navTree: [],
  };
</script>
<script src="/host-lib/system.js"></script>
<script src="/host-lib/amd.js"></script>
</head>
<body>
<div id="root"></div>
<script src="/host/host.js"></script>
<script>if (location.pathname === '/demo') { window.host.renderDemo(new URLSearchParams(location.search).get('theme') || 'dark'); }</script>
</body>
</html>`;

// Grafana serves Inter and Roboto Mono (code, <pre>) from public/fonts; the host serves the same faces from
// @fontsource. Grafana's one Roboto Mono file serves weights 400 and 500: the host's is the 400 face.
const fontsource = (family, file) => path.join(repo, 'node_modules', '@fontsource', family, 'files', file);
const FONTS = {
  '/public/fonts/inter/Inter-Regular.woff2': fontsource('inter', 'inter-latin-400-normal.woff2'),
  '/public/fonts/inter/Inter-Medium.woff2': fontsource('inter', 'inter-latin-500-normal.woff2'),
  '/public/fonts/inter/Inter-Italic.woff2': fontsource('inter', 'inter-latin-400-italic.woff2'),
  '/public/fonts/inter/Inter-MediumItalic.woff2': fontsource('inter', 'inter-latin-500-italic.woff2'),
  '/public/fonts/roboto/L0xTDF4xlVMF-BfR8bXMIhJHg45mwgGEFl0_3vrtSM1J-gEPT5Ese6hmHSh0mQ.woff2': fontsource(
    'roboto-mono',
    'roboto-mono-latin-400-normal.woff2'
  ),
};

function resolve(urlPath, table) {
  if (FONTS[urlPath]) {
    return FONTS[urlPath];
  }
  // Grafana core ships this icon (at 11.x's path or 12.x's); @grafana/ui's package does not.
  if (urlPath === '/public/build/img/icons/unicons/spinner.svg' || urlPath === '/public/img/icons/unicons/spinner.svg') {
    return path.join(here, 'assets', 'spinner.svg');
  }
  for (const [prefix, dir] of table) {
    if (urlPath.startsWith(prefix)) {
      const file = path.resolve(dir, '.' + decodeURIComponent(urlPath.slice(prefix.length - 1)));
      return file.startsWith(dir) ? file : undefined;
    }
  }
  return undefined;
}

// /prometheus/<port>/api/v1/… → a Prometheus a spec started on 127.0.0.1:<port>: same origin for the page, like
// Grafana's datasource proxy. Only the read API of a local server, nothing else.
const PROMETHEUS = /^\/prometheus\/(\d{4,5})(\/api\/v1\/[a-z_/]+)$/;

function proxyPrometheus(req, res, port, apiPath) {
  const query = new URL(req.url ?? '/', 'http://localhost').search;
  const upstream = http.request({ host: '127.0.0.1', port, path: apiPath + query, method: 'GET' }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
    answer.pipe(res);
  });
  upstream.on('error', (err) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`prometheus on port ${port}: ${err.message}`);
  });
  upstream.end();
}

/** `data`: `fixtures` or `shared` (see DATASETS). */
export function startServer({ port = 3000, host = '127.0.0.1', data = DEFAULT_DATA } = {}) {
  if (!DATASETS[data]) {
    throw new Error(`data must be one of ${Object.keys(DATASETS).join(', ')}, got ${JSON.stringify(data)}`);
  }
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    const prom = PROMETHEUS.exec(urlPath);
    if (prom && req.method === 'GET') {
      proxyPrometheus(req, res, Number(prom[1]), prom[2]);
      return;
    }
    const requested = req.headers[ENTRY_HEADER];
    const entry = typeof requested === 'string' ? entryById(requested) : DEFAULT_ENTRY;
    if (urlPath === '/' || urlPath === '/index.html' || urlPath === '/demo') {
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      res.end(page(entry));
      return;
    }
    const file = resolve(urlPath, routes(entry, data));
    const isFile = (f) => fs.existsSync(f) && fs.statSync(f).isFile();
    // Large fixtures are stored gzip-compressed: served as they are, the browser inflates them.
    const gzipped = file && !isFile(file) && isFile(`${file}.gz`);
    if (!file || (!gzipped && !isFile(file))) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`not found: ${urlPath}`);
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      ...(gzipped ? { 'content-encoding': 'gzip' } : {}),
    });
    fs.createReadStream(gzipped ? `${file}.gz` : file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const port = Number(flag('--port') ?? 3000);
  const data = flag('--data') ?? DEFAULT_DATA;
  await startServer({ port, data });
  console.log(`plugin host at http://127.0.0.1:${port}/ (data: ${data})`);
}
