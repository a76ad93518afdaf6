// `npm run bench:panel`: time from data to first paint in Chromium for the Bandscope panel (built plugin,
// in the plugin host) and for @grafana/ui's own TimeSeries on the same frames, in the same run, and the time
// from a mousemove to the tooltip for that position on both sides.
// Rows (series × points): 3 × 100 k and 3 × 1 M (long series), 200 × 1,440 and 1,000 × 1,440 (wide dashboards:
// a day at 1-minute steps per pod/host); BENCH_ROWS="1000x1440,3x100000" picks others. Two inputs:
//  - "datasource frames": time, value, predicted, low, high, score, anomaly (the Bandscope datasource's
//    output); both draw the same frames — the panel its band chart, TimeSeries every numeric field;
//  - "plain frames": time, value; the panel also computes the bands (ewma) before drawing.
// Where the panel computes bands in its worker it first paints the value lines, then the bands: both are timed
// (`panelMs`, `panelBandsMs`). Plain wide rows also time the panel's peers view (population outliers computed in
// the panel, in its worker) against TimeSeries: its first paint (the grey crowd of every series' values, the same
// event as TimeSeries': a canvas drawn with the data; `peersMs`) and the comparison drawn (outliers, cluster range,
// scores: data-status "ready"; `peersDrawnMs`), and a change of `k` in the options (`kChangeMs`: to the chart redrawn with the
// new bands, and the longest main-thread task meanwhile); the widest plain row measures the heap after its first
// render and after 20 refreshes.
// BENCH_PROFILE=1 records one panel render and hover per row with Chromium's profiler and prints where the time
// went (self time by function). A benchmark, not a test: prints figures and one JSON line, asserts nothing.
import { type CDPSession, chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';

import { CHROMIUM, CHROMIUM_ARGS } from '../tests/host/chromium.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 3190);
const ROWS = (process.env.BENCH_ROWS ?? '3x100000,3x1000000,200x1440,1000x1440').split(',').map((r) => {
  const [series, points] = r.split('x').map(Number);
  if (!(series >= 1 && points >= 2)) {
    throw new Error(`BENCH_ROWS: "${r}" is not SERIESxPOINTS (e.g. 1000x1440)`);
  }
  return { series, points };
});
const INPUTS = (process.env.BENCH_INPUTS ?? 'datasource,plain').split(',') as Input[];
const PROFILE = process.env.BENCH_PROFILE === '1';
/** Runs per row: fewer for the big ones (each takes seconds on both sides). */
const runsFor = (total: number) => Number(process.env.BENCH_RUNS ?? (total >= 1e6 ? 3 : total >= 2e5 ? 5 : 11));
const WIDTH = 1200;
const HEIGHT = 400;

/** `peers`: the same panel in its peers view (population outliers computed in the panel, in its worker). */
type Kind = 'panel' | 'peers' | 'timeseries';
type Input = 'datasource' | 'plain';

/** Builds the frames inside the page (window.__benchFrames), so no megabytes cross the protocol. */
async function makeFrames(page: Page, series: number, n: number, input: Input) {
  await page.evaluate(
    ({ n, series, input }) => {
      let s = 2463534242;
      const rand = () => {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        return (s >>> 0) / 4294967296;
      };
      const t0 = Date.UTC(2024, 0, 1);
      const frames = [];
      for (let k = 0; k < series; k++) {
        const time = new Array<number>(n);
        const value = new Array<number>(n);
        const predicted = new Array<number>(n);
        const low = new Array<number>(n);
        const high = new Array<number>(n);
        const score = new Array<number>(n);
        const anomaly = new Array<number>(n);
        let level = 100;
        let variance = 4;
        for (let i = 0; i < n; i++) {
          time[i] = t0 + i * 60_000;
          const x =
            100 + 10 * k + 20 * Math.sin((2 * Math.PI * i) / 1440) + 3 * (rand() - 0.5) + (rand() < 1e-4 ? 40 : 0);
          value[i] = x;
          const sigma = Math.sqrt(variance);
          predicted[i] = level;
          low[i] = level - 4 * sigma;
          high[i] = level + 4 * sigma;
          const r = Math.abs(x - level) / (4 * sigma);
          score[i] = r < 1 ? 25 * r ** 4 : 100 - 75 / r;
          anomaly[i] = r >= 1 && i > 100 ? 1 : 0;
          const e = x - level;
          level += 0.1 * e;
          variance = 0.99 * variance + 0.01 * e * e;
        }
        const tag = (role: string) => ({ custom: { bandscope: { role, source: 'value' } } });
        const fields: unknown[] = [
          { name: 'time', type: 'time', values: time, config: {} },
          { name: 'value', type: 'number', values: value, config: {}, labels: { series: `s${k}` } },
        ];
        if (input === 'datasource') {
          fields.push(
            { name: 'predicted', type: 'number', values: predicted, config: tag('predicted') },
            { name: 'low', type: 'number', values: low, config: tag('low') },
            { name: 'high', type: 'number', values: high, config: tag('high') },
            { name: 'score', type: 'number', values: score, config: tag('score') },
            { name: 'anomaly', type: 'number', values: anomaly, config: tag('anomaly') }
          );
        }
        frames.push({
          name: `s${k}`,
          fields,
          meta: input === 'datasource' ? { custom: { bandscope: { preset: 'ewma', params: {} } } } : undefined,
        });
      }
      (window as unknown as { __benchFrames: unknown[] }).__benchFrames = frames;
      (window as unknown as { __benchRange: unknown }).__benchRange = { from: t0, to: t0 + (n - 1) * 60_000 };
    },
    { n, series, input }
  );
}

const CHART = {
  panel: '[data-testid="bandscope-chart"]',
  peers: '[data-testid="bandscope-peers"]',
  timeseries: '[data-testid="host-timeseries"]',
};
const TOOLTIP = {
  panel: '[data-testid="bandscope-tooltip"]',
  peers: '[data-testid="bandscope-peers-tooltip"]',
  timeseries: '[data-testid="host-tooltip"]',
};

/**
 * ms from the render call to the first animation frame after the chart's canvas exists (`first`: uPlot draws
 * it with the data), and after the chart shows what its worker computes (`drawn`: the band chart its bands, the
 * peers view its comparison; both draw the values first when the worker computes).
 */
async function timeFirstPaint(page: Page, kind: Kind): Promise<{ first: number; drawn: number }> {
  await page.evaluate(async (kind) => {
    // Unmount whatever was there, and let the page settle. The host keeps a mounted panel's options (as Grafana
    // does), so the peers view, whose options differ, is mounted anew: after another element (a plain div).
    if (kind === 'peers') {
      window.host.renderInvalidAttribute();
    } else {
      await window.host.renderPanel({ frames: [], width: 10, height: 10 });
    }
    await new Promise((r) => setTimeout(r, 150));
  }, kind);
  return page.evaluate(
    async ({ kind, selector, width, height }) => {
      const w = window as unknown as { __benchFrames: unknown[]; __benchRange: { from: number; to: number } };
      const host = window.host as any;
      const spec = { frames: w.__benchFrames, width, height, query: { range: w.__benchRange } };
      const root = document.getElementById('root')!;
      const start = performance.now();
      if (kind !== 'timeseries') {
        await host.renderPanel({ ...spec, options: kind === 'peers' ? { view: 'peers' } : { k: 4 } });
      } else {
        await host.renderTimeSeries(spec);
      }
      let first: number | undefined;
      return new Promise<{ first: number; drawn: number }>((resolve, reject) => {
        const deadline = start + 120_000;
        const poll = () => {
          const painted = first !== undefined || root.querySelector(`${selector} canvas`) !== null;
          const drawn =
            kind === 'peers'
              ? root.querySelector(selector)?.getAttribute('data-status') === 'ready'
              : root.querySelector('[data-testid="bandscope-bands"]')?.getAttribute('data-bands') !== 'pending';
          if (painted && first === undefined) {
            requestAnimationFrame(() => (first = performance.now() - start));
          }
          if (painted && drawn) {
            requestAnimationFrame(() =>
              resolve({ first: first ?? performance.now() - start, drawn: performance.now() - start })
            );
          } else if (performance.now() > deadline) {
            reject(
              new Error(
                `no ${kind} ${painted ? 'bands/comparison' : 'canvas'} after 120 s: ${(root.querySelector(selector) as HTMLElement | null)?.outerHTML.slice(0, 300) ?? root.innerText.slice(0, 300)}`
              )
            );
          } else {
            requestAnimationFrame(poll);
          }
        };
        poll();
      });
    },
    { kind, selector: CHART[kind], width: WIDTH, height: HEIGHT }
  );
}

/**
 * Interactivity: ms from a mousemove on the plot to the next frame showing the tooltip for that position.
 * TimeSeries's tooltip (mode "single", as the core panel's default) shows the series within 30 px of the
 * cursor: the cursor goes to the first series' point at each x (the host exposes its uPlot instance).
 */
async function timeHover(page: Page, kind: Kind): Promise<number[]> {
  return page.evaluate(
    async ({ chart, tooltip, kind }) => {
      const over = document.querySelector(`${chart} .u-over`) as HTMLElement;
      const box = over.getBoundingClientRect();
      const plot = (window as unknown as { __timeSeriesPlot?: any }).__timeSeriesPlot;
      const out: number[] = [];
      for (let i = 0; i < 15; i++) {
        const left = box.width * (0.05 + 0.06 * i);
        let top = box.height / 2;
        if (kind === 'timeseries' && plot) {
          const idx = plot.posToIdx(left);
          top = plot.valToPos(plot.data[1][idx], plot.series[1].scale);
        }
        const before = document.querySelector(tooltip)?.getAttribute('data-time');
        const start = performance.now();
        over.dispatchEvent(
          new MouseEvent('mousemove', { clientX: box.left + left, clientY: box.top + top, bubbles: true })
        );
        const shown = await new Promise<boolean>((resolve) => {
          const check = () => {
            const tip = document.querySelector(tooltip);
            if (tip && tip.getAttribute('data-time') !== before) {
              requestAnimationFrame(() => resolve(true));
            } else if (performance.now() - start > 5000) {
              resolve(false);
            } else {
              requestAnimationFrame(check);
            }
          };
          check();
        });
        out.push(shown ? performance.now() - start : NaN);
        await new Promise((r) => setTimeout(r, 30));
      }
      return out.filter((t) => t === t);
    },
    { chart: CHART[kind], tooltip: TOOLTIP[kind], kind }
  );
}

/**
 * A change of `k` in the options (the panel drawn): ms to the chart drawn with the new bands, and the longest
 * main-thread task meanwhile (what blocks input).
 */
async function timeOptionChange(page: Page, k: number): Promise<{ ms: number; longestTaskMs: number }> {
  return page.evaluate(async (k) => {
    const tasks: number[] = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration)));
    observer.observe({ type: 'longtask' });
    const bands = () => document.querySelector('[data-testid="bandscope-bands"]');
    const start = performance.now();
    window.host.setPanelOptions({ k });
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (bands()?.getAttribute('data-detector')?.includes(`"k":${k}`) && bands()?.querySelector('canvas')) {
          requestAnimationFrame(() => resolve());
        } else if (performance.now() - start > 60_000) {
          reject(new Error(`the chart was not redrawn with k ${k} after 60 s`));
        } else {
          requestAnimationFrame(check);
        }
      };
      check();
    });
    const ms = performance.now() - start;
    await new Promise((r) => setTimeout(r, 50)); // let the observer deliver the last task
    observer.disconnect();
    return { ms, longestTaskMs: Math.max(0, ...tasks) };
  }, k);
}

