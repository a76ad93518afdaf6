// Every spec runs in the plugin host and fails on a page error, a console.error, a failed request,
// or a request that leaves the page's own origin (Bandscope must work in an air-gapped Grafana); in a
// matrix entry on React's development build, also on React's warnings (console.warn there).
import { test as base, expect, type Page } from '@playwright/test';

import type { Host } from '../host/src/main';

export interface HostProblems {
  pageErrors: string[];
  consoleErrors: string[];
  foreignRequests: string[];
}

/** The matrix entry a Playwright project runs (playwright.config.ts; tests/matrix/entries.cjs). */
export interface MatrixEntry {
  id: string;
  react: 'production' | 'development';
  /** The versions the entry's package.json declares: what the host must report. */
  expected: { grafana: string; react: string };
}

// React 18's development build prints its warnings with this prefix (most through console.error, some through console.warn).
const REACT_WARNING = /^Warning: /;

export const test = base.extend<{
  host: Page;
  problems: HostProblems;
  allowConsoleErrors: RegExp[];
  matrix: MatrixEntry;
}>({
  allowConsoleErrors: [[], { option: true }],
  matrix: [{ id: '12.4', react: 'production', expected: { grafana: '12.4.10', react: '18.3.1' } }, { option: true }],
  problems: async ({}, use) => {
    await use({ pageErrors: [], consoleErrors: [], foreignRequests: [] });
  },
  host: async ({ page, baseURL, problems, allowConsoleErrors, matrix }, use) => {
    const origin = new URL(baseURL!).origin;
    page.on('pageerror', (err) => problems.pageErrors.push(String(err.stack ?? err)));
    page.on('response', (res) => {
      if (res.status() >= 400) {
        problems.consoleErrors.push(`HTTP ${res.status()} ${res.url()}`);
      }
    });
    page.on('console', (msg) => {
      const text = msg.text();
      const reactWarning = matrix.react === 'development' && msg.type() === 'warning' && REACT_WARNING.test(text);
      if (
        reactWarning ||
        (msg.type() === 'error' &&
          !text.startsWith('Failed to load resource') &&
          !allowConsoleErrors.some((re) => re.test(text)))
      ) {
        problems.consoleErrors.push(text);
      }
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) {
        return route.continue();
      }
      problems.foreignRequests.push(url);
      return route.abort('blockedbyclient');
    });
    await page.goto('/');
    await page.waitForFunction(() => (window as unknown as { hostReady?: boolean }).hostReady === true);
    await use(page);
    expect(problems.pageErrors, 'page errors').toEqual([]);
    expect(problems.consoleErrors, 'console.error calls').toEqual([]);
    expect(problems.foreignRequests, 'requests leaving the page origin').toEqual([]);
  },
});

export { expect };

declare global {
  interface Window {
    /** The plugin host API (tests/host/src/main.tsx), for page.evaluate callbacks. */
    host: Host;
  }
}

