// The plugin host itself (tests/host): what the other specs and bench:panel rely on when they render again.
import { expect, load, renderPanel, test } from './fixtures';

/** A day of minutes with a slow wave: enough for every preset to draw a band. */
const CPU = {
  name: 'cpu',
  fields: [
    { name: 'time', type: 'time', values: Array.from({ length: 1440 }, (_, i) => Date.UTC(2026, 0, 1) + i * 60_000) },
    { name: 'cpu', type: 'number', values: Array.from({ length: 1440 }, (_, i) => 50 + 10 * Math.sin(i / 60)) },
  ],
};

test.describe('plugin host', () => {
  test('renderPanel with other options mounts a panel with them; with the same options it refreshes the mounted one', async ({
    host,
  }) => {
    await load(host);
    const bands = host.getByTestId('bandscope-bands');
    await renderPanel(host, { frames: [CPU], options: { k: 2 } });
    await expect(bands).toHaveAttribute('data-detector', /"k":2[,}]/);
    // Another panel's options: before the fix the host kept the first panel's (k 2).
    await renderPanel(host, { frames: [CPU], options: { k: 5 } });
    await expect(bands).toHaveAttribute('data-detector', /"k":5[,}]/);
    // Options changed in the options pane survive a refresh (new data, same panel), as in Grafana.
    await host.evaluate(() => window.host.setPanelOptions({ k: 3 }));
    await expect(bands).toHaveAttribute('data-detector', /"k":3[,}]/);
    await renderPanel(host, { frames: [CPU], options: { k: 5 }, width: 901 });
    await expect(host.locator('[data-testid="bandscope-bands"][style*="width: 901px"] canvas')).toBeVisible();
    await expect(bands).toHaveAttribute('data-detector', /"k":3[,}]/);
  });

  test('renderTimeSeries without a drawable frame says No data, as the core panel does, and draws the next frames', async ({
    host,
  }) => {
    await host.evaluate(() => window.host.renderTimeSeries({ frames: [] }));
    await expect(host.getByTestId('host-timeseries-nodata')).toHaveText('No data');
    const strings = { fields: [{ name: 'note', type: 'string', values: ['a', 'b'] }] };
    await host.evaluate((f) => window.host.renderTimeSeries({ frames: [f] }), strings);
    await expect(host.getByTestId('host-timeseries-nodata')).toHaveText('No data');
    await host.evaluate((f) => window.host.renderTimeSeries({ frames: [f] }), CPU);
    await expect(host.locator('[data-testid="host-timeseries"] canvas').first()).toBeVisible();
    await expect(host.getByTestId('host-crash')).toHaveCount(0);
  });

  test('a component that crashed is replaced by the next render call instead of staying on the page', async ({
    host,
    problems,
  }) => {
    // No plugin loaded: the panel host has no panel to render and crashes inside the error boundary.
    await host.evaluate(() => window.host.renderPanel({ frames: [] }));
    await expect(host.getByTestId('host-crash')).toBeVisible();
    // That crash was the point (reported as console errors, and on React's development build also as a page
    // error); anything else still fails the test.
    const expected = /plugin component crashed|The above error occurred|Cannot read propert/;
    for (const list of [problems.consoleErrors, problems.pageErrors]) {
      list.splice(0, list.length, ...list.filter((e) => !expected.test(e)));
    }
    await host.evaluate((f) => window.host.renderTimeSeries({ frames: [f] }), CPU);
    await expect(host.locator('[data-testid="host-timeseries"] canvas').first()).toBeVisible();
    await expect(host.getByTestId('host-crash')).toHaveCount(0);
  });
});
