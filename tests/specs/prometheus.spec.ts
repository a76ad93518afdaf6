// A real Prometheus (Debian's 2.42), started by this spec on 127.0.0.1: a NAB series backfilled into its TSDB,
// the rules of `bandscope rules` recorded over that history (promtool tsdb create-blocks-from rules), and the
// plugin host's Prometheus-type upstream querying /api/v1/query_range. The recorded band must be what
// src/detect's window preset computes, point for point.
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';

import { parseCsv } from '../../bin/commands/detect';
import type { Page } from '@playwright/test';

import { createDetector, defaultParams } from '../../src/detect';
import type { Outputs } from '../../src/detect/kernel';
import type { WindowSettings } from '../../src/detect/presets/window';
import { BAND_SERIES, type BandSeries, recordName, ruleGroupYaml } from '../../src/rules/rules';
import {
  backfill,
  backfillRules,
  freePort,
  openMetrics,
  PROMTOOL,
  run,
  type Server,
  startPrometheus,
  tempDir,
} from '../prometheus';
import { readFixture } from '../fixture-data';
import { expect, filled, load, mapReady, query, renderPanel, screenshot, test } from './fixtures';

const MIN = 60_000;
const METRIC = 'nab_value';
const FILE = 'art_daily_jumpsup';
const NAME = 'jumpsup';
const SETTINGS: WindowSettings = {
  k: 3,
  range: 360 * MIN,
  season: 0,
  interval: 5 * MIN, // the series' own step: a backfilled gap is never bridged by the 5-minute lookback
  phase: 0, // set from the recorded samples below: Prometheus picks it from the group's name and file
  rangeStart: 'inclusive', // the Prometheus installed here is 2.x
  warmup: 6,
  threshold: 50,
};

// scripts/prometheus-fixtures.ts: sum by (geoip_country_name) (count_over_time({job="apache"}[1h])), hourly
const COUNTRY_FIXTURE = 'apache-requests-by-country.om';
const COUNTRY_METRIC = 'geoip_country_name:apache_requests:count1h';
const HOUR = 3_600_000;

const fixture = parseCsv(readFileSync(path.resolve(__dirname, '../fixtures/prometheus', `${FILE}.csv`), 'utf8'));
const times = Array.from(fixture.times);
const values = Array.from(fixture.values);

let tmp: ReturnType<typeof tempDir> | undefined;
let prometheus: Server | undefined;
let port = 0;
let phase = 0;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  tmp = tempDir('spec-prometheus');
  const tsdbDir = path.join(tmp.dir, 'tsdb');
  backfill(openMetrics(METRIC, { file: FILE }, times, values), tsdbDir, tmp.dir);
  // the Apache sample's requests per hour by geoip_country_name, as a Loki recording rule writes them
  backfill(readFixture(`prometheus/${COUNTRY_FIXTURE}`), tsdbDir, tmp.dir);
  const rulesFile = path.join(tmp.dir, 'rules.yml');
  writeFileSync(rulesFile, ruleGroupYaml({ expr: METRIC, name: NAME, settings: SETTINGS, for: 15 * MIN }));
  const [from, to] = (process.env.PROMETHEUS_PORTS ?? '9190-9199').split('-').map(Number);
  port = await freePort(from, to);
  // the server loads the generated rules as an operator would (they find no samples at wall-clock time)
  const configFile = path.join(tmp.dir, 'prometheus.yml');
  writeFileSync(configFile, 'rule_files: [rules.yml]\n');
  prometheus = await startPrometheus({ tsdbDir, port, configFile });
  const url = `http://127.0.0.1:${port}`;
  backfillRules({ rulesFile, start: times[0], end: times[times.length - 1], url, tsdbDir, workDir: tmp.dir });
  await prometheus.stop();
  prometheus = await startPrometheus({ tsdbDir, port, configFile });
  const groups = await (await fetch(`${url}/api/v1/rules`)).json();
  expect(groups.data.groups.map((g: { name: string }) => g.name)).toEqual([`bandscope:${NAME}`]);
  // the evaluation phase Prometheus chose: any recorded sample's time modulo the interval
  const at = (times[times.length - 1] / 1000).toString();
  const raw = await (await fetch(`${url}/api/v1/query?query=${recordName(NAME, 'predicted')}[1h]&time=${at}`)).json();
  const stamps: Array<[number, string]> = raw.data.result[0].values;
  phase = Math.round(stamps[0][0] * 1000) % SETTINGS.interval;
  expect(stamps.every(([t]) => Math.round(t * 1000) % SETTINGS.interval === phase)).toBe(true);
});