/** `test-results/<matrix entry>/<name>.png` (the Playwright project's name: one folder per entry). */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/${test.info().project.name}/${name}.png`, fullPage: true });
}

/** Imports the built plugin into the host (`window.host.load`): the ids of the app, datasource and panel loaded. */
export function load(page: Page, jsonData: object = {}) {
  return page.evaluate((j) => window.host.load(j), jsonData);
}

/** Runs a query in the host (`window.host.query`): every emission as `{ state, errors, series: DataFrameDTO[] }`. */
export function query(page: Page, uid: string, targets: object[], opts: Parameters<Host['query']>[2] = {}) {
  return page.evaluate(
    ({ uid, targets, opts }) => window.host.query(uid, targets as Parameters<Host['query']>[1], opts),
    { uid, targets, opts }
  );
}

/** Renders the Bandscope panel in the host (`window.host.renderPanel`); `load` first imports the plugin. */
export async function renderPanel(page: Page, spec: Record<string, unknown>, { load: loadFirst = false } = {}) {
  if (loadFirst) {
    await load(page);
  }
  await page.evaluate((s) => window.host.renderPanel(s as unknown as Parameters<Host['renderPanel']>[0]), spec);
}

export interface Filled {
  code: string;
  count: number;
  fill: string;
}

/** Every country path/dot with traffic: code, count and fill. */
export async function filled(page: Page): Promise<Filled[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid="bandscope-map-svg"] [data-code]'))
      .map((e) => ({
        code: e.getAttribute('data-code')!,
        count: Number(e.getAttribute('data-count')),
        fill: e.getAttribute('fill')!,
      }))
      .filter((x) => x.count > 0)
  );
}

/** The map is ready: counted and drawn. */
export const mapReady = (page: Page) =>
  expect(page.getByTestId('bandscope-map')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });

/**
 * Runs an annotation query on the Bandscope datasource as a dashboard does (prepareAnnotation, prepareQuery,
 * query, processEvents): the prepared query, the answer's frame names and the events.
 */
export function annotate(page: Page, target: object) {
  return page.evaluate(async (t) => {
    const ds = await window.host.dataSourceSrv.get('bandscope');
    const anno = {
      name: 'Bandscope anomalies',
      enable: true,
      iconColor: 'red',
      datasource: { uid: 'bandscope', type: 'bandscope-datasource' },
      target: t,
    };
    const support = ds.annotations!;
    const prepared = support.prepareAnnotation ? support.prepareAnnotation(anno as never) : anno;
    const query = support.prepareQuery!(prepared as never)!;
    const request = window.host.buildRequest([query], { range: { from: 0, to: Date.now() }, intervalMs: 1800_000 });
    const answer = await new Promise<{ data: Array<{ name?: string }> }>((resolve, reject) => {
      let last: unknown;
      const res = ds.query(request) as unknown as { subscribe: (o: object) => void };
      res.subscribe({ next: (r: unknown) => (last = r), error: reject, complete: () => resolve(last as never) });
    });
    const events = await new Promise<Array<Record<string, unknown>>>((resolve) =>
      support.processEvents!(prepared as never, answer.data as never)!.subscribe((e) => resolve((e ?? []) as never))
    );
    return {
      query,
      names: answer.data.map((f) => f.name),
      events: events.map(({ time, timeEnd, isRegion, title, text, tags, color }) => ({
        time: time as number,
        timeEnd: timeEnd as number,
        isRegion,
        title: title as string,
        text: text as string,
        tags: tags as string[],
        color: color as string,
      })),
    };
  }, target);
}

/**
 * 600 requests at 19 May 2015 14:00 (five times a usual hour), to append to the apache_logs sample, whose full
 * buckets hold no burst: bucket 52 of its 84 hourly buckets.
 */
export const APACHE_BURST = Array.from(
  { length: 600 },
  (_, i) =>
    `203.0.113.${i % 250} - - [19/May/2015:14:${String(i % 60).padStart(2, '0')}:00 +0000] "GET /burst HTTP/1.1" 200 512 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/30.0"`
);

/**
 * 200 requests from a Brazilian address (geoip-lite: BR; the sample has ~1.5 an hour from Brazil) in the same hour
 * as APACHE_BURST, bucket 52: a burst the map's anomaly mode can place (APACHE_BURST's addresses have no country).
 */
export const COUNTRY_BURST = Array.from(
  { length: 200 },
  (_, i) =>
    `187.45.193.158 - - [19/May/2015:14:${String(i % 60).padStart(2, '0')}:30 +0000] "GET /burst HTTP/1.1" 200 512 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/30.0"`
);

/** A screen point inside a country on the map where its own shape is the topmost element (for hover and click). */
export async function pointIn(page: Page, code: string): Promise<[number, number]> {
  return page.evaluate((c) => {
    const el = document.querySelector(`path[data-code="${c}"]`)!;
    const box = el.getBoundingClientRect();
    for (let fy = 0.3; fy < 0.9; fy += 0.05) {
      for (let fx = 0.3; fx < 0.9; fx += 0.05) {
        const x = box.left + box.width * fx;
        const y = box.top + box.height * fy;
        if (document.elementFromPoint(x, y) === el) {
          return [x, y] as [number, number];
        }
      }
    }
    throw new Error(`no point inside ${c}`);
  }, code);
}
