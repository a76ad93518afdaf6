// Where the plugin's files are served from: Grafana serves an app plugin at
// `<appSubUrl>/public/plugins/bandscope-app/` (or a CDN). webpack knows it at runtime as
// `__webpack_public_path__`, which the scaffold derives from the entry module's URL, so for the nested
// panel and datasource entries it ends in `panel/` or `datasource/`; the assets (dist/assets/) and lazy
// chunks (the worker) live at the app root. Nothing here ever points at the internet.

declare let __webpack_public_path__: string;

/**
 * webpack's static `output.publicPath`: the fallback when the runtime public path is unset, and what the worker
 * runtime prefixes chunk names with (./workerFactory.ts).
 */
export const STATIC_PUBLIC_PATH = 'public/plugins/bandscope-app/';
const NESTED = /(?:panel|datasource)\/$/;

function baseURI(): string {
  return typeof document !== 'undefined'
    ? document.baseURI
    : typeof location !== 'undefined'
      ? location.href
      : 'http://localhost/';
}

/**
 * The app's public URL (absolute, ending in '/'); also resets webpack's runtime public path to it so that
 * chunks emitted at the app root (the Web Worker) load from the right place.
 */
export function appPublicPath(): string {
  const current =
    typeof __webpack_public_path__ === 'string' && __webpack_public_path__ !== ''
      ? __webpack_public_path__
      : STATIC_PUBLIC_PATH;
  const root = new URL(current.replace(NESTED, ''), baseURI()).href;
  if (typeof __webpack_public_path__ === 'string' && __webpack_public_path__ !== root) {
    __webpack_public_path__ = root;
  }
  return root;
}
