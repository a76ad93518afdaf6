import { bootstrapSource } from './workerFactory';

describe('worker bootstrap', () => {
  it('defines AMD define, maps importScripts to the app URL, then loads the chunk', () => {
    const src = bootstrapSource(
      'https://cdn/b/public/plugins/bandscope-app/bandscope-weblog.js?_cache=1',
      'http://h/grafana/',
      'https://cdn/b/public/plugins/bandscope-app/'
    );
    const loaded: string[] = [];
    const self: Record<string, unknown> = { importScripts: (...u: string[]) => loaded.push(...u) };
    new Function('self', src)(self);
    expect(loaded).toEqual(['https://cdn/b/public/plugins/bandscope-app/bandscope-weblog.js?_cache=1']);
    // webpack's static public path → the app's actual URL; anything else relative → the page's base.
    (self.importScripts as (u: string) => void)('public/plugins/bandscope-app/660.js?_cache=2');
    expect(loaded[1]).toBe('https://cdn/b/public/plugins/bandscope-app/660.js?_cache=2');
    (self.importScripts as (u: string) => void)('other/x.js');
    expect(loaded[2]).toBe('http://h/grafana/other/x.js');
    let ran = false;
    (self.define as (f: () => void) => void)(() => (ran = true));
    expect(ran).toBe(true);
  });
});
