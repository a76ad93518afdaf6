// A wide dashboard in the plugin host, loading the BUILT plugin: 1,000 series × 1,440 points (a day at one-minute
// steps per pod), bands computed in the panel. What a person sees must stay readable: the legend lists the most
// anomalous series and says how many more there are, the tooltip shows the series nearest the cursor and how many
// more, and every anomaly keeps its marker. What is shown, not how fast (bench:panel times it).
import type { Page } from '@playwright/test';

import { createDetector } from '../../src/detect';
import { expect, load, screenshot, test } from './fixtures';

const count = (a: Uint8Array) => a.reduce((n, v) => n + v, 0);

const PODS = 1000;
const POINTS = 1440;
/** Pods with one big spike: their peak score is 100. */
const SPIKED = [137, 642];
const T0 = Date.UTC(2024, 0, 1);

/**
 * The wide query's frames: pod k at its own level (10·k) with uniform noise (±1.5, xorshift seeded per pod), the
 * SPIKED pods with a spike. Self-contained (it runs in the page too, given to page.evaluate); in the page it keeps
 * the frames on window instead of sending 1.44 M numbers back.
 */
function wideFrames({
  pods,
  points,
  spiked,
  t0,
  lo = 0,
}: {
  pods: number;
  points: number;
  spiked: number[];
  t0: number;
  /** The window's first minute: a dashboard refreshed `lo` minutes later (the same values at the same minutes). */
  lo?: number;
}) {
  const time = Array.from({ length: lo + points }, (_, i) => t0 + i * 60_000);
  const frames = Array.from({ length: pods }, (_, k) => {
    let s = 2463534242 + k * 7919;
    const rand = () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) / 4294967296;
    };
    const values = time.map((_, i) => 10 * k + 3 * (rand() - 0.5) + (spiked.includes(k) && i === 700 + k ? 300 : 0));
    return {
      fields: [
        { name: 'time', type: 'time', values: time.slice(lo), config: {} },
        { name: `pod-${k}`, type: 'number', values: values.slice(lo), config: {} },
      ],
    };
  });
  if (typeof window === 'undefined') {
    return frames;
  }
  (window as unknown as { __wide: unknown }).__wide = frames;
  return frames.length;
}

const ARGS = { pods: PODS, points: POINTS, spiked: SPIKED, t0: T0 };

async function renderWide(page: Page, theme: 'dark' | 'light', lo = 0) {
  await page.evaluate(wideFrames, { ...ARGS, lo });
  await page.evaluate(
    ({ theme, from, to }) =>
      window.host.renderPanel({
        frames: (window as unknown as { __wide: never }).__wide,
        width: 1200,
        height: 560,
        theme,
        query: { range: { from, to } } as never,
      }),
    { theme, from: T0 + lo * 60_000, to: T0 + (lo + POINTS - 1) * 60_000 }
  );
  await expect(page.getByTestId('bandscope-chart')).toBeVisible({ timeout: 60_000 });
  // the value lines are drawn first, the bands when the panel's worker has computed them
  await expect(page.getByTestId('bandscope-bands')).toHaveAttribute('data-bands', 'ready', { timeout: 60_000 });
}