/** Heap in use after a full garbage collection, MB. */
async function heapMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

/** Self time per function (name, file:line) of a CPU profile, the largest first. */
function profileSummary(profile: { nodes: any[]; samples?: number[]; timeDeltas?: number[] }, top = 12): string[] {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    self.set(samples[i], (self.get(samples[i]) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    const f = node.callFrame;
    if (f.functionName === '(idle)') {
      continue;
    }
    total += ms;
    const file = f.url ? f.url.split('/').pop() : '';
    const key = `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
  }
  return [
    `busy ${total.toFixed(0)} ms`,
    ...[...byFunction.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${k}`),
  ];
}

/** BENCH_PROFILE_DIR: where each profile is also written as a .cpuprofile (DevTools opens it with the source maps). */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

async function profiled<T>(cdp: CDPSession, name: string, run: () => Promise<T>): Promise<string[]> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await run();
  const { profile } = await cdp.send('Profiler.stop');
  if (PROFILE_DIR) {
    await mkdir(PROFILE_DIR, { recursive: true });
    await writeFile(path.join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
  }
  return profileSummary(profile);
}

const median = (xs: number[]) => (xs.length === 0 ? NaN : [...xs].sort((a, b) => a - b)[xs.length >> 1]);

/** Heap (MB, after GC) with the panel drawn once, then after `count` refreshes with new frames of the same data. */
async function refreshes(page: Page, cdp: CDPSession, count: number) {
  await timeFirstPaint(page, 'panel');
  const first = await heapMB(cdp);
  // Heap after refreshes 1, 2, 5, 10 and 20: a leak grows with every refresh, what the last data holds does not.
  const marks = new Set([1, 2, 5, 10, count]);
  const afterMB: Record<number, number> = {};
  for (let i = 0; i < count; i++) {
    await page.evaluate(
      async (width) => {
        const w = window as unknown as { __benchFrames: unknown[]; __benchRange: { from: number; to: number } };
        // New frames of the same data, as a dashboard refresh gives; the width alternates by a pixel so the
        // redrawn chart can be told from the previous one.
        await window.host.renderPanel({
          frames: w.__benchFrames,
          width,
          height: 400,
          query: { range: w.__benchRange },
        });
        await new Promise<void>((resolve) => {
          const check = () =>
            document.querySelector(`[data-testid="bandscope-bands"][style*="width: ${width}px"] canvas`)
              ? requestAnimationFrame(() => resolve())
              : requestAnimationFrame(check);
          check();
        });
      },
      WIDTH - (i % 2)
    );
    if (marks.has(i + 1)) {
      afterMB[i + 1] = +(await heapMB(cdp)).toFixed(1);
    }
  }
  return { firstMB: +first.toFixed(1), afterMB };
}

