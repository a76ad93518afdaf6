// The map view and the combined view, with the BUILT plugin in the plugin host.
import type { Page } from '@playwright/test';

import { APACHE_BURST, expect, filled, load, mapReady, pointIn, renderPanel, screenshot, test } from './fixtures';

const APACHE = { refId: 'A', file: 'apache_logs/apache_logs' };
const BUCKETS = 84; // apache_logs: 17 May 10:00 → 20 May 21:00, hourly

function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
    const s = Number(c) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

async function renderApache(page: Page, extra: Record<string, unknown> = {}) {
  const spec = { datasource: 'apache-logs', targets: [APACHE], options: { view: 'map' }, width: 1100, height: 560 };
  await renderPanel(page, { ...spec, ...extra }, { load: true });
  await mapReady(page);
}

const index = (page: Page) => page.getByTestId('bandscope-map-time').getAttribute('data-index').then(Number);

// theme.colors.border.medium of Grafana 11.6–12.4 and 13.2 (13.1 made it an opaque grey).
const OUTLINE = { dark: 'rgba(204, 204, 220, 0.2)', light: 'rgba(36, 41, 46, 0.3)' };

test.describe('map view', () => {
  for (const theme of ['dark', 'light'] as const) {
    test(`apache_logs sample: countries coloured from the theme, the US darkest (${theme})`, async ({ host }) => {
      const requested: string[] = [];
      host.context().on('request', (r) => requested.push(new URL(r.url()).pathname));
      await renderApache(host, { theme });
      const map = host.getByTestId('bandscope-map');
      // Raw lines were parsed in the Web Worker, into the 84 hourly buckets.
      await expect(map).toHaveAttribute('data-where', 'worker');
      await expect(map).toHaveAttribute('data-buckets', String(BUCKETS));
      console.log(
        `10k lines (${theme}): worker busy ${await map.getAttribute('data-busy-ms')} ms, data → map ${await map.getAttribute('data-wall-ms')} ms`
      );
      const countries = await filled(host);
      expect(countries.length).toBeGreaterThan(60);
      const us = countries.find((c) => c.code === 'US')!;
      expect(us.count).toBe(3983);
      const darkest = countries.reduce((a, b) => (luminance(b.fill) < luminance(a.fill) ? b : a));
      expect(darkest.code).toBe('US');
      expect(countries.filter((c) => c.fill === us.fill).map((c) => c.code)).toEqual(['US']);
      // Legend: scale and the top countries as text.
      const legend = host.getByTestId('bandscope-map-legend');
      await expect(legend.locator('li').first()).toHaveText(/United States\s*3,983\s*39\.8%/);
      // By the legend: which IP data placed the addresses.
      await expect(legend.getByTestId('bandscope-map-ip-data')).toHaveText(
        'IP data: GeoLite2 via geoip-lite 2.0.3, 2019-08-28'
      );
      // Tooltip on hover: name, count, share.
      const [x, y] = await pointIn(host, 'US');
      await host.mouse.move(x, y);
      await expect(host.getByTestId('bandscope-map-tooltip')).toHaveText(
        /United States\s*US\s*3,983 requests · 39\.8% of all/
      );
      // Country outlines look the same on every Grafana of the matrix: Grafana 12.4's border.medium.
      await expect(host.getByTestId('bandscope-map-outlines')).toHaveAttribute('stroke', OUTLINE[theme]);
      await screenshot(host, `map-${theme}`);
      // Assets and the worker chunk came from the plugin's own public path.
      for (const file of ['assets/world-50m.topo.json.gz', 'assets/geo-country.bin.gz', 'bandscope-weblog.js']) {
        expect(requested, file).toContain(`/public/plugins/bandscope-app/${file}`);
      }
    });
  }

  test('the slider and the play button move through the buckets; loop wraps, no loop stops', async ({ host }) => {
    await renderApache(host);
    expect(await index(host)).toBe(-1); // all time
    const slider = host.getByTestId('bandscope-map-slider');
    await slider.fill('10');
    expect(await index(host)).toBe(10);
    await expect(host.getByTestId('bandscope-map-time')).toHaveText('2015-05-17 20:00');
    const at10 = await filled(host);
    await slider.fill('40');
    await expect(host.getByTestId('bandscope-map-time')).toHaveText('2015-05-19 02:00');
    const at40 = await filled(host);
    expect(at40.reduce((s, c) => s + c.count, 0)).not.toBe(at10.reduce((s, c) => s + c.count, 0));

    // Play at 8 buckets/s: the index moves on; pause holds it.
    await host.getByRole('radio', { name: '8×' }).check({ force: true });
    await host.getByTestId('bandscope-map-play').click();
    await expect.poll(() => index(host), { timeout: 5000 }).toBeGreaterThan(42);
    await host.getByTestId('bandscope-map-play').click();
    const paused = await index(host);
    await host.waitForTimeout(400);
    expect(await index(host)).toBe(paused);

    // Loop on (default): from the last buckets, playing wraps to the start.
    await slider.fill(String(BUCKETS - 3));
    await host.getByTestId('bandscope-map-play').click();
    await expect.poll(() => index(host), { timeout: 5000 }).toBeLessThan(BUCKETS - 3);
    await host.getByTestId('bandscope-map-play').click();

    // Loop off: playing stops on the last bucket.
    await host.getByTestId('bandscope-map-loop').click();
    await slider.fill(String(BUCKETS - 4));
    await host.getByTestId('bandscope-map-play').click();
    await expect(host.getByTestId('bandscope-map-controls')).toHaveAttribute('data-playing', 'false', {
      timeout: 5000,
    });
    expect(await index(host)).toBe(BUCKETS - 1);
    await expect(host.getByTestId('bandscope-map-time')).toHaveText('2015-05-20 21:00');

    // "All" goes back to the whole range.
    await host.getByTestId('bandscope-map-all').click();
    expect(await index(host)).toBe(-1);
  });

  test('countries too small for the atlas are dots at their main centroid', async ({ host }) => {
    await renderApache(host);
    const dots = await host.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="bandscope-map-dots"] circle')).map((c) =>
        c.getAttribute('data-code')
      )
    );
    expect(dots.length).toBeGreaterThan(0);
    expect(dots).toContain('SG');
    const sg = (await host.locator('circle[data-code="SG"]').boundingBox())!;
    const my = (await host.locator('path[data-code="MY"]').boundingBox())!;
    // Singapore sits at the southern tip of Malaysia's peninsula.
    expect(Math.abs(sg.x - my.x)).toBeLessThan(80);
    expect(sg.y).toBeGreaterThan(my.y);
  });

  for (const theme of ['dark', 'light'] as const) {
    test(`heat overlay (${theme})`, async ({ host }) => {
      await renderApache(host, { theme, options: { view: 'map', map: { heat: true } } });
      const painted = await host.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('[data-testid="bandscope-map-heat"]')!;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) {
          n += d[i] > 0 ? 1 : 0;
        }
        return n / (c.width * c.height);
      });
      expect(painted).toBeGreaterThan(0.01);
      await screenshot(host, `map-heat-${theme}`);
    });
  }

  test('three input shapes: IP rows in the worker, aggregated counts and labelled series drawn directly', async ({
    host,
  }) => {
    await load(host);
    const render = (t: object) =>
      renderPanel(host, { datasource: 'weblog', targets: [t], options: { view: 'map' }, width: 1000, height: 520 });
    const map = host.getByTestId('bandscope-map');

    await render({ refId: 'A', shape: 'rows' });
    await mapReady(host);
    await expect(map).toHaveAttribute('data-where', 'worker');
    expect((await filled(host)).find((c) => c.code === 'US')?.count).toBe(3983);

    await expect(host.getByTestId('bandscope-map-ip-data')).toHaveText(/^IP data: GeoLite2 via geoip-lite 2\.0\.3, /);

    await render({ refId: 'A', shape: 'counts' });
    await expect(map).toHaveAttribute('data-buckets', '24', { timeout: 10_000 });
    await expect(map).toHaveAttribute('data-where', 'main');
    // Countries placed upstream: the IP table played no part, so no note.
    await expect(host.getByTestId('bandscope-map-ip-data')).toHaveCount(0);
    // At 14:00 Germany's burst makes it the darkest country.
    await host.getByTestId('bandscope-map-slider').fill('14');
    const at14 = await filled(host);
    expect(at14.reduce((a, b) => (luminance(b.fill) < luminance(a.fill) ? b : a)).code).toBe('DE');
    expect(at14.find((c) => c.code === 'DE')?.count).toBeGreaterThan(900);

    await render({ refId: 'A', shape: 'series' });
    const codes = async () => Array.from(new Set((await filled(host)).map((c) => c.code))).sort();
    await expect.poll(codes).toEqual(['AU', 'BR', 'DE', 'FR', 'IN', 'JP', 'SG', 'US']);
  });

  test('with the legend hidden, the IP data note stays on its own', async ({ host }) => {
    await renderApache(host, { options: { view: 'map', map: { showLegend: false } } });
    await expect(host.getByTestId('bandscope-map-legend')).toHaveCount(0);
    await expect(host.getByTestId('bandscope-map-ip-data')).toHaveText(
      'IP data: GeoLite2 via geoip-lite 2.0.3, 2019-08-28'
    );
  });

  test("the Bandscope datasource's web-log mode feeds the map without re-parsing", async ({ host }) => {
    const target = { refId: 'A', mode: 'weblog', upstream: { uid: 'apache-logs' }, upstreamQuery: APACHE };
    // maxDataPoints 500: the datasource picks hourly buckets (1000 would allow 5-minute ones).
    const spec = { datasource: 'bandscope', targets: [target], options: { view: 'map' }, width: 1000, height: 520 };
    await renderPanel(host, { ...spec, query: { maxDataPoints: 500 } }, { load: true });
    const map = host.getByTestId('bandscope-map');
    await mapReady(host);
    await expect(map).toHaveAttribute('data-where', 'main'); // counts: nothing left to parse in the panel
    await expect(map).toHaveAttribute('data-buckets', String(BUCKETS));
    // The datasource looked the addresses up: its countries frame says in which table.
    await expect(host.getByTestId('bandscope-map-ip-data')).toHaveText(
      'IP data: GeoLite2 via geoip-lite 2.0.3, 2019-08-28'
    );
    expect((await filled(host)).find((c) => c.code === 'US')?.count).toBe(3983);
  });

  test('frames of no web-log shape: a clear message', async ({ host }) => {
    const frame = {
      fields: [
        { name: 'time', type: 'time', values: [1, 2] },
        { name: 'value', type: 'number', values: [1, 2] },
      ],
    };
    await renderPanel(host, { frames: [frame], options: { view: 'map' } }, { load: true });
    await expect(host.getByTestId('bandscope-map')).toHaveAttribute('data-status', 'nodata');
    await expect(host.getByText('No web-log data')).toBeVisible();
  });
});

