// Peers end to end, with the BUILT plugin in the plugin host: the datasource's `Compare = peers` equals the
// population engine on the upstream's series (one wide frame of 8 countries' hourly requests, labelled as
// Prometheus answers `sum by (country)`), the panel's peers view draws the outlier over the grey crowd with a
// legend sorted by outlier score (a click isolates a series), the same from plain frames computed in the panel
// (the grey crowd drawn at once, the comparison when the panel's worker answers), and Grafana's own Time series
// draws the cluster range.
import type { Page } from '@playwright/test';

import { createPopulation } from '../../src/detect';
import { expect, load, query, renderPanel, screenshot, test } from './fixtures';

const WEBLOG = { uid: 'weblog', type: 'harness-weblog' };
const COUNTRIES = { refId: 'A', shape: 'series' };
const target = (compare: string) => ({ refId: 'A', upstream: WEBLOG, upstreamQuery: COUNTRIES, compare });

interface FieldDTO {
  name: string;
  type: string;
  values: Array<number | null>;
  labels?: Record<string, string>;
  config?: Record<string, any>;
}
interface FrameDTO {
  name?: string;
  fields: FieldDTO[];
  meta?: Record<string, any>;
}

const num = (v: number | null) => (v === null ? NaN : v);
const role = (f: FrameDTO, r: string) => f.fields.find((x) => x.config?.custom?.bandscope?.role === r)!;

/** The legend, top to bottom: names and outlier scores. */
async function legend(page: Page) {
  const items = page.getByTestId('bandscope-peers-legend-item');
  await expect(items.first()).toBeAttached();
  return items.evaluateAll((els) =>
    els.map((e) => ({ name: e.getAttribute('data-series')!, score: Number(e.getAttribute('data-outlier-score')) }))
  );
}

async function peersReady(page: Page, origin: string) {
  const view = page.getByTestId('bandscope-peers');
  await expect(view).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(view).toHaveAttribute('data-origin', origin);
  return view;
}

