// The Bandscope datasource in the plugin host, with the BUILT plugin: real upstream DataSourceApis
// (NAB CSV files, a timer-driven stream, a failing one) registered through setDataSourceSrv.
import type { Page } from '@playwright/test';

import { createDetector } from '../../src/detect';
import { GOLDEN, readGolden, worstRelErr } from '../golden';
import { annotate, expect, load, query, screenshot, test } from './fixtures';

const CSV = { uid: 'nab-csv', type: 'harness-csv' };
const FAILING = { uid: 'failing', type: 'harness-failing' };

/** The upstream query as nab-csv's own editor writes it. */
const nab = (refId: string, file: string) => ({ refId, file });

/** The golden file computed with nyc_taxi's own settings. */
const NYC_TAXI_GOLDEN = GOLDEN.find((g) => g.nab === 'realKnownCause/nyc_taxi.csv')!;

interface FieldDTO {
  name: string;
  values: unknown[];
  config?: Record<string, any>;
  labels?: Record<string, string>;
}
interface FrameDTO {
  name?: string;
  refId?: string;
  fields: FieldDTO[];
  meta?: Record<string, any>;
}

/** The host returns DataFrameDTOs; these specs read them through this narrower view. */
const frames = (emission: { series: unknown[] }) => emission.series as FrameDTO[];
const field = (frame: FrameDTO, name: string) => frame.fields.find((f) => f.name === name)!;
/** A statistic the datasource reports in `meta.stats`, by display name. */
const stat = (frame: FrameDTO, displayName: string) =>
  frame.meta?.stats?.find((s: { displayName: string }) => s.displayName === displayName)?.value;