test.describe('combined view', () => {
  // The apache_logs sample has no burst in its full buckets (its last, partial bucket is not scored): the
  // web-log upstream appends 600 requests at 19 May 14:00, five times a usual hour.
  const BURST_INDEX = 52; // 17 May 10:00 + 52 h
  const WITH_BURST = { refId: 'A', shape: 'lines', lines: APACHE_BURST };

  async function renderCombined(page: Page, theme: 'dark' | 'light' = 'dark') {
    const spec = { datasource: 'weblog', targets: [WITH_BURST], theme, options: { view: 'combined' } };
    await renderPanel(page, { ...spec, width: 1200, height: 760 }, { load: true });
    await mapReady(page);
    await expect(page.locator('[data-testid="bandscope-combined-chart"] .u-over')).toBeVisible();
  }

  test('clicking a time on the chart moves the map to that bucket; the map bucket is the chart marker', async ({
    host,
  }) => {
    await renderCombined(host);
    const over = host.locator('[data-testid="bandscope-combined-chart"] .u-over');
    const box = (await over.boundingBox())!;
    // First click on the line (within uPlot's focus proximity), so that it also pins the chart's tooltip.
    const pinned = host.getByRole('button', { name: 'Close' });
    for (let f = 0.05; f < 1; f += 0.05) {
      await host.mouse.click(box.x + box.width * 0.25, box.y + box.height * f);
      if (
        await pinned.waitFor({ timeout: 300 }).then(
          () => true,
          () => false
        )
      ) {
        break;
      }
    }
    await expect(pinned).toBeVisible();
    await expect.poll(() => index(host)).toBeGreaterThanOrEqual(0);
    const first = await index(host);
    // While the tooltip is pinned, a click elsewhere reports its own time.
    await host.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    await expect.poll(() => index(host)).toBeGreaterThan(first + 20);
    const second = await index(host);
    // The marker follows the map's bucket (the slider too).
    await host.getByTestId('bandscope-map-slider').fill('5');
    const marker = await host.getByTestId('bandscope-combined-chart').getAttribute('data-marker');
    expect(Number(marker)).toBe(Date.UTC(2015, 4, 17, 15));
    expect(second).toBeLessThan(BUCKETS);
  });

  test('anomaly markers are one click away; the partial last bucket is marked, not flagged', async ({ host }) => {
    await renderCombined(host);
    const buttons = host.getByTestId('bandscope-anomaly-button');
    await expect(buttons.first()).toBeVisible();
    const flagged = await buttons.evaluateAll((bs) => bs.map((b) => Number(b.getAttribute('data-index'))));
    expect(flagged).toContain(BURST_INDEX);
    expect(flagged).not.toContain(BUCKETS - 1);
    const partial = host.getByTestId('bandscope-partial-bucket');
    await expect(partial).toHaveText(/Last bucket partial \(2015-05-20 21:00\)/);
    expect(Number(await partial.getAttribute('data-end'))).toBe(Date.UTC(2015, 4, 20, 21, 6));
    const target = flagged[0];
    await buttons.first().click();
    expect(await index(host)).toBe(target);
    await host.getByTestId('bandscope-map-slider').fill('0');
    await host.getByTestId('bandscope-next-anomaly').click();
    expect(await index(host)).toBe(target);
  });

  for (const theme of ['dark', 'light'] as const) {
    test(`combined view screenshot (${theme})`, async ({ host }) => {
      await renderCombined(host, theme);
      await host.getByTestId('bandscope-anomaly-button').first().click();
      await screenshot(host, `combined-${theme}`);
    });
  }
});
