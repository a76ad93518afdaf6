// Creates the web-log Web Worker. Kept apart because `import.meta.url` is webpack/ESM syntax that Jest's
// CommonJS transform cannot load: ./client.ts imports this module only in a browser.
//
// What webpack 5 does with `new Worker(new URL('./worker.ts', import.meta.url))` in this plugin, and why
// the worker is started through a small bootstrap:
//  1. It emits ./worker.ts as its own chunk at the app root (dist/bandscope-weblog.js) and builds its URL
//     from the runtime public path, which the scaffold sets to the *nested* entry's folder
//     (…/bandscope-app/panel/). ./publicPath.ts resets it to the app root first.
//  2. The plugin's `output.library.type: 'amd'` also wraps the worker chunk in `define(() => …)`, and a
//     worker has no `define`: the bootstrap provides a one-line AMD `define` that runs the factory.
//  3. When splitChunks moves a worker dependency into a separate chunk (none today), the worker loads it
//     with importScripts('public/plugins/bandscope-app/<id>.js'), webpack's static public path, which
//     means nothing inside a blob worker: the bootstrap maps it to the app's actual public URL.
// A blob bootstrap also keeps working when plugins are served from a CDN (another origin), where a
// worker script URL would be refused; importScripts may load cross-origin scripts.

import { appPublicPath, STATIC_PUBLIC_PATH } from './publicPath';

/**
 * The worker bootstrap: an AMD `define` shim, importScripts URLs under the static public path mapped to the
 * app's actual public URL `appRoot` (a CDN, a sub-path) and other relative URLs resolved against the page's
 * `base`, then the worker chunk itself.
 */
export function bootstrapSource(workerUrl: string, base: string, appRoot: string): string {
  return [
    `var base = ${JSON.stringify(base)}, root = ${JSON.stringify(appRoot)}, prefix = ${JSON.stringify(STATIC_PUBLIC_PATH)};`,
    `self.define = function (a, b) { return (typeof a === 'function' ? a : b)(); };`,
    `self.define.amd = {};`,
    `var load = self.importScripts.bind(self);`,
    `function resolve(u) { u = String(u); return u.indexOf(prefix) === 0 ? root + u.slice(prefix.length) : new URL(u, base).href; }`,
    `self.importScripts = function () { return load.apply(self, Array.prototype.map.call(arguments, resolve)); };`,
    `load(${JSON.stringify(workerUrl)});`,
  ].join('\n');
}

export function createWeblogWorker(): Worker {
  const root = appPublicPath();
  const Native = globalThis.Worker;
  const base = typeof document !== 'undefined' ? document.baseURI : String(location.href);
  // webpack compiles the statement below to `new Worker(new URL(<public path + chunk>), …)` against the
  // global `Worker`; for that one call the global is a subclass that starts the bootstrap instead.
  class BootstrappedWorker extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      const blob = new Blob([bootstrapSource(String(url), base, root)], { type: 'text/javascript' });
      const blobUrl = URL.createObjectURL(blob);
      super(blobUrl, { ...options, type: 'classic' });
      // The worker has fetched its script by the time it runs; revoke once it had the chance to start.
      setTimeout(() => URL.revokeObjectURL(blobUrl), 10_000);
    }
  }
  (globalThis as { Worker: typeof Worker }).Worker = BootstrappedWorker;
  try {
    return new Worker(new URL('./worker.ts', import.meta.url), { name: 'bandscope-weblog' });
  } finally {
    (globalThis as { Worker: typeof Worker }).Worker = Native;
  }
}