test.afterAll(async () => {
  await prometheus?.stop();
  tmp?.remove();
});

function windowPreset(): Outputs {
  return createDetector('window', { ...SETTINGS, phase }).run(times, values);
}

const RANGE = { from: times[0], to: times[times.length - 1] };
const STEP = { range: RANGE, intervalMs: 300_000, maxDataPoints: 2000 };
const prometheusRef = { uid: 'prometheus', type: 'prometheus' };

/** The recorded series, as the host's Prometheus upstream returns them: time → value per series. */
async function recorded(page: Page): Promise<Record<BandSeries, Map<number, number>>> {
  const targets = BAND_SERIES.map((s, i) => ({ refId: String.fromCharCode(65 + i), expr: recordName(NAME, s) }));
  const result = await query(page, 'prometheus', targets, STEP);
  const frames = result[result.length - 1].series;
  return Object.fromEntries(
    BAND_SERIES.map((s, i) => {
      const [time, value] = frames[i].fields;
      return [s, new Map((time.values as number[]).map((t, j) => [t, (value.values as number[])[j]]))];
    })
  ) as Record<BandSeries, Map<number, number>>;
}

test('the recorded band queried from Prometheus equals the window preset at every point', async ({ host }) => {
  await host.evaluate((p) => window.host.setPrometheusPort(p), port);
  const exprs = [METRIC, ...BAND_SERIES.map((s) => recordName(NAME, s))];
  const result = await query(
    host,
    'prometheus',
    exprs.map((expr, i) => ({ refId: String.fromCharCode(65 + i), expr })),
    STEP
  );
  const frames = result[result.length - 1].series;
  // shaped as Grafana's Prometheus datasource: one frame per series, Time + a value field named after the metric
  expect(frames.map((f) => f.fields.map((x) => x.name))).toEqual([
    ['Time', METRIC],
    ...BAND_SERIES.map((s) => ['Time', recordName(NAME, s)]),
  ]);
  expect(frames[0].fields[1].labels).toEqual({ __name__: METRIC, file: FILE });
  expect(frames[0].fields[1].config?.displayNameFromDS).toBe(`${METRIC}{file="${FILE}"}`);
  expect(frames[1].fields[1].labels).toEqual({ __name__: recordName(NAME, 'predicted'), file: FILE });
  expect(frames[0].meta?.type).toBe('timeseries-multi');

  // the raw series comes back sample for sample
  expect(frames[0].fields[0].values).toEqual(times);
  expect(frames[0].fields[1].values).toEqual(values);

  const expected = windowPreset();
  const index = new Map(times.map((t, i) => [t, i]));
  let compared = 0;
  BAND_SERIES.forEach((series, s) => {
    const [timeField, valueField] = frames[s + 1].fields;
    const got = new Map((timeField.values as number[]).map((t, i) => [t, (valueField.values as number[])[i]]));
    for (const [t, i] of index) {
      const want = expected[series][i];
      // absent in Prometheus ⇔ NaN in the preset; otherwise the same float64
      expect(got.has(t) ? got.get(t) : NaN).toBe(want);
      compared += Number.isNaN(want) ? 0 : 1;
    }
  });
  expect(compared).toBeGreaterThan(3 * times.length);
  expect(Array.from(expected.anomaly).some((a) => a === 1)).toBe(true);
});

/** The Bandscope query of the rules' settings over the backfilled metric (phase: the rule evaluations' offset). */
const windowQuery = () => ({
  refId: 'A',
  upstream: prometheusRef,
  upstreamQuery: { refId: 'A', expr: METRIC, datasource: prometheusRef },
  preset: 'window',
  params: { ...SETTINGS, phase },
});

