// The band chart's series: read from the frames once per data (not per option change) through the panel's
// LiveReader, their bands computed by the panel's detector continued from the previous refresh (PanelBands,
// ../model/liveBands.ts: a refresh pays for its new rows) — in the shared Web Worker, whose stream carries only
// each series' new rows, when the series to compute are big enough for it to pay (WORKER_CELLS), else here.
// While the worker computes, the chart draws what it has: the previous bands after an option change (input
// never waits on the detector), the value lines alone for new data.
import { useEffect, useMemo, useRef, useState } from 'react';

import type { DataFrame } from '@grafana/data';

import type { BatchResult } from '../../detect';
import { LiveReader } from '../../frames/read';
import { bandsInWorker, forgetStream, newStreamId, WORKER_CELLS, workerAvailable } from '../../weblog-client/client';
import { PanelBands } from '../model/liveBands';
import { detectorParams, paramProblems } from '../model/params';
import { bandSeries, readSeries, type SeriesModel, type SeriesSource, toDetect } from '../model/series';
import type { DetectorOptions } from '../types';

export interface SeriesModelState {
  model: SeriesModel;
  /** The detector settings (`detectorKey`) of the bands drawn; undefined while there are none yet. */
  drawnKey?: string;
  /** The worker is computing bands for `detectorKey`. */
  pending: boolean;
  /** Points the panel's detector processed for the bands drawn (a continuing refresh's new rows), and since mounted. */
  processed?: number;
  processedTotal?: number;
}

/** Marks around each run in the worker, so specs and users find it in a performance profile. */
const PERF_MARKS = { start: 'bandscope-bands-start', end: 'bandscope-bands-end' };

/** Bands not computed yet: NaN (nothing drawn, no score) and no flags, one shared array per length. */
function noBands(sources: SeriesSource[]): (i: number) => BatchResult {
  const byLength = new Map<number, BatchResult>();
  return (i) => {
    const n = sources[i].times.length;
    let r = byLength.get(n);
    if (!r) {
      const nan = new Float64Array(n).fill(NaN);
      r = { predicted: nan, low: nan, high: nan, score: nan, anomaly: new Uint8Array(n), episodes: [] };
      byLength.set(n, r);
    }
    return r;
  };
}

/** `detectorKey`: JSON of `DetectorOptions` (what the bands depend on), so equal settings compare equal. */
export function useSeriesModel(frames: DataFrame[], detectorKey: string): SeriesModelState {
  // per mounted panel: the last refresh's rows and bands, so a continuing window costs its new rows
  const [reader] = useState(() => new LiveReader());
  const [bands] = useState(() => new PanelBands());
  const [stream] = useState(newStreamId);
  useEffect(() => () => forgetStream(stream), [stream]);
  /** The worker's runs, one after the other: each request continues the stream the previous answer left. */
  const queue = useRef<Promise<void>>(Promise.resolve());
  const read = useMemo(() => readSeries(frames, reader), [frames, reader]);
  const sources = useMemo(() => toDetect(read), [read]);
  const cells = sources.reduce((a, s) => a + s.times.length, 0);
  const options = useMemo(() => JSON.parse(detectorKey) as DetectorOptions, [detectorKey]);
  const offMain = cells >= WORKER_CELLS && workerAvailable() && paramProblems(options).length === 0;
  const here = useMemo(() => {
    if (offMain) {
      return undefined;
    }
    const valid = paramProblems(options).length === 0;
    const detected = valid ? bands.onMain(sources, options.preset, detectorParams(options), detectorKey) : undefined;
    const model = bandSeries(read, options, detected && ((i) => detected[i]));
    return { model, processed: bands.processed, processedTotal: bands.processedTotal };
  }, [offMain, read, sources, options, detectorKey, bands]);
  const [done, setDone] = useState<{
    read: unknown;
    key: string;
    model?: SeriesModel;
    processed?: number;
    processedTotal?: number;
    error?: unknown;
  }>();
  /** The data of the last bands computed (the effect reads it: not a dependency). */
  const bandedRead = useRef<unknown>(undefined);
  // the value lines alone only until this data has bands: after a change of k the previous bands are drawn
  const unbanded = offMain && !(done?.read === read && done.model);
  const waiting = useMemo(
    () => (unbanded ? bandSeries(read, options, noBands(sources)) : undefined),
    [unbanded, read, options, sources]
  );

  useEffect(() => {
    if (!offMain) {
      return;
    }
    let live = true;
    const { preset } = options;
    const params = detectorParams(options);
    const finish = (detected: BatchResult[]) => {
      performance.mark?.(PERF_MARKS.end);
      if (live) {
        const model = bandSeries(read, options, (i) => detected[i]);
        bandedRead.current = read;
        const { processed, processedTotal } = bands;
        setDone({ read, key: detectorKey, model, processed, processedTotal });
      }
    };
    // the worker could not run it (none, it failed to load, or the detector threw): the main thread runs it,
    // and reports the detector's own error
    const onMain = () => {
      try {
        finish(bands.onMain(sources, preset, params, detectorKey));
      } catch (error) {
        if (live) {
          setDone({ read, key: detectorKey, error });
        }
      }
    };
    const inWorker = async () => {
      const plan = bands.request(sources, detectorKey);
      const answer = await bandsInWorker(stream, preset, params, plan.request);
      if (answer !== null) {
        return answer && bands.absorb(plan, answer);
      }
      bands.lose(); // e.g. the worker started again: the whole windows, once
      const again = bands.request(sources, detectorKey);
      const whole = await bandsInWorker(stream, preset, params, again.request);
      return whole ? bands.absorb(again, whole) : undefined;
    };
    // One run at a time: a run whose data was replaced before its turn is skipped (the next reads its rows); one
    // under way takes its answer in even when its data was replaced, as the worker's stream has moved on.
    const run = () => {
      queue.current = queue.current.then(async () => {
        if (!live) {
          return;
        }
        performance.mark?.(PERF_MARKS.start);
        let detected: BatchResult[] | undefined;
        try {
          detected = await inWorker();
        } catch {
          detected = undefined;
        }
        if (detected) {
          finish(detected);
        } else {
          bands.lose();
          if (live) {
            onMain();
          }
        }
      });
    };
    // New data: after the value lines' first paint (packing and the worker's run would otherwise share its frame,
    // and on a busy machine its core). An option change has the previous bands drawn: at once.
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (bandedRead.current === read) {
      run();
    } else {
      frame = requestAnimationFrame(() => (timer = setTimeout(run, 0)));
    }
    return () => {
      live = false;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [offMain, read, sources, options, detectorKey, bands, stream]);

  if (here) {
    return { ...here, drawnKey: detectorKey, pending: false };
  }
  if (done?.read === read) {
    if (done.error !== undefined && done.key === detectorKey) {
      throw done.error; // as the detector throws on the main thread: the panel shows the error
    }
    if (done.model) {
      // after an option change, the previous bands until the new ones arrive
      const { model, key, processed, processedTotal } = done;
      return { model, drawnKey: key, pending: key !== detectorKey, processed, processedTotal };
    }
  }
  return { model: waiting!, pending: true };
}
