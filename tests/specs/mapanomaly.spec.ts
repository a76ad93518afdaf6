// The map's anomaly mode end to end with the BUILT plugin: the datasource's web-log query over the apache sample
// with a burst from Brazil appended, the panel's map colouring countries by their own band's score (computed in
// the Web Worker), the legend's most anomalous countries, the time-lapse, and a click opening a country's band.
import type { Page } from '@playwright/test';

import { APACHE_BURST, COUNTRY_BURST, expect, pointIn, renderPanel, screenshot, test } from './fixtures';

const APACHE = { refId: 'A', file: 'apache_logs/apache_logs' };
const BURST_BUCKET = 52; // 19 May 2015 14:00 of the sample's 84 hourly buckets

/** Bandscope web-log mode over the apache_logs upstream, both bursts appended (the unknown one has no country). */
const TARGET = {
  refId: 'A',
  mode: 'weblog',
  upstream: { uid: 'apache-logs' },
  upstreamQuery: { ...APACHE, lines: [...APACHE_BURST, ...COUNTRY_BURST] },
  weblog: { bucket: '1h' },
};

/** The map in anomaly mode over the Bandscope datasource's web-log query (default) or other targets, until ready. */
async function renderAnomalyMap(
  page: Page,
  theme: 'dark' | 'light',
  source: { datasource: string; targets: object[] } = { datasource: 'bandscope', targets: [TARGET] }
) {
  await renderPanel(
    page,
    {
      ...source,
      theme,
      options: { view: 'map', map: { mode: 'anomaly' } },
      width: 1100,
      height: 560,
    },
    { load: true }
  );
  const map = page.getByTestId('bandscope-map');
  await expect(map).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(map).toHaveAttribute('data-mode', 'anomaly');
}

/** A country's shape on the map: its score, severity and fill. */
async function country(page: Page, code: string) {
  const el = page.locator(`[data-testid="bandscope-map-outlines"] path[data-code="${code}"]`);
  return {
    score: Number((await el.getAttribute('data-score')) ?? 'NaN'),
    severity: await el.getAttribute('data-severity'),
    fill: await el.getAttribute('fill'),
  };
}

test.describe('map anomaly mode', () => {
  for (const theme of ['dark', 'light'] as const) {
    test(`datasource web-log query → the burst country coloured and listed at its bucket, its band on click (${theme})`, async ({
      host,
    }) => {
      await renderAnomalyMap(host, theme);
      // The datasource's countries frame (counts) was banded in the worker, not on the main thread.
      await expect(host.getByTestId('bandscope-map')).toHaveAttribute('data-where', 'worker');
      const slider = host.getByTestId('bandscope-map-slider');
      const legend = host.getByTestId('bandscope-map-legend');
      await expect(legend).toHaveAttribute('data-mode', 'anomaly');

      // The hour before the burst: Brazil is not unusual.
      await slider.fill(String(BURST_BUCKET - 1));
      const before = await country(host, 'BR');
      expect(before.severity).toBe('none');

      // The burst's hour: Brazil first in the legend, critical, its own colour on the map.
      await slider.fill(String(BURST_BUCKET));
      await expect(host.getByTestId('bandscope-map-time')).toHaveText('2015-05-19 14:00');
      await expect(legend.locator('li').first()).toHaveAttribute('data-code', 'BR');
      await expect(legend.locator('li').first()).toHaveText(/Brazil\s*\d+\s*critical/);
      const at = await country(host, 'BR');
      expect(at.score).toBeGreaterThanOrEqual(75);
      expect(at.severity).toBe('critical');
      expect(at.fill).not.toBe(before.fill);
      // The US, with far more requests, is not what stands out.
      const us = await country(host, 'US');
      expect(us.score).toBeLessThan(at.score);
      expect(us.fill).not.toBe(at.fill);

      // The log ends 6 minutes into its last hour: the datasource's frame says so, no country is scored there.
      await slider.fill('83');
      await expect(legend.locator('li')).toHaveText(['No country unusual here']);
      await slider.fill(String(BURST_BUCKET));

      // The next hour: the anomaly fades.
      await slider.fill(String(BURST_BUCKET + 1));
      expect((await country(host, 'BR')).score).toBeLessThan(at.score);
      await slider.fill(String(BURST_BUCKET));

      // Hover says the score; a click opens Brazil's requests with its band, the map's bucket marked on it.
      const [x, y] = await pointIn(host, 'BR');
      await host.mouse.move(x, y);
      await expect(host.getByTestId('bandscope-map-tooltip')).toHaveText(/Brazil\s*BR.*Anomaly score \d+ \(critical\)/);
      await host.mouse.click(x, y);
      const band = host.getByTestId('bandscope-country-band');
      await expect(band).toHaveAttribute('data-code', 'BR');
      await expect(band).toContainText('Brazil · requests and band');
      await expect(band.locator('.u-over')).toBeVisible();
      await expect(host.getByTestId('bandscope-map-selected')).toHaveAttribute('data-selected', 'BR');
      await screenshot(host, `map-anomaly-${theme}`);

      // A click on the band chart moves the map to that time.
      const over = (await band.locator('.u-over').boundingBox())!;
      await host.mouse.click(over.x + over.width * 0.1, over.y + over.height / 2);
      await expect
        .poll(async () => Number(await host.getByTestId('bandscope-map-time').getAttribute('data-index')))
        .toBeLessThan(BURST_BUCKET - 20);
      await band.getByRole('button', { name: 'Close' }).click();
      await expect(band).toHaveCount(0);
    });
  }

  for (const shape of ['lines', 'rows'] as const) {
    test(`raw ${shape} parsed by the panel: banded in the worker, the burst country first at its bucket`, async ({
      host,
    }) => {
      await renderAnomalyMap(host, 'dark', {
        datasource: 'weblog',
        targets: [{ refId: 'A', shape, lines: COUNTRY_BURST }],
      });
      const map = host.getByTestId('bandscope-map');
      await expect(map).toHaveAttribute('data-where', 'worker');
      await host.getByTestId('bandscope-map-slider').fill(String(BURST_BUCKET));
      await expect(host.getByTestId('bandscope-map-time')).toHaveText('2015-05-19 14:00');
      const first = host.getByTestId('bandscope-map-legend').locator('li').first();
      await expect(first).toHaveAttribute('data-code', 'BR');
      expect((await country(host, 'BR')).severity).toBe('critical');
    });
  }
});