test('the Bandscope datasource over that Prometheus gives the recorded band, point for point', async ({ host }) => {
  await host.evaluate((p) => window.host.setPrometheusPort(p), port);
  await load(host);
  const target = windowQuery();
  const result = await query(host, 'bandscope', [target], STEP);
  const last = result[result.length - 1];
  expect(last.errors ?? []).toEqual([]);
  expect(last.series).toHaveLength(1);
  const fields = Object.fromEntries(last.series[0].fields.map((f) => [f.name, f.values as Array<number | null>]));
  expect(fields.Time).toEqual(times);
  const want = await recorded(host);
  let equal = 0;
  for (const series of BAND_SERIES) {
    fields[series].forEach((v, i) => {
      const got = v ?? NaN; // the contract's null: no estimate
      expect(got, `${series} at ${new Date(times[i]).toISOString()}`).toBe(want[series].get(times[i]) ?? NaN);
      equal += Number.isNaN(got) ? 0 : 1;
    });
  }
  expect(equal).toBeGreaterThan(3 * times.length);
});

test('the panel draws the Bandscope band and the recorded band on top of each other', async ({ host }) => {
  await host.evaluate((p) => window.host.setPrometheusPort(p), port);
  await load(host);
  const target = windowQuery();
  const computed = await query(host, 'bandscope', [target], STEP);
  // what a user querying the recorded series with Grafana's Prometheus datasource gets: the source and its band
  const exprs = [METRIC, ...BAND_SERIES.map((s) => recordName(NAME, s))];
  const stored = await query(
    host,
    'prometheus',
    exprs.map((expr, i) => ({ refId: String.fromCharCode(66 + i), expr })),
    STEP
  );
  const frames = [...computed[computed.length - 1].series, ...stored[stored.length - 1].series];
  await host.evaluate(
    (f) => window.host.renderPanel({ frames: f, width: 1100, height: 420, options: { layout: 'overlay' } }),
    frames
  );
  // one series with the datasource's band, one with the recorded band; neither computed by the panel
  await expect(host.getByTestId('bandscope-bands')).toHaveAttribute('data-origin', 'datasource recorded');
  const flagged = Array.from(windowPreset().score).filter((s) => s >= SETTINGS.threshold).length;
  expect(flagged).toBeGreaterThan(0);
  await expect
    .poll(async () => Number(await host.getByTestId('bandscope-legend').getAttribute('data-anomaly-count')))
    .toBe(2 * flagged);
  await expect(host.getByText(/recorded band .* has no source/)).toHaveCount(0);
  await screenshot(host, 'prometheus-recorded-and-computed-bands');
});