async function main() {
  // The host's static server (dist from BANDSCOPE_DIST, host from HOST_BUILD_DIR), as the specs use it.
  const server = spawn(
    process.execPath,
    [path.join(__dirname, '..', 'tests', 'host', 'serve.mjs'), '--port', String(PORT)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    }
  );
  await new Promise<void>((ok, fail) => {
    server.stdout!.on('data', (d: Buffer) => d.toString().includes('plugin host at') && ok());
    server.once('exit', (code) => fail(new Error(`host server exited (${code})`)));
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  const results: Array<Record<string, unknown>> = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // tsx (esbuild keepNames) wraps functions in __name(); the page callbacks need it defined.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForFunction(() => (window as unknown as { hostReady?: boolean }).hostReady === true);
    await page.evaluate(() => window.host.load());
    const cdp = await page.context().newCDPSession(page);
    console.log(
      `Bandscope panel vs @grafana/ui TimeSeries: data → first paint, ${WIDTH}×${HEIGHT} px, median of runs (Chromium, headless; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`
    );
    const widest = Math.max(...ROWS.map((r) => r.series));
    for (const input of INPUTS) {
      for (const { series, points } of ROWS) {
        await makeFrames(page, series, points, input);
        const runs = runsFor(series * points);
        const times: Record<Kind, number[]> = { panel: [], peers: [], timeseries: [] };
        const bandTimes: number[] = [];
        const peersDrawnTimes: number[] = [];
        // The peers view lives on wide queries (a `by (pod)` query): timed on the wide plain rows.
        const kinds: Kind[] =
          input === 'plain' && series >= 100 ? ['panel', 'peers', 'timeseries'] : ['panel', 'timeseries'];
        // Warm-up (JIT, fonts, the worker), then alternate so all see the same page state.
        for (const kind of kinds) {
          await timeFirstPaint(page, kind);
        }
        for (let r = 0; r < runs; r++) {
          for (const kind of kinds) {
            const paint = await timeFirstPaint(page, kind);
            times[kind].push(paint.first);
            if (kind === 'panel') {
              bandTimes.push(paint.drawn);
            } else if (kind === 'peers') {
              peersDrawnTimes.push(paint.drawn);
            }
          }
        }
        // TimeSeries is drawn after the last run: its hover first, then the panel's.
        const tsHovers = await timeHover(page, 'timeseries');
        const tsProfile = PROFILE
          ? await profiled(cdp, `${input}-${series}x${points}-timeseries`, () => timeFirstPaint(page, 'timeseries'))
          : [];
        await timeFirstPaint(page, 'panel');
        const hovers = await timeHover(page, 'panel');
        const panelProfile = PROFILE
          ? await profiled(cdp, `${input}-${series}x${points}-panel`, () => timeFirstPaint(page, 'panel'))
          : [];
        const hoverProfile = PROFILE
          ? await profiled(cdp, `${input}-${series}x${points}-hover`, () => timeHover(page, 'panel'))
          : [];
        // after the panel's hover: the peers view takes the band chart's place until it is drawn again
        let peersProfile: string[] = [];
        if (PROFILE && kinds.includes('peers')) {
          peersProfile = await profiled(cdp, `${input}-${series}x${points}-peers`, () => timeFirstPaint(page, 'peers'));
          await timeFirstPaint(page, 'panel'); // for the change of k below
        }
        const panel = median(times.panel);
        const ts = median(times.timeseries);
        // Best runs too: on a busy machine the minimum is the steadier estimate of the work itself.
        const panelMin = Math.min(...times.panel);
        const tsMin = Math.min(...times.timeseries);
        const row: Record<string, unknown> = {
          input,
          series,
          points,
          panelMs: Math.round(panel),
          timeSeriesMs: Math.round(ts),
          ratio: +(panel / ts).toFixed(2),
          panelMinMs: Math.round(panelMin),
          timeSeriesMinMs: Math.round(tsMin),
          ratioOfMins: +(panelMin / tsMin).toFixed(2),
          panelBandsMs: Math.round(median(bandTimes)),
          bandsRatio: +(median(bandTimes) / ts).toFixed(2),
          hoverMs: Math.round(median(hovers)),
          timeSeriesHoverMs: Math.round(median(tsHovers)),
          hoverSamples: [hovers.length, tsHovers.length],
          runs,
        };
        const size = `${series} × ${points >= 1e6 ? `${points / 1e6} M` : points >= 1e4 ? `${points / 1e3} k` : points}`;
        const label = `${input === 'datasource' ? 'datasource frames' : 'plain frames     '} ${size}`;
        console.log(
          `${label}: panel ${panel.toFixed(0)} ms, TimeSeries ${ts.toFixed(0)} ms, ratio ${(panel / ts).toFixed(2)} (best runs: ${panelMin.toFixed(0)} / ${tsMin.toFixed(0)} ms = ${(panelMin / tsMin).toFixed(2)}); hover → tooltip: panel ${row.hoverMs} ms, TimeSeries ${row.timeSeriesHoverMs} ms  (runs: panel ${times.panel.map((t) => t.toFixed(0)).join(' ')}; TimeSeries ${times.timeseries.map((t) => t.toFixed(0)).join(' ')})`
        );
        if (bandTimes.some((t, i) => t > times.panel[i])) {
          console.log(
            `  bands drawn (computed in the worker after the value lines' first paint): ${row.panelBandsMs} ms, ratio to TimeSeries ${row.bandsRatio}  (runs: ${bandTimes.map((t) => t.toFixed(0)).join(' ')})`
          );
        }
        if (times.peers.length > 0) {
          const [peers, peersMin] = [median(times.peers), Math.min(...times.peers)];
          const [drawn, drawnMin] = [median(peersDrawnTimes), Math.min(...peersDrawnTimes)];
          Object.assign(row, {
            peersMs: Math.round(peers),
            peersMinMs: Math.round(peersMin),
            peersRatio: +(peers / ts).toFixed(2),
            peersRatioOfMins: +(peersMin / tsMin).toFixed(2),
            peersDrawnMs: Math.round(drawn),
            peersDrawnMinMs: Math.round(drawnMin),
            peersDrawnRatio: +(drawn / ts).toFixed(2),
          });
          console.log(
            `  peers view (population outliers computed in the panel's worker), first paint (the crowd): ${peers.toFixed(0)} ms, ratio to TimeSeries ${(peers / ts).toFixed(2)} (best runs: ${peersMin.toFixed(0)} / ${tsMin.toFixed(0)} ms = ${(peersMin / tsMin).toFixed(2)})  (runs: ${times.peers.map((t) => t.toFixed(0)).join(' ')})`
          );
          console.log(
            `  peers drawn (outliers, cluster range, scores): ${drawn.toFixed(0)} ms, ratio to TimeSeries ${(drawn / ts).toFixed(2)} (best runs: ${drawnMin.toFixed(0)} / ${tsMin.toFixed(0)} ms = ${(drawnMin / tsMin).toFixed(2)})  (runs: ${peersDrawnTimes.map((t) => t.toFixed(0)).join(' ')})`
          );
        }
        let optionProfile: string[] = [];
        if (input === 'plain' && series >= 100) {
          try {
            const changes = [];
            for (let r = 0; r < 3; r++) {
              changes.push(await timeOptionChange(page, r % 2 ? 4 : 3.5));
            }
            row.kChangeMs = Math.round(median(changes.map((c) => c.ms)));
            row.kChangeLongestTaskMs = Math.round(median(changes.map((c) => c.longestTaskMs)));
            console.log(
              `  k changed in the options: redrawn in ${row.kChangeMs} ms, longest main-thread task ${row.kChangeLongestTaskMs} ms (median of 3)`
            );
            if (PROFILE) {
              optionProfile = await profiled(cdp, `${input}-${series}x${points}-k-change`, () =>
                timeOptionChange(page, 4.5)
              );
            }
          } catch (e) {
            // e.g. a build from before the chart said which detector settings it drew (data-detector)
            console.log(`  k change not measured: ${(e as Error).message.split('\n')[0]}`);
          }
        }
        if (input === 'plain' && series === widest && series >= 100) {
          row.memory = await refreshes(page, cdp, 20);
          console.log(
            `  heap (MB, after GC) after the first render and after n refreshes: ${JSON.stringify(row.memory)}`
          );
        }
        for (const [what, lines] of [
          ['TimeSeries first paint', tsProfile],
          ['panel first paint', panelProfile],
          ['peers view first paint and comparison', peersProfile],
          ['panel hover ×15', hoverProfile],
          ['panel k change', optionProfile],
        ] as const) {
          if (lines.length > 0) {
            console.log(
              `  profile, ${what}: ${lines[0]}\n${lines
                .slice(1)
                .map((l) => `    ${l}`)
                .join('\n')}`
            );
          }
        }
        results.push(row);
      }
    }
  } finally {
    await browser.close();
    server.kill();
  }
  console.log(JSON.stringify({ bench: 'panel', results }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