test.describe('Bandscope datasource: query path over a real CSV upstream', () => {
  for (const { nab: file, golden, params } of GOLDEN) {
    test(`notebook preset equals the golden file ${golden}`, async ({ host }) => {
      await load(host);
      const started = Date.now();
      const emissions = await query(host, 'bandscope', [
        { refId: 'A', upstream: CSV, upstreamQuery: nab('A', file), preset: 'notebook', params },
      ]);
      const ms = Date.now() - started;
      expect(emissions).toHaveLength(1);
      const [res] = emissions;
      expect(res.errors ?? []).toEqual([]);
      expect(res.state).toBe('Done');
      expect(res.series).toHaveLength(1);
      const frame = res.series[0] as FrameDTO;
      expect(frame.fields.map((f) => f.name)).toEqual([
        'time',
        'value',
        'predicted',
        'low',
        'high',
        'score',
        'anomaly',
      ]);
      expect(frame.meta?.custom?.bandscope?.preset).toBe('notebook');
      const [t, x, predicted, low, high, anomaly] = readGolden(golden);
      expect(field(frame, 'time').values).toEqual(t);
      expect(field(frame, 'value').values).toEqual(x);
      const cols = ['predicted', 'low', 'high'].map((n) => field(frame, n).values as number[]);
      const worst = worstRelErr(cols, [predicted, low, high]);
      expect(worst).toBeLessThanOrEqual(1e-9);
      expect(Array.from(field(frame, 'anomaly').values)).toEqual(anomaly);
      const detectorMs = stat(frame, 'Bandscope detector time');
      console.log(
        `golden ${golden}: ${t.length} rows, worst relative error ${worst.toExponential(2)}, ` +
          `${anomaly.filter((a) => a === 1).length} flags, query ${ms} ms (detector ${detectorMs} ms)`
      );
    });
  }

  test('out-of-order rows: sorted (stable) for ewma, arrival order for notebook, with a notice', async ({ host }) => {
    await load(host);
    // NAB's machine_temperature file steps back in time once (row 10149).
    const [ewma, notebook] = await Promise.all(
      ['ewma', 'notebook'].map((preset) =>
        query(host, 'bandscope', [
          {
            refId: 'A',
            upstream: { uid: 'nab-csv' },
            upstreamQuery: nab('A', 'realKnownCause/machine_temperature_system_failure.csv'),
            preset,
          },
        ])
      )
    );
    const sortedFrame = frames(ewma[0])[0];
    const arrivalFrame = frames(notebook[0])[0];
    const sortedTimes = field(sortedFrame, 'time').values as number[];
    const arrivalTimes = field(arrivalFrame, 'time').values as number[];
    expect(sortedTimes.every((t, i) => i === 0 || t >= sortedTimes[i - 1])).toBe(true);
    expect(arrivalTimes.some((t, i) => i > 0 && t < arrivalTimes[i - 1])).toBe(true);
    expect(sortedFrame.meta?.notices?.map((n: { text: string }) => n.text)).toContainEqual(
      expect.stringMatching(/sorted them \(stable\)/)
    );
    expect(arrivalFrame.meta?.notices?.map((n: { text: string }) => n.text)).toContainEqual(
      expect.stringMatching(/arrival order/)
    );
  });

  test('several upstream queries each get their own detectors and settings', async ({ host }) => {
    await load(host);
    const emissions = await query(host, 'bandscope', [
      {
        refId: 'A',
        upstream: { uid: 'nab-csv' },
        upstreamQuery: nab('A', 'realKnownCause/nyc_taxi.csv'),
        preset: 'robust',
      },
      {
        refId: 'B',
        upstream: { uid: 'nab-csv' },
        upstreamQuery: nab('B', 'artificialWithAnomaly/art_daily_jumpsup.csv'),
        params: { k: '3' },
      },
    ]);
    const last = emissions.at(-1)!;
    expect(last.state).toBe('Done');
    const byRef = Object.fromEntries(frames(last).map((f) => [f.refId, f]));
    expect(Object.keys(byRef).sort()).toEqual(['A', 'B']);
    expect(byRef.A.meta.custom.bandscope).toMatchObject({ preset: 'robust', series: 'nyc_taxi', refId: 'A' });
    expect(byRef.B.meta.custom.bandscope).toMatchObject({
      preset: 'ewma',
      params: { k: 3 },
      series: 'art_daily_jumpsup',
      refId: 'B',
    });
    // The query's own datasource stays Bandscope's: nothing in the answer rewrites it, fields keep their display names.
    expect(field(byRef.A, 'value').config?.displayName).toBe('nyc_taxi');
    expect(field(byRef.A, 'high').config?.custom).toMatchObject({
      fillBelowTo: 'nyc_taxi low',
      bandscope: { role: 'high', source: 'value' },
    });
  });

  test('dashboard variables are interpolated in parameters, preset and the upstream query', async ({ host }) => {
    await load(host, { defaultUpstream: CSV });
    await host.evaluate(() =>
      window.host.setVariables({ alpha: '0.1', preset: 'notebook', file: 'nyc_taxi', k: '0.4' })
    );
    const [res] = await query(
      host,
      'bandscope',
      [
        {
          refId: 'A',
          upstreamQuery: nab('A', 'realKnownCause/$file.csv'),
          preset: '$preset',
          params: { alpha: '$alpha', k: '${k}', window: '$win', gamma: '0.05', warmup: 200 },
        },
      ],
      { scopedVars: { win: { text: '30', value: '30' } } }
    );
    expect(res.errors ?? []).toEqual([]);
    const frame = res.series[0] as FrameDTO;
    expect(frame.name).toBe('nyc_taxi');
    expect(frame.meta?.custom?.bandscope).toMatchObject({
      preset: 'notebook',
      params: { alpha: 0.1, k: 0.4, window: 30, gamma: 0.05, warmup: 200 },
    });
    // Same settings as the nyc_taxi golden file: same flags.
    const golden = readGolden(NYC_TAXI_GOLDEN.golden);
    expect(Array.from(field(frame, 'anomaly').values)).toEqual(golden[5]);
  });

  test('invalid settings give a clear error naming the query, never NaN bands', async ({ host }) => {
    await load(host);
    await host.evaluate(() => window.host.setVariables({ alpha: 'lots' }));
    const [res] = await query(host, 'bandscope', [
      {
        refId: 'Q',
        upstream: { uid: 'nab-csv' },
        upstreamQuery: nab('Q', 'realKnownCause/nyc_taxi.csv'),
        params: { alpha: '$alpha', window: '1.5' },
      },
    ]);
    expect(res.state).toBe('Error');
    expect(res.series).toEqual([]);
    expect(res.errors?.[0]).toMatchObject({
      refId: 'Q',
      message:
        'Bandscope query Q: alpha must be a number, got "$alpha" (= "lots"); window must be an integer in [2, 1000000], got 1.5',
    });
  });

  test("upstream errors surface with the upstream's message", async ({ host }) => {
    await load(host);
    const results = [
      await query(host, 'bandscope', [{ refId: 'A', upstream: FAILING, upstreamQuery: { refId: 'A', mode: 'throw' } }]),
      await query(host, 'bandscope', [
        { refId: 'B', upstream: FAILING, upstreamQuery: { refId: 'B', mode: 'response' } },
      ]),
      await query(host, 'bandscope', [{ refId: 'C', upstream: { uid: 'nope' } }]),
      await query(host, 'bandscope', [
        {
          refId: 'D',
          upstream: { uid: 'apache-logs' },
          upstreamQuery: { refId: 'D', file: 'apache_logs/apache_logs' },
        },
      ]),
    ];
    expect(results[0].at(-1)!.errors?.[0]).toMatchObject({ refId: 'A', message: 'upstream says: connection refused' });
    expect(results[1].at(-1)!.errors?.[0]).toMatchObject({
      refId: 'B',
      message: 'upstream says: syntax error at line 1',
    });
    expect(results[2].at(-1)!.errors?.[0]).toMatchObject({
      refId: 'C',
      message: 'Bandscope query C: upstream datasource "nope" was not found',
    });
    expect(results[3].at(-1)!.errors?.[0].message).toMatch(
      /^Bandscope query D: the upstream returned no time series with numbers .*no time field/
    );
  });

  test('annotation queries turn anomaly episodes into regions', async ({ host }) => {
    await load(host);
    const out = await annotate(host, {
      refId: '',
      upstream: { uid: 'nab-csv' },
      upstreamQuery: { refId: 'A', file: NYC_TAXI_GOLDEN.nab },
      preset: 'notebook',
      params: NYC_TAXI_GOLDEN.params,
    });
    expect(out.query).toMatchObject({ refId: 'Anno', episodes: true });
    expect(out.names).toContain('bandscope-episodes');
    expect(out.events.length).toBeGreaterThan(0);
    for (const e of out.events) {
      expect(e.isRegion).toBe(true);
      expect(e.timeEnd).toBeGreaterThanOrEqual(e.time);
      expect(e.title).toMatch(/^nyc_taxi: (warning|minor|major|critical) anomaly$/);
      expect(e.tags[0]).toBe('bandscope');
    }
    // The NYC marathon (2014-11-02) is one of NAB's labelled nyc_taxi anomalies.
    const marathon = Date.UTC(2014, 10, 2);
    expect(out.events.some((e) => e.timeEnd >= marathon - 86400_000 && e.time <= marathon + 2 * 86400_000)).toBe(true);
    console.log(`annotations: ${out.events.length} regions from nyc_taxi (notebook, golden settings)`);
  });
});

