// The Bandscope panel in the plugin host, loading the BUILT plugin: bands computed in the panel for plain
// series (NAB via the nab-csv upstream), bands from the Bandscope datasource drawn as they are, options,
// tooltip against the detector, drag-zoom, time zone, themes, and the "cannot draw this" views.
import type { Page } from '@playwright/test';

import { createDetector, type DetectorParams, type PresetName, severityOf } from '../../src/detect';
import { expect, load, query, screenshot, test } from './fixtures';

const MACHINE = 'realKnownCause/machine_temperature_system_failure.csv';
const TAXI = 'realKnownCause/nyc_taxi.csv';
const nab = (file: string) => ({ refId: 'A', file }) as any;

/** The upstream's frame as the panel receives it: times and values. */
async function nabSeries(page: Page, file: string) {
  const res = await query(page, 'nab-csv', [nab(file)]);
  const frame = res[res.length - 1].series[0];
  const time = frame.fields.find((f) => f.type === 'time')!;
  const value = frame.fields.find((f) => f.type === 'number')!;
  const times = (time.values as number[]).map(Number);
  const values = (value.values as Array<number | null>).map((v) => (v == null ? NaN : Number(v)));
  // The panel orders points by time (stable), as the detector needs; NAB files have a few steps back.
  const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
  return { times: order.map((i) => times[i]), values: order.map((i) => values[i]) };
}

function detect(s: { times: number[]; values: number[] }, preset: PresetName, params: Partial<DetectorParams> = {}) {
  return createDetector(preset, params).run(s.times, s.values);
}

const count = (a: Uint8Array) => a.reduce((n, v) => n + v, 0);

async function legendCount(page: Page) {
  return Number(await page.getByTestId('bandscope-legend').getAttribute('data-anomaly-count'));
}

async function markerCount(page: Page) {
  let total = 0;
  for (const chart of await page.getByTestId('bandscope-chart').all()) {
    total += Number(await chart.getAttribute('data-marker-count'));
  }
  return total;
}

