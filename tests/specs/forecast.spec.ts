// Forecast end to end, with the BUILT plugin in the plugin host: the datasource's `Forecast` query option adds
// future rows (contract FORECAST_ROLE) equal to the engine's forecast, the panel draws them after a "now" line
// with the x axis extended to the horizon and says "forecast" in its tooltip, Grafana's own Time series draws
// them too, and the query editor validates the horizon and says which presets cannot forecast.
import type { Page } from '@playwright/test';

import { createDetector } from '../../src/detect';
import { expect, load, query, renderPanel, screenshot, test } from './fixtures';

const CSV = { uid: 'nab-csv', type: 'harness-csv' };
const TAXI = 'realKnownCause/nyc_taxi.csv';
const DAY = 86_400_000;

/** nyc_taxi (half-hourly, a daily cycle) under the seasonal preset, forecast two days ahead. */
const target = (forecast: string) => ({
  refId: 'A',
  upstream: CSV,
  upstreamQuery: { refId: 'A', file: TAXI },
  preset: 'seasonal',
  forecast,
});

interface FieldDTO {
  name: string;
  values: unknown[];
  config?: Record<string, any>;
}

/** The upstream's points as the detector sees them (ordered by time). */
async function taxiSeries(page: Page) {
  const res = await query(page, 'nab-csv', [{ refId: 'A', file: TAXI }]);
  const fields = res[res.length - 1].series[0].fields as FieldDTO[];
  const times = fields[0].values.map(Number);
  const values = fields[1].values.map((v) => (v == null ? NaN : Number(v)));
  const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
  return { times: order.map((i) => times[i]), values: order.map((i) => values[i]) };
}

/** Hovers the plot at fraction `f` of its width: the tooltip's first row (forecast flag, numbers, text). */
async function hoverRow(page: Page, f: number) {
  const over = page.locator('.u-over').first();
  const row = page.getByTestId('bandscope-tooltip-row').first();
  await expect(async () => {
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * f, box.y + box.height / 2);
    await expect(row).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  const tip = page.getByTestId('bandscope-tooltip');
  return {
    time: Number(await tip.getAttribute('data-time')),
    forecast: Number(await row.getAttribute('data-forecast')),
    predicted: Number(await row.getAttribute('data-predicted')),
    low: Number(await row.getAttribute('data-low')),
    high: Number(await row.getAttribute('data-high')),
    text: (await row.textContent()) ?? '',
  };
}

/** Coloured (not grey) pixels in the rightmost `share` of the chart's canvas, above the x axis. */
function colouredPixelsAtRight(page: Page, share: number) {
  return page.evaluate((share) => {
    const canvas = document.querySelector('[data-testid="bandscope-chart"] canvas') as HTMLCanvasElement;
    const ctx = canvas.getContext('2d')!;
    const x0 = Math.floor(canvas.width * (1 - share));
    const { data } = ctx.getImageData(x0, 0, canvas.width - x0, Math.floor(canvas.height * 0.8));
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 25) {
        n++;
      }
    }
    return n;
  }, share);
}