test.describe('Bandscope datasource: streaming upstream', () => {
  test('bands update on every emission, incrementally, and equal a batch run over the same points', async ({
    host,
  }) => {
    await load(host);
    const per = 10;
    const emissionsWanted = 60; // 600 points at 1 s: 10 minutes of simulated time
    const started = Date.now();
    const emissions = await query(host, 'bandscope', [
      {
        refId: 'S',
        upstream: { uid: 'stream', type: 'harness-stream' },
        upstreamQuery: {
          refId: 'S',
          pointsPerEmission: per,
          emissions: emissionsWanted,
          stepMs: 1000,
          periodMs: 20,
          capacity: 200,
        },
        preset: 'ewma',
        params: { warmup: '20', k: '3' },
        episodes: true,
      },
    ]);
    const ms = Date.now() - started;
    expect(emissions).toHaveLength(emissionsWanted);
    expect(emissions.slice(0, -1).every((e) => e.state === 'Streaming')).toBe(true);
    expect(emissions.at(-1)!.state).toBe('Done');
    // Every point the stream ever showed, by time → value.
    const points = new Map<number, number>();
    for (const e of emissions) {
      const f = frames(e).find((s) => s.name === 'stream')!;
      const t = field(f, 'time').values as number[];
      const x = field(f, 'value').values as number[];
      t.forEach((ti, i) => points.set(ti, x[i]));
    }
    const times = [...points.keys()].sort((a, b) => a - b);
    expect(times).toHaveLength(per * emissionsWanted);
    expect(times.at(-1)! - times[0]).toBeGreaterThanOrEqual(30_000);
    const batch = createDetector('ewma', { warmup: 20, k: 3 }).run(
      times,
      times.map((t) => points.get(t)!)
    );
    const index = new Map(times.map((t, i) => [t, i]));
    // (Mismatches are collected and checked once: a Playwright expect per value would be slow.)
    const mismatches: string[] = [];
    const lengths: number[] = [];
    const processedPer: number[] = [];
    let compared = 0;
    emissions.forEach((e, k) => {
      const f = frames(e).find((s) => s.name === 'stream')!;
      const t = field(f, 'time').values as number[];
      lengths.push(t.length);
      // Incremental: only the new points went through the detector.
      processedPer.push(stat(f, 'Bandscope points processed'));
      const cols = ['predicted', 'low', 'high', 'score'].map((n) => field(f, n).values as Array<number | null>);
      const anomaly = field(f, 'anomaly').values as number[];
      const wants = [batch.predicted, batch.low, batch.high, batch.score];
      t.forEach((ti, i) => {
        const j = index.get(ti)!;
        cols.forEach((c, ci) => {
          const got = c[i] ?? NaN;
          const want = wants[ci][j];
          // the score goes through Math.log, which ECMA-262 leaves implementation-approximated: Chromium's and
          // Node's may differ in the last bit (the batch here runs in Node); the band is exact arithmetic
          const close = ci === 3 && Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want));
          if (!(got === want || close || (Number.isNaN(got) && Number.isNaN(want)))) {
            mismatches.push(`emission ${k} t=${ti} field ${ci}: ${got} vs batch ${want}`);
          }
        });
        if (anomaly[i] !== batch.anomaly[j]) {
          mismatches.push(`emission ${k} t=${ti} anomaly ${anomaly[i]} vs batch ${batch.anomaly[j]}`);
        }
        compared++;
      });
      // The last point of every emission has a band (after warm-up).
      if (k > 2 && cols[0][t.length - 1] == null) {
        mismatches.push(`emission ${k}: no band on the newest point`);
      }
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(lengths).toEqual(emissions.map((_, k) => Math.min(per * (k + 1), 200)));
    expect(processedPer).toEqual(emissions.map(() => per));
    const processed = processedPer.reduce((a, b) => a + b, 0);
    expect(processed).toBe(per * emissionsWanted);
    const episodes = frames(emissions.at(-1)!).find((s) => s.name === 'bandscope-episodes')!;
    expect(episodes).toBeDefined();
    console.log(
      `streaming: ${emissionsWanted} emissions, ${processed} points processed in total (window 200), ${compared} window points equal to batch, ` +
        `${(times.at(-1)! - times[0]) / 1000} s simulated, ${ms} ms wall, ${field(episodes, 'time').values.length} episodes in the last window`
    );
  });

  test('heap stays bounded over hours of simulated streaming', async ({ host }) => {
    test.setTimeout(180_000);
    await load(host);
    const total = 4000;
    const per = 10;
    await host.evaluate(
      async ({ total, per }) => {
        const ds = await window.host.dataSourceSrv.get('bandscope');
        const w = window as any;
        w.__stream = {
          n: 0,
          processed: 0,
          detectorMs: 0,
          missingBand: 0,
          done: false,
          errors: [] as string[],
          first: 0,
          last: 0,
          window: 0,
        };
        const st = w.__stream;
        const target = {
          refId: 'H',
          upstream: { uid: 'stream' },
          upstreamQuery: {
            refId: 'H',
            pointsPerEmission: per,
            emissions: total,
            stepMs: 1000,
            periodMs: 1,
            capacity: 1000,
          },
          preset: 'robust',
        };
        const request = window.host.buildRequest([target], { range: { from: 0, to: Date.now() }, intervalMs: 1000 });
        st.first = performance.now();
        (ds.query(request) as any).subscribe({
          next: (r: any) => {
            st.n++;
            if (r.errors?.length) {
              st.errors.push(r.errors[0].message);
            }
            const f = r.data[0];
            const stats = f.meta.stats;
            st.processed += stats[0].value;
            st.detectorMs += stats[1].value;
            st.window = f.length;
            const predicted = f.fields.find((x: any) => x.name === 'predicted').values;
            if (st.n > 10 && predicted[predicted.length - 1] == null) {
              st.missingBand++;
            }
          },
          complete: () => {
            st.done = true;
            st.last = performance.now();
          },
        });
      },
      { total, per }
    );
    const cdp = await host.context().newCDPSession(host);
    await cdp.send('HeapProfiler.enable');
    const heapAt = async (n: number) => {
      await host.waitForFunction((k) => (window as any).__stream.n >= k, n, { timeout: 150_000, polling: 50 });
      const sizes: number[] = [];
      for (let i = 0; i < 3; i++) {
        await cdp.send('HeapProfiler.collectGarbage');
        sizes.push((await cdp.send('Runtime.getHeapUsage')).usedSize);
      }
      return { n: await host.evaluate(() => (window as any).__stream.n), bytes: Math.min(...sizes) };
    };
    const early = await heapAt(400);
    const late = await heapAt(total - 200);
    await host.waitForFunction(() => (window as any).__stream.done === true, undefined, { timeout: 60_000 });
    const st = await host.evaluate(() => (window as any).__stream);
    expect(st.errors).toEqual([]);
    expect(st.n).toBe(total);
    expect(st.processed).toBe(total * per);
    expect(st.window).toBe(1000);
    expect(st.missingBand).toBe(0);
    const growth = late.bytes - early.bytes;
    const simulatedHours = (total * per) / 3600;
    console.log(
      `heap: ${(early.bytes / 1e6).toFixed(2)} MB after ${early.n} emissions, ${(late.bytes / 1e6).toFixed(2)} MB after ${late.n} ` +
        `(growth ${(growth / 1e6).toFixed(3)} MB over ${((late.n - early.n) * per) / 3600} h of points); ` +
        `${st.n} emissions, ${st.processed} points processed, ${simulatedHours.toFixed(1)} h simulated, ` +
        `${(st.last - st.first).toFixed(0)} ms wall, detector ${(st.detectorMs / st.n).toFixed(3)} ms per emission`
    );
    expect(growth).toBeLessThan(4e6);
  });
});

