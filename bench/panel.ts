// `npm run bench:panel`: time from data to first paint in Chromium for the Bandscope panel (built plugin,
// in the plugin host) and for @grafana/ui's own TimeSeries component on the same frames, in the same run.
// Sizes: 3 series × 100 k and 3 × 1 M points. Two inputs:
//  - "datasource frames": time, value, predicted, low, high, score, anomaly (the Bandscope datasource's
//    output); both draw the same frames — the panel its band chart, TimeSeries every numeric field;
//  - "plain frames": time, value; the panel also computes the bands (ewma) before drawing.
// A benchmark, not a test: prints figures and one JSON line, asserts nothing.
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';

import { CHROMIUM, CHROMIUM_ARGS } from '../tests/host/chromium.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 3190);
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const SERIES = 3;
const RUNS: Record<number, number> = { 100000: 11, 1000000: 3 };
const WIDTH = 1200;
const HEIGHT = 400;

type Kind = 'panel' | 'timeseries';
type Input = 'datasource' | 'plain';

/** Builds the frames inside the page (window.__benchFrames), so no megabytes cross the protocol. */
async function makeFrames(page: Page, n: number, input: Input) {
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
          const x = 100 + 10 * k + 20 * Math.sin((2 * Math.PI * i) / 1440) + 3 * (rand() - 0.5) + (rand() < 1e-4 ? 40 : 0);
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
    { n, series: SERIES, input }
  );
}

/** ms from the render call to the first animation frame after the chart's canvas exists. */
async function timeFirstPaint(page: Page, kind: Kind): Promise<number> {
  return page.evaluate(async (kind) => {
    const w = window as unknown as { __benchFrames: unknown[]; __benchRange: { from: number; to: number } };
    const host = window.host as any;
    // Unmount whatever was there, and let the page settle.
    await host.renderPanel({ frames: [], width: 10, height: 10 });
    await new Promise((r) => setTimeout(r, 150));
    const spec = { frames: w.__benchFrames, width: kind === 'panel' ? 1200 : 1200, height: 400, query: { range: w.__benchRange } };
    const root = document.getElementById('root')!;
    const start = performance.now();
    if (kind === 'panel') {
      await host.renderPanel({ ...spec, options: { k: 4 } });
    } else {
      await host.renderTimeSeries(spec);
    }
    const selector = kind === 'panel' ? '[data-testid="bandscope-chart"] canvas' : '[data-testid="host-timeseries"] canvas';
    return new Promise<number>((resolve, reject) => {
      const deadline = start + 120_000;
      const poll = () => {
        if (root.querySelector(selector)) {
          requestAnimationFrame(() => resolve(performance.now() - start));
        } else if (performance.now() > deadline) {
          reject(new Error(`no ${kind} canvas after 120 s`));
        } else {
          requestAnimationFrame(poll);
        }
      };
      poll();
    });
  }, kind);
}

/** Interactivity: ms from a mousemove on the plot to the next frame with the tooltip for that position. */
async function timeHover(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const over = document.querySelector('[data-testid="bandscope-chart"] .u-over') as HTMLElement;
    const box = over.getBoundingClientRect();
    const out: number[] = [];
    for (let i = 0; i < 15; i++) {
      const x = box.left + box.width * (0.05 + 0.06 * i);
      const before = document.querySelector('[data-testid="bandscope-tooltip"]')?.getAttribute('data-time');
      const start = performance.now();
      over.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: box.top + box.height / 2, bubbles: true }));
      await new Promise<void>((resolve) => {
        const check = () => {
          const tip = document.querySelector('[data-testid="bandscope-tooltip"]');
          if (tip && tip.getAttribute('data-time') !== before) {
            requestAnimationFrame(() => resolve());
          } else {
            requestAnimationFrame(check);
          }
        };
        check();
      });
      out.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 30));
    }
    return out;
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function main() {
  // The host's static server (dist from BANDSCOPE_DIST, host from HOST_BUILD_DIR), as the specs use it.
  const server = spawn(process.execPath, [path.join(__dirname, '..', 'tests', 'host', 'serve.mjs'), '--port', String(PORT)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
    const hasTimeSeries = await page.evaluate(() => typeof (window.host as any).renderTimeSeries === 'function');
    console.log(`Bandscope panel vs @grafana/ui TimeSeries: data → first paint, ${WIDTH}×${HEIGHT} px, median of runs (Chromium, headless; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
    for (const input of ['datasource', 'plain'] as Input[]) {
      for (const n of SIZES) {
        await makeFrames(page, n, input);
        const runs = RUNS[n] ?? 3;
        const times: Record<Kind, number[]> = { panel: [], timeseries: [] };
        // Warm-up (JIT, fonts), then alternate so both see the same page state.
        await timeFirstPaint(page, 'panel');
        if (hasTimeSeries) {
          await timeFirstPaint(page, 'timeseries');
        }
        for (let r = 0; r < runs; r++) {
          times.panel.push(await timeFirstPaint(page, 'panel'));
          if (hasTimeSeries) {
            times.timeseries.push(await timeFirstPaint(page, 'timeseries'));
          }
        }
        // The panel stays drawn after the last run only if TimeSeries did not replace it: redraw it.
        await timeFirstPaint(page, 'panel');
        const hover = median(await timeHover(page));
        const panel = median(times.panel);
        const ts = hasTimeSeries ? median(times.timeseries) : NaN;
        // Best runs too: on a busy machine the minimum is the steadier estimate of the work itself.
        const panelMin = Math.min(...times.panel);
        const tsMin = hasTimeSeries ? Math.min(...times.timeseries) : NaN;
        const row = { input, series: SERIES, points: n, panelMs: Math.round(panel), timeSeriesMs: Math.round(ts), ratio: +(panel / ts).toFixed(2), panelMinMs: Math.round(panelMin), timeSeriesMinMs: Math.round(tsMin), ratioOfMins: +(panelMin / tsMin).toFixed(2), hoverMs: Math.round(hover), runs };
        results.push(row);
        const label = `${input === 'datasource' ? 'datasource frames' : 'plain frames     '} ${SERIES} × ${n >= 1e6 ? `${n / 1e6} M` : `${n / 1e3} k`}`;
        console.log(
          `${label}: panel ${panel.toFixed(0)} ms, TimeSeries ${hasTimeSeries ? ts.toFixed(0) + ' ms' : 'n/a (host lacks renderTimeSeries)'}, ratio ${hasTimeSeries ? (panel / ts).toFixed(2) : 'n/a'} (best runs: ${panelMin.toFixed(0)} / ${tsMin.toFixed(0)} ms = ${(panelMin / tsMin).toFixed(2)}); hover → tooltip ${hover.toFixed(0)} ms  (runs: panel ${times.panel.map((t) => t.toFixed(0)).join(' ')}; TimeSeries ${times.timeseries.map((t) => t.toFixed(0)).join(' ')})`
        );
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