test.describe('Forecast', () => {
  test.beforeEach(async ({ host }) => {
    await load(host);
  });

  test('the datasource appends the engine forecast, marked, at the series step', async ({ host }) => {
    const taxi = await taxiSeries(host);
    const detector = createDetector('seasonal');
    detector.run(taxi.times, taxi.values);
    const expected = detector.forecast(2 * DAY);
    const [res] = await query(host, 'bandscope', [target('2d')]);
    expect(res.errors ?? []).toEqual([]);
    const frame = res.series[0];
    const fields = frame.fields as FieldDTO[];
    const col = (name: string) => fields.find((f) => f.name === name)!.values as Array<number | null>;
    const n = taxi.times.length;
    expect(fields.map((f) => f.name)).toEqual([
      'time',
      'value',
      'predicted',
      'low',
      'high',
      'score',
      'anomaly',
      'forecast',
    ]);
    expect(col('time').length).toBe(n + 96); // two days of half-hour steps
    expect(col('time').slice(n)).toEqual(Array.from(expected.times));
    expect(col('time')[n]).toBe(taxi.times[n - 1] + 30 * 60_000);
    expect(col('predicted').slice(n)).toEqual(Array.from(expected.predicted));
    expect(col('high').slice(n)).toEqual(Array.from(expected.high));
    expect(
      col('value')
        .slice(n)
        .every((v) => v === null)
    ).toBe(true);
    expect(col('forecast').slice(n - 1, n + 1)).toEqual([0, 1]);
    expect(fields[7].config?.custom?.bandscope).toEqual({ role: 'forecast', source: 'value' });
    expect(frame.meta?.custom?.bandscope?.forecast).toEqual({ horizonMs: 2 * DAY, from: taxi.times[n - 1] });
    // the learned daily cycle carries on: the forecast's night trough and evening peak are a day apart again
    const ahead = Array.from(expected.predicted);
    const firstDay = ahead.slice(0, 48);
    const secondDay = ahead.slice(48, 96);
    expect(firstDay.indexOf(Math.min(...firstDay))).toBe(secondDay.indexOf(Math.min(...secondDay)));
    expect(Math.max(...firstDay) / Math.min(...firstDay)).toBeGreaterThan(2);

    const [robust] = await query(host, 'bandscope', [{ ...target('2d'), preset: 'robust' }]);
    expect(robust.errors?.[0]?.message).toBe(
      'Bandscope query A: the robust preset cannot forecast: it has no model of the future (use ewma or seasonal)'
    );
  });

  for (const theme of ['dark', 'light'] as const) {
    test(`the panel draws the forecast after "now", to the horizon, and its tooltip says so (${theme})`, async ({
      host,
    }) => {
      const taxi = await taxiSeries(host);
      const now = taxi.times[taxi.times.length - 1];
      // a dashboard range that ends at "now": the last week
      const range = { from: now - 7 * DAY, to: now };
      await renderPanel(host, {
        datasource: 'bandscope',
        targets: [target('2d')],
        theme,
        title: 'NYC taxi passengers · seasonal forecast 2d',
        width: 1200,
        height: 420,
        query: { range },
      });
      const chart = host.getByTestId('bandscope-chart');
      await expect(chart).toHaveAttribute('data-now', String(now));
      await expect(chart).toHaveAttribute('data-to', String(now + 2 * DAY));
      await expect(host.getByTestId('bandscope-bands')).toHaveAttribute('data-origin', 'datasource');
      const future = await hoverRow(host, 0.97);
      expect(future.time).toBeGreaterThan(now);
      expect(future.forecast).toBe(1);
      expect(future.text).toContain('forecast');
      expect(future.text).toContain('Forecast band');
      expect(future.low).toBeLessThan(future.predicted);
      expect(future.predicted).toBeLessThan(future.high);
      await host.screenshot({ path: `test-results/forecast-tooltip-${theme}.png` });
      const past = await hoverRow(host, 0.3);
      expect(past.time).toBeLessThan(now);
      expect(past.forecast).toBe(0);
      expect(past.text).not.toContain('forecast');
      await host.mouse.move(0, 0);
      // something is drawn right of the last observed point: the forecast line and band
      expect(await colouredPixelsAtRight(host, 0.05)).toBeGreaterThan(100);
      await screenshot(host, `forecast-panel-${theme}`);
    });
  }

  test('a range that ends before "now" is not extended; without a forecast nothing is drawn after the data', async ({
    host,
  }) => {
    const taxi = await taxiSeries(host);
    const now = taxi.times[taxi.times.length - 1];
    await renderPanel(host, {
      datasource: 'bandscope',
      targets: [target('')],
      width: 1200,
      height: 420,
      query: { range: { from: now - 7 * DAY, to: now + 2 * DAY } },
    });
    const chart = host.getByTestId('bandscope-chart');
    await expect(chart).toHaveAttribute('data-to', String(now + 2 * DAY));
    await expect(chart).not.toHaveAttribute('data-now', /./);
    expect(await colouredPixelsAtRight(host, 0.05)).toBe(0);
    await renderPanel(host, {
      datasource: 'bandscope',
      targets: [target('2d')],
      width: 1200,
      height: 420,
      query: { range: { from: now - 7 * DAY, to: now - DAY } },
    });
    await expect(chart).toHaveAttribute('data-now', String(now));
    await expect(chart).toHaveAttribute('data-to', String(now - DAY));
  });

  test("Grafana's own Time series panel draws the forecast rows too", async ({ host }) => {
    const taxi = await taxiSeries(host);
    const now = taxi.times[taxi.times.length - 1];
    const info = await host.evaluate(
      ({ t, range }) =>
        window.host.renderTimeSeries({
          datasource: 'bandscope',
          targets: [t as any],
          query: { range },
          width: 1200,
          height: 420,
          title: 'NYC taxi — Grafana Time series with a Bandscope forecast',
        }),
      { t: target('2d'), range: { from: now - 5 * DAY, to: now + 2 * DAY } }
    );
    expect(info).toEqual({ frames: 1, errors: [] });
    await expect(host.getByText('nyc_taxi predicted')).toBeVisible();
    // the marker field is for tooltips and consumers, not a line or a legend entry
    await expect(host.getByText('nyc_taxi forecast')).toHaveCount(0);
    await screenshot(host, 'forecast-timeseries-dark');
  });

  for (const theme of ['dark', 'light'] as const) {
    test(`the query editor validates the horizon and says which presets cannot forecast (${theme})`, async ({
      host,
    }) => {
      await host.evaluate(({ q, theme }) => window.host.renderQueryEditor('bandscope', q, theme), {
        q: { refId: 'A', upstream: CSV, upstreamQuery: { refId: 'A', file: TAXI }, preset: 'seasonal' },
        theme,
      });
      const input = host.getByTestId('bandscope-param-forecast');
      await expect(input).toHaveAttribute('placeholder', 'off');
      await expect(host.getByTestId('bandscope-forecast-unavailable')).toHaveCount(0);
      await input.fill('2 days');
      await expect(
        host.getByText('forecast must be a duration (5m, 1h, 1d, 1w or milliseconds), got "2 days"')
      ).toBeVisible();
      await input.fill('2d');
      await expect(host.getByText(/forecast must be/)).toHaveCount(0);
      let q = (await host.evaluate(() => window.host.state.lastQuery)) as any;
      expect(q.forecast).toBe('2d');
      // a preset without a model of the future: the editor says so, and the horizon is flagged
      await host.getByRole('combobox', { name: 'Preset' }).click();
      await host.getByRole('option', { name: /robust/ }).click();
      const cannot = 'the robust preset cannot forecast: it has no model of the future (use ewma or seasonal)';
      await expect(host.getByText(cannot, { exact: true })).toBeVisible();
      q = (await host.evaluate(() => window.host.state.lastQuery)) as any;
      expect(q).toMatchObject({ preset: 'robust', forecast: '2d' });
      await screenshot(host, `forecast-query-editor-${theme}`);
      // with no horizon typed, a note says it
      await input.fill('');
      await expect(host.getByTestId('bandscope-forecast-unavailable')).toHaveText(`${cannot.replace(/^t/, 'T')}.`);
      await expect(host.getByText(cannot, { exact: true })).toHaveCount(0);
    });
  }
});