test.describe("Grafana's own Time series panel draws the band from the field config", () => {
  const targets = (band: boolean) => [
    {
      refId: 'A',
      upstream: CSV,
      upstreamQuery: nab('A', 'realKnownCause/nyc_taxi.csv'),
      preset: 'ewma',
      params: { k: '3', warmup: '48' },
      outputs: { band },
    },
  ];
  const range = { from: Date.UTC(2014, 9, 26), to: Date.UTC(2014, 10, 9) };

  async function bluePixels(page: Page) {
    return page.evaluate(() => {
      const canvas = document.querySelector('[data-testid="host-timeseries"] canvas') as HTMLCanvasElement;
      const ctx = canvas.getContext('2d')!;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 2] > data[i] + 40 && data[i + 2] > data[i + 1] + 15) {
          n++;
        }
      }
      return n;
    });
  }

  /** Grafana's Time series panel over the Bandscope query, with or without the band fields. */
  const renderTimeSeries = (page: Page, band: boolean, title: string, theme: 'dark' | 'light') =>
    page.evaluate(
      ({ t, range, theme, title }) =>
        window.host.renderTimeSeries({
          theme,
          datasource: 'bandscope',
          targets: t as any,
          query: { range },
          width: 1200,
          height: 420,
          title,
        }),
      { t: targets(band), range, theme, title }
    );

  for (const theme of ['dark', 'light'] as const) {
    test(`shaded band between low and high (${theme})`, async ({ host }) => {
      await load(host);
      const without = await renderTimeSeries(host, false, 'no band', theme);
      expect(without.errors).toEqual([]);
      await expect(host.getByTestId('host-timeseries').locator('canvas')).toBeVisible();
      const before = await bluePixels(host);
      const title = 'NYC taxi passengers — Grafana Time series with Bandscope fields';
      const info = await renderTimeSeries(host, true, title, theme);
      expect(info).toEqual({ frames: 1, errors: [] });
      await expect(host.getByText('nyc_taxi predicted')).toBeVisible();
      await host.waitForTimeout(300);
      const after = await bluePixels(host);
      expect(after).toBeGreaterThan(before + 5000);
      console.log(`time series (${theme}): blue band pixels ${before} without the band, ${after} with it`);
      await screenshot(host, `datasource-timeseries-band-${theme}`);
    });
  }
});