test('the query editor shows the alert rules for a Prometheus upstream and the window preset, else says why not', async ({
  host,
}) => {
  await load(host);
  await host.evaluate((file) => window.host.setVariables({ file }), FILE);
  const query = {
    refId: 'A',
    upstream: prometheusRef,
    upstreamQuery: { refId: 'A', expr: `${METRIC}{file="$file"}`, datasource: prometheusRef },
    preset: 'window',
    params: { range: '6h', k: '2.5' },
  };
  await host.evaluate((q) => window.host.renderQueryEditor('bandscope', q), query);
  await host.getByTestId('bandscope-alert-rules').click();
  const yaml = (await host.getByTestId('bandscope-alert-rules-yaml').textContent()) ?? '';
  // the generator's own output for the interpolated expression and the query's settings, named after the metric
  expect(yaml).toBe(
    ruleGroupYaml({
      expr: `${METRIC}{file="${FILE}"}`,
      name: METRIC,
      settings: { ...defaultParams('window'), range: 6 * 3_600_000, k: 2.5 },
      for: 5 * MIN,
    })
  );
  const file = path.join(tmp!.dir, 'editor-rules.yml');
  writeFileSync(file, yaml);
  const check = run(PROMTOOL, ['check', 'rules', file]);
  expect(check.stdout + check.stderr).toContain('SUCCESS: 5 rules found');
  await host.getByTestId('bandscope-alert-rules-name').fill('api-rps');
  await expect(host.getByTestId('bandscope-alert-rules-error')).toContainText('name must be letters, digits and _');
  await host.getByTestId('bandscope-alert-rules-name').fill('api_rps');
  await expect(host.getByTestId('bandscope-alert-rules-yaml')).toContainText('record: bandscope:api_rps:score');
  await screenshot(host, 'datasource-alert-rules');

  // another preset (picked as a user does), another upstream: the button is disabled and says why
  await host.keyboard.press('Escape'); // close the modal
  await host.getByRole('combobox', { name: 'Preset' }).click();
  await host.getByRole('option', { name: /^ewma/ }).click();
  await expect(host.getByTestId('bandscope-alert-rules')).toBeDisabled();
  await expect(host.getByTestId('bandscope-alert-rules-unavailable')).toHaveText(
    /^Only the window preset exports as rules/
  );
  await host.evaluate((q) => window.host.renderQueryEditor('bandscope', q), {
    ...query,
    upstream: { uid: 'nab-csv', type: 'harness-csv' },
  });
  await expect(host.getByTestId('bandscope-alert-rules')).toBeDisabled();
  await expect(host.getByTestId('bandscope-alert-rules-unavailable')).toHaveText(
    /^Alert rules need a Prometheus-type upstream .* harness-csv\.$/
  );
});

test('the map draws per-country counts keyed by country name from Prometheus as it draws the log lines', async ({
  host,
}) => {
  // the Apache sample's lines, placed by the bundled IP table in the browser
  const view = { options: { view: 'map' }, width: 1100, height: 560 };
  await renderPanel(
    host,
    { ...view, datasource: 'apache-logs', targets: [{ refId: 'A', file: 'apache_logs/apache_logs' }] },
    { load: true }
  );
  await mapReady(host);
  await expect(host.getByTestId('bandscope-map')).toHaveAttribute('data-where', 'worker');
  const fromLines = await filled(host);
  expect(fromLines.length).toBeGreaterThan(60);
  // the legend's "Unknown / private" row: requests with no country, as a number
  const unknown = async () =>
    Number(
      ((await host.locator('[data-testid="bandscope-map-legend"] li[data-code=""] span').nth(2).textContent()) ?? '')
        .replace(/,/g, '')
    );
  const unknownFromLines = await unknown();
  expect(unknownFromLines).toBeGreaterThan(0);

  // the same requests recorded per hour and labelled by MaxMind's English names (the rule's samples fall on
  // the hour after the lines, 11:00 on the 17th to 22:00 on the 20th), and a series under a key that names no country
  await host.evaluate((p) => window.host.setPrometheusPort(p), port);
  const expr = `${COUNTRY_METRIC} or label_replace(vector(1), "geoip_country_name", "Atlantis", "", "")`;
  const range = { from: Date.UTC(2015, 4, 17, 11), to: Date.UTC(2015, 4, 20, 22) };
  await renderPanel(host, {
    ...view,
    datasource: 'prometheus',
    targets: [{ refId: 'A', expr }],
    query: { range, intervalMs: HOUR, maxDataPoints: 1000 },
  });
  // the counts are drawn directly (the lines went through the worker): this is the new map
  await expect(host.getByTestId('bandscope-map')).toHaveAttribute('data-where', 'main');
  await mapReady(host);
  await expect(host.getByTestId('bandscope-map')).toHaveAttribute('data-buckets', '84');
  // every country by name lands on its ISO code with the lines' count
  expect(await filled(host)).toEqual(fromLines);
  // Atlantis: one request per hourly step, counted as unknown and reported with its key; the lines the IP table
  // placed nowhere came as the series without the label
  expect(await unknown()).toBe(unknownFromLines + 84);
  await expect(host.getByTestId('bandscope-map-problems')).toContainText(
    '84 requests under country keys that name no country ("Atlantis") counted as Unknown'
  );
  await screenshot(host, 'prometheus-map-by-country-name');
});