/** Hovers the plot at (fx, fy) of its box; the tooltip's rows (series, index, value) and its "N more". */
async function hover(page: Page, fx: number, fy: number) {
  const over = page.locator('.u-over').first();
  const tip = page.getByTestId('bandscope-tooltip');
  await expect(async () => {
    const box = await over.boundingBox();
    expect(box).not.toBeNull();
    await page.mouse.move(box!.x + box!.width * fx, box!.y + box!.height * fy);
    await expect(tip).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  const rows = await tip.getByTestId('bandscope-tooltip-row').evaluateAll((els) =>
    els.map((e) => {
      const d = (e as HTMLElement).dataset;
      return {
        series: d.series!,
        index: Number(d.index),
        value: Number(d.value),
        predicted: Number(d.predicted),
        high: Number(d.high),
      };
    })
  );
  const more = tip.getByTestId('bandscope-tooltip-more');
  return { rows, more: (await more.count()) > 0 ? Number(await more.getAttribute('data-more')) : 0 };
}

test.describe('a wide dashboard: 1,000 series', () => {
  test.beforeEach(async ({ host }) => {
    await load(host);
  });

  for (const theme of ['dark', 'light'] as const) {
    test(`legend: the most anomalous series and "N more"; tooltip: the nearest series; every anomaly marked (${theme})`, async ({
      host,
    }) => {
      test.setTimeout(120_000);
      await renderWide(host, theme);
      const chart = host.getByTestId('bandscope-chart');
      expect((await chart.getAttribute('data-series'))!.split('|')).toHaveLength(PODS);

      // Legend: ten lines, the series the detector scores highest (peak score, then anomaly count, then the
      // query's order: the ranking the legend states), each with its count, and the other 990 counted.
      const frames = wideFrames(ARGS) as Array<{ fields: Array<{ name: string; values: number[] }> }>;
      const detected = frames.map((f, k) => {
        const r = createDetector('ewma').run(f.fields[0].values, f.fields[1].values);
        return { name: `pod-${k}`, k, peak: Math.max(...r.score.filter((v) => v === v)), anomalies: count(r.anomaly) };
      });
      const expected = [...detected]
        .sort((a, b) => b.peak - a.peak || b.anomalies - a.anomalies || a.k - b.k)
        .slice(0, 10);
      const legend = host.getByTestId('bandscope-legend');
      const items = await legend.getByTestId('bandscope-legend-item').evaluateAll((els) =>
        els.map((e) => ({
          name: e.getAttribute('data-series')!,
          anomalies: Number(e.getAttribute('data-anomaly-count')),
        }))
      );
      expect(items).toEqual(expected.map(({ name, anomalies }) => ({ name, anomalies })));
      expect(detected[SPIKED[0]].peak).toBe(100);
      expect(await legend.getAttribute('data-more')).toBe(String(PODS - 10));
      await expect(host.getByTestId('bandscope-legend-more')).toContainText(`${PODS - 10} more series`);

      // Markers: every anomaly the detector flagged in any series, shown or not in the legend.
      const total = Number(await legend.getAttribute('data-anomaly-count'));
      expect(total).toBe(detected.reduce((a, d) => a + d.anomalies, 0));
      expect(Number(await chart.getAttribute('data-marker-count'))).toBe(total);

      // Tooltip: five series, one block each, and "995 more". They are the five nearest the cursor: at the
      // hovered minute no other pod's value lies between theirs (checked against the data the page was given).
      const { rows, more } = await hover(host, 0.5, 0.5);
      expect(rows).toHaveLength(5);
      expect(more).toBe(PODS - 5);
      const at = rows[0].index;
      expect(rows.every((r) => r.index === at)).toBe(true);
      const sorted = frames
        .map((f) => ({ name: f.fields[1].name, v: f.fields[1].values[at] }))
        .sort((a, b) => a.v - b.v);
      const ranks = rows.map((r) => sorted.findIndex((s) => s.name === r.series)).sort((a, b) => a - b);
      expect(ranks[4] - ranks[0]).toBe(4);
      for (const r of rows) {
        expect(r.value).toBeCloseTo(frames.find((f) => f.fields[1].name === r.series)!.fields[1].values[at], 9);
      }
      // the cursor half-way up the plot is on the middle pods, not on the first ones the query returned
      expect(ranks[0]).toBeGreaterThan(100);
      await screenshot(host, `wide-1000-series-${theme}`);

      // Isolating a series from the legend: the tooltip shows it alone.
      await legend.getByText(items[0].name, { exact: true }).click();
      const alone = await hover(host, 0.3, 0.5);
      expect(alone.rows.map((r) => r.series)).toEqual([items[0].name]);
      expect(alone.more).toBe(0);
    });
  }

  test('a refreshing wide chart: the worker detects only the new minutes, the bands are the run since the first', async ({
    host,
  }) => {
    test.setTimeout(120_000);
    const bands = host.getByTestId('bandscope-bands');
    await renderWide(host, 'dark');
    await expect(bands).toHaveAttribute('data-processed-total', String(PODS * POINTS));
    for (const lo of [1, 3, 6]) {
      // the same mounted panel, the dashboard's last day one or a few minutes later: only the new minutes processed
      // (the host hands the panel its data twice; the second time there is nothing new: data-processed 0)
      await renderWide(host, 'dark', lo);
      await expect(bands).toHaveAttribute('data-processed-total', String(PODS * (POINTS + lo)));
    }
    // the bands drawn after the refreshes: the detector over every minute since the first window
    const all = wideFrames({ ...ARGS, points: POINTS + 6 }) as Array<{ fields: Array<{ values: number[] }> }>;
    const { rows } = await hover(host, 0.98, 0.5);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const f = all[Number(r.series.slice(4))];
      const run = createDetector('ewma').run(f.fields[0].values, f.fields[1].values);
      expect(r.value).toBe(f.fields[1].values[6 + r.index]);
      expect(r.predicted).toBeCloseTo(run.predicted[6 + r.index], 9);
      expect(r.high).toBeCloseTo(run.high[6 + r.index], 9);
    }
  });

  test('a change of k redraws the bands on the plot drawn: the band widths follow k, the series stay', async ({
    host,
  }) => {
    const bands = host.getByTestId('bandscope-bands');
    const setK = async (k: number) => {
      await host.evaluate((k) => window.host.setPanelOptions({ k }), k);
      await expect(bands).toHaveAttribute('data-detector', new RegExp(`"k":${k}[,}]`), { timeout: 60_000 });
      await expect(bands).toHaveAttribute('data-bands', 'ready');
    };
    await renderWide(host, 'dark');
    await setK(3);
    const chart = host.getByTestId('bandscope-chart');
    const series = await chart.getAttribute('data-series');
    const legend = () =>
      host.getByTestId('bandscope-legend-item').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.series));
    const focused = await legend();
    // tag the plot's canvas: a plot built anew has another one
    await host.evaluate(() =>
      Object.assign(document.querySelector('[data-testid="bandscope-chart"] canvas')!, { tag: 3 })
    );
    const before = await hover(host, 0.3, 0.5);

    await setK(6);
    expect(await chart.getAttribute('data-series')).toBe(series);
    expect((series ?? '').split('|')).toHaveLength(PODS);
    const after = await hover(host, 0.3, 0.5);
    expect(after.rows.map((r) => r.series)).toEqual(before.rows.map((r) => r.series));
    // ewma's prediction and sigma do not depend on k: the half-width k·sigma doubles
    const withBand = after.rows.filter((r) => Number.isFinite(r.high));
    expect(withBand.length).toBeGreaterThan(0);
    for (const r of withBand) {
      const b = before.rows.find((x) => x.series === r.series)!;
      expect(r.predicted).toBeCloseTo(b.predicted, 9);
      expect(r.high - r.predicted).toBeCloseTo(2 * (b.high - b.predicted), 9);
    }
    if (JSON.stringify(await legend()) === JSON.stringify(focused)) {
      // the same series drawn in full: the same plot, new data (uPlot's setData), not a plot built anew
      const tag = await host.evaluate(
        () => (document.querySelector('[data-testid="bandscope-chart"] canvas') as unknown as { tag?: number }).tag
      );
      expect(tag).toBe(3);
    }
  });
});