/** Hovers the plot at fraction `f` of its width and returns the tooltip rows' numbers. */
async function hover(page: Page, f: number) {
  const over = page.locator('.u-over').first();
  const tip = page.getByTestId('bandscope-tooltip');
  // Retried: a late query emission may rebuild the plot between finding it and moving over it.
  await expect(async () => {
    const box = await over.boundingBox();
    expect(box).not.toBeNull();
    await page.mouse.move(box!.x + box!.width * f, box!.y + box!.height / 2);
    await expect(tip).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  const time = Number(await tip.getAttribute('data-time'));
  const header = (await tip.locator('div').first().textContent()) ?? '';
  const rows = await tip.getByTestId('bandscope-tooltip-row').evaluateAll((els) =>
    els.map((e) => {
      const d = (e as HTMLElement).dataset;
      return { value: +d.value!, predicted: +d.predicted!, low: +d.low!, high: +d.high!, score: +d.score!, anomaly: +d.anomaly!, severity: d.severity!, index: +d.index! };
    })
  );
  return { time, header, rows };
}

async function luminance(page: Page) {
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="host-panel"]')!).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g)!.map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test.describe('Bandscope panel', () => {
  test.beforeEach(async ({ host }) => {
    await load(host);
  });

  test('plain NAB series: bands computed in the panel, counts equal the detector, the threshold changes the markers', async ({ host }) => {
    const series = await nabSeries(host, MACHINE);
    await host.evaluate((t) => window.host.renderPanel({ datasource: 'nab-csv', targets: [t], width: 1100, height: 420 }), nab(MACHINE));
    await expect(host.getByTestId('bandscope-chart')).toBeVisible();
    await expect(host.getByTestId('bandscope-bands')).toHaveAttribute('data-origin', 'panel');

    const byDefault = count(detect(series, 'ewma').anomaly);
    expect(byDefault).toBeGreaterThan(0);
    await expect.poll(() => legendCount(host)).toBe(byDefault);
    expect(await markerCount(host)).toBe(byDefault); // every anomaly drawn after decimation

    // Changing the threshold in the options redraws without re-querying: a lower one, more markers.
    await host.evaluate(() => window.host.setPanelOptions({ threshold: 30 }));
    const lower = count(detect(series, 'ewma', { threshold: 30 }).anomaly);
    expect(lower).toBeGreaterThan(byDefault);
    await expect.poll(() => legendCount(host)).toBe(lower);
    expect(await markerCount(host)).toBe(lower);

    await host.evaluate(() => window.host.setPanelOptions({ threshold: 90 }));
    const fewer = count(detect(series, 'ewma', { threshold: 90 }).anomaly);
    expect(fewer).toBeLessThan(byDefault);
    await expect.poll(() => legendCount(host)).toBe(fewer);
    expect(await markerCount(host)).toBe(fewer);
  });

  test('tooltip shows the detector numbers for the hovered point (value, prediction, band, score, severity)', async ({ host }) => {
    const series = await nabSeries(host, MACHINE);
    const r = detect(series, 'ewma', { k: 3 });
    await host.evaluate((t) => window.host.renderPanel({ datasource: 'nab-csv', targets: [t], width: 1100, height: 420, options: { k: 3 } }), nab(MACHINE));
    await expect(host.getByTestId('bandscope-chart')).toBeVisible();
    // Aim at the anomalies too: their x positions on the plot.
    const from = series.times[0];
    const to = series.times[series.times.length - 1];
    const anomalyAt = series.times.filter((_, i) => r.anomaly[i] === 1).map((t) => (t - from) / (to - from));
    const fractions = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, ...anomalyAt.filter((_, i) => i % Math.ceil(anomalyAt.length / 8) === 0)];
    let checked = 0;
    let anomalous = 0;
    for (const f of fractions) {
      const { time, rows } = await hover(host, Math.min(0.999, Math.max(0.001, f)));
      expect(rows).toHaveLength(1);
      const i = series.times.indexOf(time);
      expect(i).toBeGreaterThanOrEqual(0);
      const row = rows[0];
      expect(row.index).toBe(i);
      const same = (a: number, b: number) => (Number.isNaN(b) ? Number.isNaN(a) : a === b);
      expect(same(row.value, series.values[i])).toBe(true);
      expect(same(row.predicted, r.predicted[i])).toBe(true);
      expect(same(row.low, r.low[i])).toBe(true);
      expect(same(row.high, r.high[i])).toBe(true);
      expect(same(row.score, r.score[i])).toBe(true);
      expect(row.anomaly).toBe(r.anomaly[i]);
      const sev = severityOf(r.score[i]);
      expect(row.severity).toBe(r.anomaly[i] === 1 && sev === 'none' ? 'warning' : sev);
      checked++;
      anomalous += row.anomaly;
    }
    expect(checked).toBeGreaterThan(10);
    expect(anomalous).toBeGreaterThan(0);
    // Pointing at a marker shows that anomaly (the tooltip snaps to markers under the cursor): scan the
    // pixel column of an isolated anomaly from top to bottom.
    const lone = series.times.findIndex((_, i) => r.anomaly[i] === 1 && r.anomaly.subarray(Math.max(0, i - 30), i + 30).reduce((a, b) => a + b, 0) === 1);
    expect(lone).toBeGreaterThan(0);
    const over = (await host.locator('.u-over').first().boundingBox())!;
    const x = over.x + (over.width * (series.times[lone] - from)) / (to - from);
    let hit: number | undefined;
    // (two columns either side too: a detection can sit on the line, where the nearest point is a neighbour)
    for (let y = over.y + 2; y < over.y + over.height && hit === undefined; y += 4) {
      await host.mouse.move(x + ((y >> 2) % 3) - 1, y);
      const row = host.getByTestId('bandscope-tooltip-row').first();
      if ((await row.count()) && (await row.getAttribute('data-anomaly')) === '1') {
        hit = Number(await row.getAttribute('data-index'));
      }
    }
    expect(hit).toBe(lone);
    // A viewport screenshot: a full-page one resizes the page, which hides the hover tooltip.
    await host.screenshot({ path: `test-results/${test.info().project.name}/panel-tooltip.png` });
  });

  test('Bandscope datasource output is drawn as it is (no recomputation)', async ({ host }) => {
    const target = {
      refId: 'A',
      upstream: { uid: 'nab-csv', type: 'harness-csv' },
      upstreamQuery: { refId: 'A', file: MACHINE },
      preset: 'ewma',
      params: {},
    } as any;
    const res = await query(host, 'bandscope', [target]);
    const frames = res[res.length - 1].series.filter((f) => f.name !== 'bandscope-episodes');
    // the flags are a typed array (the datasource hands out its kept columns): Array.from, as flatMap flattens arrays only
    const flags = frames.flatMap((f) => Array.from((f.fields.find((x) => (x.config?.custom as any)?.bandscope?.role === 'anomaly')?.values ?? []) as ArrayLike<number>));
    const expected = flags.filter((v) => Number(v) === 1).length;
    expect(expected).toBeGreaterThan(0);
    // Panel options that would give other bands: ignored, the datasource's bands are drawn.
    await host.evaluate((t) => window.host.renderPanel({ datasource: 'bandscope', targets: [t], width: 1100, height: 420, options: { k: 9 } }), target);
    await expect(host.getByTestId('bandscope-bands')).toHaveAttribute('data-origin', 'datasource');
    await expect.poll(() => legendCount(host)).toBe(expected);
    expect(await markerCount(host)).toBe(expected);
    await screenshot(host, 'panel-datasource-dark');
  });

  test('drag on the chart zooms the dashboard time range', async ({ host }) => {
    const series = await nabSeries(host, TAXI);
    await host.evaluate((t) => window.host.renderPanel({ datasource: 'nab-csv', targets: [t], width: 1100, height: 420 }), nab(TAXI));
    const over = host.locator('.u-over').first();
    await expect(over).toBeVisible();
    const box = (await over.boundingBox())!;
    await host.mouse.move(box.x + box.width * 0.3, box.y + 40);
    await host.mouse.down();
    await host.mouse.move(box.x + box.width * 0.45, box.y + 60, { steps: 8 });
    await host.mouse.move(box.x + box.width * 0.6, box.y + 80, { steps: 8 });
    await host.mouse.up();
    const changes = await host.evaluate(() => window.host.state.timeRangeChanges);
    expect(changes).toHaveLength(1);
    const from = series.times[0];
    const span = series.times[series.times.length - 1] - from;
    expect(changes[0].from).toBeGreaterThan(from + span * 0.28);
    expect(changes[0].to).toBeLessThan(from + span * 0.62);
    expect(changes[0].to - changes[0].from).toBeGreaterThan(span * 0.25);
  });

  test('the tooltip follows the dashboard time zone', async ({ host }) => {
    const headers: Record<string, string> = {};
    let time = 0;
    for (const timeZone of ['utc', 'America/New_York']) {
      // Unmount the previous chart first, so the hover below cannot meet the old one.
      await host.evaluate(() => window.host.renderPanel({ frames: [] }));
      await expect(host.getByTestId('bandscope-problem')).toBeVisible();
      await host.evaluate(([t, tz]) => window.host.renderPanel({ datasource: 'nab-csv', targets: [t], width: 1100, height: 420, timeZone: tz as string }), [nab(TAXI), timeZone] as const);
      await expect(host.getByTestId('bandscope-chart')).toBeVisible();
      await expect(host.getByTestId('bandscope-chart')).toHaveCount(1);
      const h = await hover(host, 0.5);
      headers[timeZone] = h.header;
      time = h.time;
    }
    const fmt = (tz: string) => {
      const p = Object.fromEntries(
        new Intl.DateTimeFormat('en-GB', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
          .formatToParts(time)
          .map((x) => [x.type, x.value])
      );
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
    };
    expect(headers.utc).toBe(fmt('UTC'));
    expect(headers['America/New_York']).toBe(fmt('America/New_York'));
    expect(headers.utc).not.toBe(headers['America/New_York']);
  });

  for (const theme of ['dark', 'light'] as const) {
    test(`NAB machine temperature with bands and markers (${theme})`, async ({ host }) => {
      await host.evaluate(
        ([t, th]) => window.host.renderPanel({ datasource: 'nab-csv', targets: [t], theme: th as 'dark' | 'light', title: 'Machine temperature', width: 1200, height: 420, options: { k: 3 } }),
        [nab(MACHINE), theme] as const
      );
      await expect(host.getByTestId('bandscope-chart')).toBeVisible();
      expect(await markerCount(host)).toBeGreaterThan(0);
      const lum = await luminance(host);
      expect(theme === 'dark' ? lum < 60 : lum > 200).toBe(true);
      await host.mouse.move(5, 5);
      await screenshot(host, `panel-bands-${theme}`);
    });
  }

  // Issue 10: at k = 3, 0.1.0 drew 629 markers (every band exit) and 75 episodes on this file. At the defaults the
  // markers are the detections (score ≥ threshold); band exits below it are thin rings.
  for (const theme of ['dark', 'light'] as const) {
    test(`NAB machine temperature at default settings: the detections, not every band exit (${theme})`, async ({ host }) => {
      const series = await nabSeries(host, MACHINE);
      await host.evaluate(
        ([t, th]) => window.host.renderPanel({ datasource: 'nab-csv', targets: [t], theme: th as 'dark' | 'light', title: 'Machine temperature (defaults)', width: 1200, height: 420 }),
        [nab(MACHINE), theme] as const
      );
      const r = detect(series, 'ewma');
      const detections = count(r.anomaly);
      await expect.poll(() => legendCount(host)).toBe(detections);
      expect(await markerCount(host)).toBe(detections);
      expect(detections).toBeGreaterThan(0);
      expect(detections).toBeLessThan(50);
      let exits = 0;
      r.anomaly.forEach((a, i) => (exits += a === 0 && (series.values[i] < r.low[i] || series.values[i] > r.high[i]) ? 1 : 0));
      const rings = Number(await host.getByTestId('bandscope-chart').getAttribute('data-exit-count'));
      // the drawn ones: decimation keeps each pixel's extremes, not every exit
      expect(rings).toBeGreaterThan(detections);
      expect(rings).toBeLessThanOrEqual(exits);
      console.log(`machine temperature at defaults: ${detections} markers, ${r.episodes.length} episodes; ${exits} band exits below the threshold (${rings} drawn as rings)`);
      await host.mouse.move(5, 5);
      await screenshot(host, `panel-detections-${theme}`);
    });
  }

  test('the x axis is the dashboard time range when it overlaps the data (zoomed in)', async ({ host }) => {
    const range = { from: Date.UTC(2014, 1, 6), to: Date.UTC(2014, 1, 11) };
    const series = await nabSeries(host, MACHINE);
    const inRange = series.times.map((t, i) => [t, i]).filter(([t]) => t >= range.from && t <= range.to);
    const r = detect(series, 'ewma');
    const expected = inRange.filter(([, i]) => r.anomaly[i] === 1).length;
    await host.evaluate(
      ([t, q]) => window.host.renderPanel({ datasource: 'nab-csv', targets: [t], title: 'Machine temperature · Feb 6–11 2014', width: 1200, height: 420, query: { range: q } }),
      [nab(MACHINE), range] as const
    );
    await expect(host.getByTestId('bandscope-chart')).toBeVisible();
    // Markers drawn = anomalies inside the range; the legend still counts the whole series.
    await expect.poll(() => markerCount(host)).toBe(expected);
    expect(await legendCount(host)).toBe(count(r.anomaly));
    await host.mouse.move(5, 5);
    await screenshot(host, 'panel-zoomed-dark');
  });

  test('several series: overlaid or small multiples', async ({ host }) => {
    const targets = [nab(MACHINE), { refId: 'B', file: 'realKnownCause/ambient_temperature_system_failure.csv' }];
    await host.evaluate((t) => window.host.renderPanel({ datasource: 'nab-csv', targets: t, width: 1200, height: 520, options: { layout: 'multiples', k: 3 } }), targets);
    await expect(host.getByTestId('bandscope-chart')).toHaveCount(2);
    await expect(host.getByTestId('bandscope-legend-item')).toHaveCount(2);
    await screenshot(host, 'panel-multiples');
    await host.evaluate(() => window.host.setPanelOptions({ layout: 'overlay' }));
    await expect(host.getByTestId('bandscope-chart')).toHaveCount(1);
    const legendTotal = await legendCount(host);
    expect(await markerCount(host)).toBe(legendTotal);
  });

  test('invalid options: inline message in the editor, a clear message in the panel', async ({ host }) => {
    await host.evaluate((t) => window.host.renderPanel({ datasource: 'nab-csv', targets: [t], width: 900, height: 360, showOptions: true }), nab(TAXI));
    await expect(host.getByTestId('bandscope-chart')).toBeVisible();
    const alpha = host.getByTestId('bandscope-param-alpha');
    await alpha.fill('1.5');
    await expect(host.getByText('alpha must be in (0, 1], got 1.5')).toBeVisible();
    await alpha.press('Enter');
    await expect(host.getByTestId('bandscope-problem')).toHaveAttribute('data-kinds', 'bad-params');
    await expect(host.getByText('Invalid detector options')).toBeVisible();
    await host.getByTestId('bandscope-param-warmup').fill('2.5');
    await expect(host.getByText('warmup must be an integer ≥ 0, got 2.5')).toBeVisible();
    await screenshot(host, 'panel-invalid-options');
    await host.getByTestId('bandscope-param-warmup').fill('');
    await alpha.fill('0.2');
    await alpha.press('Enter');
    await expect(host.getByTestId('bandscope-chart')).toBeVisible();
  });

  test('durations: typed as 5m, 1d or ms, shown back in that syntax; only the preset\'s parameters are offered', async ({ host }) => {
    await host.evaluate((t) => window.host.renderPanel({ datasource: 'nab-csv', targets: [t], width: 900, height: 360, showOptions: true }), nab(TAXI));
    await expect(host.getByTestId('bandscope-chart')).toBeVisible();
    const gap = host.getByTestId('bandscope-param-episodeGap');
    await expect(gap).toHaveAttribute('placeholder', '0s (preset default)');
    await expect(host.getByTestId('bandscope-param-window')).toHaveCount(0); // ewma reads no window
    await expect(host.getByTestId('bandscope-param-season')).toHaveCount(0);
    await gap.fill('soon');
    await expect(host.getByText('episodeGap must be a duration (5m, 1h, 1d, 1w or milliseconds), got "soon"')).toBeVisible();
    await gap.fill('5400000');
    await gap.press('Enter');
    await expect(gap).toHaveValue('1h30m');
    await gap.fill('1d');
    await gap.press('Enter');
    await expect(gap).toHaveValue('1d');
    await host.evaluate(() => window.host.setPanelOptions({ preset: 'seasonal' }));
    await expect(host.getByTestId('bandscope-param-season')).toHaveAttribute('placeholder', '1d (preset default)');
    await expect(host.getByTestId('bandscope-chart')).toBeVisible();
  });

  test('bad data: gaps draw with gaps; single point, empty frame, text field, no time give clear messages', async ({ host }) => {
    const t0 = Date.UTC(2024, 0, 1);
    const times = Array.from({ length: 400 }, (_, i) => t0 + i * 60_000);
    const values = times.map((_, i) => (i % 50 === 10 ? null : i % 77 === 5 ? NaN : 20 + Math.sin(i / 10) + (i === 300 ? 15 : 0)));
    await host.evaluate(
      (f) => window.host.renderPanel({ frames: [f], width: 900, height: 360, options: { warmup: 20 } }),
      { name: 'gappy', fields: [{ name: 'time', type: 'time', values: times }, { name: 'cpu', type: 'number', values }] }
    );
    await expect(host.getByTestId('bandscope-chart')).toBeVisible();
    await expect(host.getByTestId('bandscope-notes')).toContainText('missing values drawn as gaps');
    await screenshot(host, 'panel-gaps');

    const cases: Array<[string, unknown[], RegExp]> = [
      ['single-point', [{ fields: [{ name: 'time', type: 'time', values: [t0] }, { name: 'cpu', type: 'number', values: [1] }] }], /a single point; a band needs at least 2/],
      ['empty-frame', [{ name: 'nothing', fields: [] }], /Frame "nothing" is empty/],
      ['text-field', [{ fields: [{ name: 'time', type: 'time', values: [t0, t0 + 1000] }, { name: 'host', type: 'string', values: ['a', 'b'] }] }], /Field "host" is text; Bandscope needs numbers/],
      ['no-time', [{ name: 'table', fields: [{ name: 'cpu', type: 'number', values: [1, 2, 3] }] }], /Frame "table" has no time field/],
      ['no-data', [], /No data/],
    ];
    for (const [kind, frames, message] of cases) {
      await host.evaluate((f) => window.host.renderPanel({ frames: f, width: 900, height: 300 }), frames);
      await expect(host.getByTestId('bandscope-problem')).toHaveAttribute('data-kinds', kind);
      await expect(host.getByTestId('bandscope-problem-message')).toHaveText(message);
    }
    // All at once: one message per problem.
    await host.evaluate((f) => window.host.renderPanel({ frames: f, width: 900, height: 320 }), cases.flatMap((c) => c[1]));
    await expect(host.getByTestId('bandscope-problem-message')).toHaveCount(4);
    await screenshot(host, 'panel-bad-data');
  });
});

test('the demo shows NAB machine temperature and nyc_taxi with bands and markers', async ({ host }) => {
  await host.evaluate(() => window.host.renderDemo('dark', 'nab'));
  const charts = host.getByTestId('bandscope-chart');
  await expect(charts).toHaveCount(2, { timeout: 20_000 });
  for (const chart of await charts.all()) {
    expect(Number(await chart.getAttribute('data-marker-count'))).toBeGreaterThan(0);
  }
  await host.mouse.move(5, 5);
  await screenshot(host, 'panel-demo-dark');
});