test.describe('Bandscope datasource editors', () => {
  // @grafana/runtime's DataSourcePicker: its own until Grafana 13.2, Grafana's core picker after
  // grafana/grafana#130258 (tests/host/src/corePicker.tsx); one theme each.
  for (const [theme, picker] of [
    ['dark', 'runtime'],
    ['light', 'core'],
  ] as const) {
    test(`query editor embeds the upstream's own editor; settings validate inline (${theme}, ${picker} picker)`, async ({ host }) => {
      await load(host);
      await host.evaluate((p) => window.host.usePicker(p), picker);
      await host.evaluate(() => window.host.setVariables({ alpha: '0.3' }));
      await host.evaluate(({ q, theme }) => window.host.renderQueryEditor('bandscope', q, theme), {
        q: { refId: 'A', upstream: CSV, upstreamQuery: nab('A', 'realKnownCause/nyc_taxi.csv') },
        theme,
      });
      const upstreamInput = host.getByTestId('upstream-file');
      await expect(upstreamInput).toHaveValue('realKnownCause/nyc_taxi.csv');
      await upstreamInput.fill('realKnownCause/$file.csv');
      let q = (await host.evaluate(() => window.host.state.lastQuery)) as any;
      expect(q.upstreamQuery).toMatchObject({
        refId: 'A',
        file: 'realKnownCause/$file.csv',
        datasource: { uid: 'nab-csv' },
      });
      expect(q.datasource).toBeUndefined();
      // Inline validation: an invalid alpha, then a variable that resolves to a valid one.
      await host.getByTestId('bandscope-param-alpha').fill('2');
      await expect(host.getByText('alpha must be in (0, 1], got 2')).toBeVisible();
      await host.getByTestId('bandscope-param-alpha').fill('$alpha');
      await expect(host.getByText(/alpha must be/)).toHaveCount(0);
      await host.getByTestId('bandscope-param-k').fill('-1');
      await expect(host.getByText('k must be a finite number > 0, got -1')).toBeVisible();
      await screenshot(host, `datasource-query-editor-${theme}`);
      await host.getByTestId('bandscope-param-k').fill('');
      // Durations: Grafana syntax or ms, a message for anything else.
      const gap = host.getByTestId('bandscope-param-episodeGap');
      await gap.fill('5 minutes');
      await expect(
        host.getByText('episodeGap must be a duration (5m, 1h, 1d, 1w or milliseconds), got "5 minutes"')
      ).toBeVisible();
      await gap.fill('5m');
      await expect(host.getByText(/episodeGap must be/)).toHaveCount(0);
      await host.getByTestId('bandscope-output-score').click({ force: true });
      await host.getByTestId('bandscope-output-episodes').click({ force: true });
      q = (await host.evaluate(() => window.host.state.lastQuery)) as any;
      expect(q).toMatchObject({
        params: { alpha: '$alpha', k: '', episodeGap: '5m' },
        outputs: { score: false },
        episodes: true,
      });
      // Another upstream: its own editor replaces the CSV one.
      await host.getByTestId('bandscope-upstream-picker').locator('input').click();
      await host.getByText('Stream', { exact: true }).click();
      await expect(host.getByTestId('upstream-refId')).toBeVisible();
      q = (await host.evaluate(() => window.host.state.lastQuery)) as any;
      expect(q.upstream).toEqual({ uid: 'stream', type: 'harness-stream' });
      expect(q.upstreamQuery).toMatchObject({ refId: 'A', datasource: { uid: 'stream' } });
      // Picking the selected source again keeps the query, whether the picker calls onChange (runtime) or not (core).
      const edited = (await host.evaluate(() => window.host.state.lastQuery)) as any;
      await host.getByTestId('bandscope-upstream-picker').locator('input').click();
      await host.getByText('Stream', { exact: true }).last().click();
      await expect(host.getByTestId('upstream-refId')).toBeVisible();
      expect(await host.evaluate(() => window.host.state.lastQuery)).toEqual(edited);
    });
  }

  test('config editor sets the defaults; testDatasource checks the default upstream', async ({ host }) => {
    await load(host, { defaultUpstream: CSV, defaultPreset: 'robust' });
    await host.evaluate((jsonData) => window.host.renderConfigEditor(jsonData), {
      defaultUpstream: CSV,
      defaultPreset: 'robust',
    });
    await expect(host.getByTestId('bandscope-config-editor')).toBeVisible();
    await host.getByTestId('bandscope-default-k').fill('0');
    await expect(host.getByText('k must be a finite number > 0, got 0')).toBeVisible();
    await host.getByTestId('bandscope-default-k').fill('3.5');
    await expect(host.getByTestId('bandscope-default-season')).toHaveAttribute('placeholder', '1d');
    await host.getByTestId('bandscope-default-season').fill('1w');
    await expect(host.getByText(/season must be/)).toHaveCount(0);
    const settings = (await host.evaluate(() => window.host.state.lastSettings)) as any;
    expect(settings.jsonData).toMatchObject({
      defaultUpstream: { uid: 'nab-csv' },
      defaultPreset: 'robust',
      defaultParams: { k: '3.5', season: '1w' },
    });
    await screenshot(host, 'datasource-config-editor-dark');
    const tests = await host.evaluate(async (failingRef) => {
      const ds = await window.host.dataSourceSrv.get('bandscope');
      const ok = await ds.testDatasource();
      (ds as any).jsonData.defaultUpstream = failingRef;
      const failing = await ds.testDatasource();
      (ds as any).jsonData.defaultUpstream = { uid: 'gone' };
      const gone = await ds.testDatasource();
      return { ok, failing, gone };
    }, FAILING);
    expect(tests.ok).toMatchObject({ status: 'success', message: expect.stringContaining('NAB CSV') });
    expect(tests.failing).toMatchObject({
      status: 'error',
      message: expect.stringContaining('upstream says: connection refused'),
    });
    expect(tests.gone).toMatchObject({ status: 'error', message: expect.stringContaining('"gone" was not found') });
  });
});