test.describe('Peers', () => {
  test.beforeEach(async ({ host }) => {
    await load(host);
  });

  test("the datasource's Compare = peers is the population engine on the upstream's series", async ({ host }) => {
    const [raw] = await query(host, 'weblog', [COUNTRIES]);
    const source = raw.series[0] as FrameDTO;
    const times = source.fields[0].values as number[];
    const columns = source.fields.slice(1).map((f) => f.values.map(num));
    const expected = createPopulation(columns.length).run(times, columns);
    const [res] = await query(host, 'bandscope', [target('peers')]);
    expect(res.errors ?? []).toEqual([]);
    const frames = res.series as FrameDTO[];
    const range = frames.find((f) => f.name === 'bandscope-peers')!;
    const series = frames.filter((f) => f !== range);
    expect(series).toHaveLength(8);
    series.forEach((f, i) => {
      expect(f.fields.map((x) => x.name)).toEqual(['Time', 'Value', 'peerScore', 'peerOutlier']);
      expect(f.fields[1].labels).toEqual(source.fields[i + 1].labels);
      expect(Array.from(role(f, 'peerScore').values, num)).toEqual(Array.from(expected.score[i]));
      expect(Array.from(role(f, 'peerOutlier').values)).toEqual(Array.from(expected.anomaly[i]));
      expect(f.meta?.custom?.bandscopePeers?.outlierScore).toBe(expected.outlierScore[i]);
    });
    expect(Array.from(role(range, 'peerCenter').values, num)).toEqual(Array.from(expected.center));
    expect(Array.from(role(range, 'peerHigh').values, num)).toEqual(Array.from(expected.high));
    // the biggest country (US, 400 requests an hour at its base) is the one unlike the rest; DE's one-hour burst
    // at 14:00 is not lasting, so it is no peer outlier then
    const us = series.findIndex((f) => f.fields[1].labels?.country === 'US');
    expect(expected.outlierScore[us]).toBe(Math.max(...expected.outlierScore));
    const de = series.findIndex((f) => f.fields[1].labels?.country === 'DE');
    expect(role(series[de], 'peerOutlier').values[14]).toBe(0);

    const [one] = await query(host, 'bandscope', [
      {
        refId: 'B',
        upstream: { uid: 'nab-csv', type: 'harness-csv' },
        upstreamQuery: { refId: 'B', file: 'realKnownCause/nyc_taxi.csv' },
        compare: 'peers',
      },
    ]);
    expect(one.errors?.[0]?.message).toMatch(
      /^Bandscope query B: Compare = peers: comparing peers needs at least 3 series on one time axis; there is 1 /
    );
  });

  for (const theme of ['dark', 'light'] as const) {
    test(`the peers view: the outlier over the grey crowd, legend by outlier score, a click isolates (${theme})`, async ({
      host,
    }) => {
      await renderPanel(host, {
        datasource: 'bandscope',
        targets: [target('peers')],
        options: { view: 'peers' },
        theme,
        title: 'Requests by country · peers',
        width: 1100,
        height: 480,
      });
      const view = await peersReady(host, 'datasource');
      await expect(view).toHaveAttribute('data-series', '8');
      const items = await legend(host);
      expect(items.map((i) => i.score)).toEqual([...items.map((i) => i.score)].sort((a, b) => b - a));
      expect(items[0].name).toMatch(/US/);
      const highlighted = (await view.getAttribute('data-highlighted'))!.split('|');
      expect(highlighted[0]).toBe(items[0].name);
      await screenshot(host, `peers-panel-${theme}`);
      // a click on a crowd member isolates it: drawn alone in colour, the rest grey; a second click goes back
      const other = items[items.length - 1].name;
      await host.getByTestId('bandscope-peers-legend').getByText(other, { exact: true }).click();
      await expect(view).toHaveAttribute('data-isolated', 'true');
      await expect(view).toHaveAttribute('data-highlighted', other);
      await screenshot(host, `peers-isolated-${theme}`);
      await host.getByTestId('bandscope-peers-legend').getByText(other, { exact: true }).click();
      await expect(view).toHaveAttribute('data-isolated', 'false');
      await expect(view).toHaveAttribute('data-highlighted', highlighted.join('|'));
    });
  }

  test('plain frames: the panel compares the series itself, with the same result', async ({ host }) => {
    await renderPanel(host, { datasource: 'bandscope', targets: [target('peers')], options: { view: 'peers' } });
    await peersReady(host, 'datasource');
    const fromDatasource = await legend(host);
    await renderPanel(host, { datasource: 'weblog', targets: [COUNTRIES], options: { view: 'peers' } });
    const view = await peersReady(host, 'panel');
    await expect(view).toHaveAttribute('data-ran-in', 'main'); // 8 × 24 cells: not worth a worker
    expect(await legend(host)).toEqual(fromDatasource);
    // Compare = both: the own-history bands are there too; the peers view reads the peer comparison
    await renderPanel(host, { datasource: 'bandscope', targets: [target('both')], options: { view: 'peers' } });
    await peersReady(host, 'datasource');
    expect(await legend(host)).toEqual(fromDatasource);
  });

  /** 200 pods on one daily wave with their own jitter, minutes lo..hi−1; pod 37 runs 30 % hot for two hours from 10:00. */
  const T0 = Date.UTC(2026, 0, 1);
  function pods(lo: number, hi: number) {
    const times = Array.from({ length: hi - lo }, (_, t) => T0 + (lo + t) * 60_000);
    const values = Array.from({ length: 200 }, (_, p) =>
      times.map((_, i) => {
        const t = lo + i;
        const wave = 100 + 20 * Math.sin((2 * Math.PI * t) / 1440);
        const jitter = 3 * Math.sin(p * 12.9898 + t * 78.233);
        return wave + jitter + (p === 37 && t >= 600 && t < 720 ? 30 : 0);
      })
    );
    const frames = [
      {
        fields: [
          { name: 'time', type: 'time', values: times },
          ...values.map((v, p) => ({ name: `pod-${p}`, type: 'number', values: v })),
        ],
      },
    ];
    return { times, values, frames };
  }

  /**
   * Holds the page's `peers` messages to the worker until `window.__releasePeers()`: the comparison cannot come
   * back before the test says so, whatever the machine's speed.
   */
  async function holdPeersMessages(page: Page) {
    await page.evaluate(() => {
      const post = Worker.prototype.postMessage;
      const held: Array<() => void> = [];
      const w = window as unknown as { __releasePeers: () => void; __peersHeld: () => number };
      w.__releasePeers = () => held.splice(0).forEach((send) => send());
      w.__peersHeld = () => held.length;
      Worker.prototype.postMessage = function (this: Worker, message: any, transfer?: any) {
        if (message?.type === 'peers') {
          held.push(() => post.call(this, message, transfer));
        } else {
          post.call(this, message, transfer);
        }
      };
    });
  }

  /** Painted rows per pixel column of the view's plot (the median over columns: vertical grid lines left out). */
  function paintedRowsPerColumn(page: Page) {
    return page.getByTestId('bandscope-peers').evaluate((view) => {
      const canvas = view.querySelector('canvas')!;
      const over = view.querySelector('.u-over')!.getBoundingClientRect();
      const box = canvas.getBoundingClientRect();
      const scale = canvas.width / box.width;
      const [x0, y0] = [Math.round((over.left - box.left) * scale), Math.round((over.top - box.top) * scale)];
      const [w, h] = [Math.floor(over.width * scale), Math.floor(over.height * scale)];
      const pixels = canvas.getContext('2d')!.getImageData(x0, y0, w, h).data;
      const rows: number[] = [];
      for (let x = 0; x < w; x++) {
        let n = 0;
        for (let y = 0; y < h; y++) {
          n += pixels[(y * w + x) * 4 + 3] > 0 ? 1 : 0;
        }
        rows.push(n);
      }
      return { median: rows.sort((a, b) => a - b)[w >> 1], height: h };
    });
  }

  test("200 series × a day of minutes: the crowd at once, compared in the worker, the engine's scores, the departing pod on top", async ({
    host,
  }) => {
    const { times, values, frames } = pods(0, 1440);
    const expected = createPopulation(values.length).run(times, values);
    await holdPeersMessages(host);
    await renderPanel(host, { frames, options: { view: 'peers' }, width: 1100, height: 480 });
    // The comparison is held back: the crowd is drawn without it, every pod grey, the legend by name
    const crowd = host.getByTestId('bandscope-peers');
    await expect(crowd).toHaveAttribute('data-status', 'crowd');
    await expect.poll(() => host.evaluate(() => (window as any).__peersHeld())).toBe(1);
    await expect(crowd).toHaveAttribute('data-series', '200');
    await expect(crowd).toHaveAttribute('data-highlighted', '');
    const names = await host
      .getByTestId('bandscope-peers-legend-item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-series')));
    expect(names.slice(0, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((p) => `pod-${p}`));
    // 200 pods ±3 around one wave, ~8 % of the y range: at every minute their lines paint a band of rows (the grid
    // lines alone paint ~2 % of a column)
    const painted = await paintedRowsPerColumn(host);
    expect(painted.median).toBeGreaterThan(painted.height * 0.05);
    await screenshot(host, 'peers-200-pods-crowd-dark');
    await host.evaluate(() => (window as any).__releasePeers());
    const view = await peersReady(host, 'panel');
    await expect(view).toHaveAttribute('data-ran-in', 'worker');
    await expect(view).toHaveAttribute('data-series', '200');
    const items = await legend(host);
    expect(items[0].name).toBe('pod-37');
    const byName = new Map(items.map((i) => [i.name, i.score]));
    for (const [name, score] of byName) {
      expect(score).toBe(expected.outlierScore[Number(name.slice(4))]);
    }
    await screenshot(host, 'peers-200-pods-dark');
  });

  test('a refreshing live panel: the worker compares only the new minutes, and the legend is the full comparison', async ({
    host,
  }) => {
    await renderPanel(host, { frames: pods(0, 1440).frames, options: { view: 'peers' }, width: 1100, height: 480 });
    const view = await peersReady(host, 'panel');
    await expect(view).toHaveAttribute('data-processed', '1440');
    for (const [hi, added] of [
      [1441, 1],
      [1443, 2],
      [1446, 3],
      [1447, 1],
      [1448, 1],
      [1449, 1],
    ]) {
      // the same mounted panel, the dashboard's last day one or a few minutes later
      await renderPanel(host, {
        frames: pods(hi - 1440, hi).frames,
        options: { view: 'peers' },
        width: 1100,
        height: 480,
      });
      await expect(view).toHaveAttribute('data-processed', String(added)); // distinct each time: not the last render's
      await expect(view).toHaveAttribute('data-ran-in', 'worker');
      const { times, values } = pods(0, hi);
      const full = createPopulation(values.length).run(times, values);
      // the series flagged within the window: counted by the panel's stream as steps come and go
      const flagged = full.anomaly.filter((a) => a.subarray(hi - 1440).some((x) => x === 1)).length;
      await expect(view).toHaveAttribute('data-outliers', String(flagged));
      const items = await legend(host);
      expect(items[0].name).toBe('pod-37');
      for (const { name, score } of items) {
        // a series' outlier score is its highest peer score within the window
        const inWindow = Array.from(full.score[Number(name.slice(4))].subarray(hi - 1440)).filter((x) => x === x);
        expect(score).toBe(Math.max(0, ...inWindow));
      }
    }
  });

  for (const theme of ['dark', 'light'] as const) {
    test(`the query editor: Compare, and the peer settings validated as typed (${theme})`, async ({ host }) => {
      await host.evaluate(({ q, theme }) => window.host.renderQueryEditor('bandscope', q, theme), {
        q: { refId: 'A', upstream: WEBLOG, upstreamQuery: COUNTRIES },
        theme,
      });
      const k = host.getByTestId('bandscope-param-peers-k');
      await expect(k).toHaveCount(0); // own history (the default) has no peer settings
      await host.getByRole('radio', { name: 'Peers' }).click();
      await expect(k).toHaveAttribute('placeholder', '3');
      await expect(host.getByTestId('bandscope-param-peers-window')).toHaveAttribute('placeholder', '6');
      await k.fill('0');
      await expect(host.getByText('peer k must be a finite number > 0, got 0')).toBeVisible();
      await k.fill('2.5');
      await expect(host.getByText(/peer k must be/)).toHaveCount(0);
      const q = (await host.evaluate(() => window.host.state.lastQuery)) as any;
      expect(q).toMatchObject({ compare: 'peers', peers: { k: '2.5' } });
      await screenshot(host, `peers-query-editor-${theme}`);
    });
  }

  test("Grafana's own Time series panel shades the cluster range", async ({ host }) => {
    const info = await host.evaluate(
      (t) =>
        window.host.renderTimeSeries({
          datasource: 'bandscope',
          targets: [t as any],
          width: 1100,
          height: 420,
          title: 'Requests by country — Grafana Time series with Bandscope peers',
        }),
      target('peers')
    );
    expect(info).toEqual({ frames: 9, errors: [] });
    await expect(host.getByText('A peers centre')).toBeVisible();
    await expect(host.getByText('A peers low')).toHaveCount(0); // band edges are hidden from the legend
    await screenshot(host, 'peers-timeseries-dark');
  });
});
