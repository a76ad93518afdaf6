// Every spec runs in the plugin host and fails on a page error, a console.error, a failed request,
// or a request that leaves the page's own origin (Bandscope must work in an air-gapped Grafana).
import { test as base, expect, type Page } from '@playwright/test';

import type { Host } from '../host/src/main';

export interface HostProblems {
  pageErrors: string[];
  consoleErrors: string[];
  foreignRequests: string[];
}

export const test = base.extend<{ host: Page; problems: HostProblems; allowConsoleErrors: RegExp[] }>({
  allowConsoleErrors: [[], { option: true }],
  problems: async ({}, use) => {
    await use({ pageErrors: [], consoleErrors: [], foreignRequests: [] });
  },
  host: async ({ page, baseURL, problems, allowConsoleErrors }, use) => {
    const origin = new URL(baseURL!).origin;
    page.on('pageerror', (err) => problems.pageErrors.push(String(err.stack ?? err)));
    page.on('response', (res) => {
      if (res.status() >= 400) {
        problems.consoleErrors.push(`HTTP ${res.status()} ${res.url()}`);
      }
    });
    page.on('console', (msg) => {
      if (
        msg.type() === 'error' &&
        !msg.text().startsWith('Failed to load resource') &&
        !allowConsoleErrors.some((re) => re.test(msg.text()))
      ) {
        problems.consoleErrors.push(msg.text());
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

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
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
