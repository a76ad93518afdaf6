import { expect, load, screenshot, test } from './fixtures';

test.describe('plugin host loads the built Bandscope bundle', () => {
  test("the host shares the matrix entry's packages, not the default ones", async ({ host, matrix }) => {
    const versions = await host.evaluate(() => window.host.versions);
    // The matrix reporter prints these (the versions as the host reports them).
    test.info().annotations.push({ type: 'host-versions', description: JSON.stringify(versions) });
    expect(versions.react).toBe(matrix.expected.react);
    // React 18.3.1's production react-dom reports its build as a prerelease ("18.3.1-next-f1338f8080-20240426").
    expect(versions.reactDom.replace(/-next-[0-9a-f]+-\d+$/, '')).toBe(matrix.expected.react);
    expect(Object.keys(versions.grafana)).toEqual(expect.arrayContaining(['@grafana/data', '@grafana/ui', '@grafana/runtime']));
    for (const [name, version] of Object.entries(versions.grafana)) {
      expect(version, name).toBe(matrix.expected.grafana);
    }
    // What Grafana tells plugins about itself (config.buildInfo), for their runtime version checks.
    expect(await host.evaluate(() => window.host.grafanaVersion())).toBe(matrix.expected.grafana);
  });

  test("the entry's React build: development warns (and the fixture sees it), production does not", async ({ host, matrix, problems }) => {
    await host.evaluate(() => window.host.renderInvalidAttribute());
    await expect(host.getByTestId('invalid-attribute')).toBeAttached();
    const warned = () => problems.consoleErrors.filter((e) => /non-boolean attribute/.test(e)).length;
    if (matrix.react === 'development') {
      await expect.poll(warned).toBe(1);
      // Seen: clear it, as the fixture fails every spec on a React warning in this entry.
      problems.consoleErrors.length = 0;
    } else {
      expect(warned()).toBe(0);
    }
  });

  test('app, datasource and panel load from dist/ through SystemJS', async ({ host }) => {
    const ids = await load(host);
    expect(ids).toEqual({ app: 'bandscope-app', datasource: 'bandscope-datasource', panel: 'bandscope-panel' });
    // The plugin modules are AMD with React and @grafana/* shared, not bundled copies.
    const modules = await host.evaluate(async () => {
      const names = ['module.js', 'datasource/module.js', 'panel/module.js'];
      return Promise.all(names.map(async (n) => (await fetch(`/public/plugins/bandscope-app/${n}`)).text()));
    });
    for (const source of modules) {
      expect(source).toMatch(/define\(\[[^\]]*"@grafana\/data"/);
      expect(source).not.toContain('react.production.min');
    }
  });

  for (const theme of ['dark', 'light'] as const) {
    test(`app config page shows attributions (${theme})`, async ({ host }) => {
      await load(host);
      await host.evaluate((t) => window.host.renderAppConfig(t), theme);
      await expect(host.getByTestId('bandscope-attribution')).toHaveCount(2);
      // Read from the shipped table's header: what it was built from, when, and the notice its licence asks for.
      const ipData = host.locator('[data-kind="ip-data"]');
      await expect(ipData).toContainText('IP data: GeoLite2 via geoip-lite 2.0.3, 2019-08-28.');
      await expect(ipData).toContainText(
        'This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com. Licensed under CC BY-SA 4.0'
      );
      const bg = await host.evaluate(() => getComputedStyle(document.querySelector('[data-theme]')!).backgroundColor);
      const [r, g, b] = bg.match(/\d+/g)!.map(Number);
      const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      expect(theme === 'dark' ? luminance < 60 : luminance > 200, `${theme} canvas is ${bg}`).toBe(true);
      await screenshot(host, `app-config-${theme}`);
    });
  }

  test('the panel renders frames from a real upstream datasource', async ({ host }) => {
    await load(host);
    await host.evaluate(() =>
      window.host.renderPanel({
        datasource: 'nab-csv',
        targets: [{ refId: 'A', file: 'realKnownCause/nyc_taxi.csv' } as any],
      })
    );
    await expect(host.getByTestId('bandscope-panel')).toBeVisible();
    await screenshot(host, 'panel-dark');
  });
});
