// The band chart's series: read from the frames once per data (not per option change), their bands computed
// by the panel's detector — in the shared Web Worker, packed in one message (src/detect/batch.ts), when the
// series to compute are big enough for it to pay (WORKER_CELLS), else here. While the worker computes, the
// chart draws what it has: the previous bands after an option change (input never waits on the detector),
// the value lines alone for new data.
import { useEffect, useMemo, useRef, useState } from 'react';

import type { DataFrame } from '@grafana/data';

import { unitBounds } from '../../contract';
import { type BatchResult, detectPacked, type PackedResult, packSeries, unpackResult } from '../../detect';
import { detectInWorker, WORKER_CELLS, workerAvailable } from '../../weblog-client/client';
import { detectorParams, paramProblems } from '../model/params';
import { bandSeries, readSeries, type SeriesModel, type SeriesSource, toDetect } from '../model/series';
import type { DetectorOptions } from '../types';

export interface SeriesModelState {
  model: SeriesModel;
  /** The detector settings (`detectorKey`) of the bands drawn; undefined while there are none yet. */
  drawnKey?: string;
  /** The worker is computing bands for `detectorKey`. */
  pending: boolean;
}

/** Marks around each run in the worker, so specs and users find it in a performance profile. */
const PERF_MARKS = { start: 'bandscope-bands-start', end: 'bandscope-bands-end' };

function pack(sources: SeriesSource[]) {
  return packSeries(sources.map((s) => ({ times: s.times, values: s.values, ...unitBounds(s.field.config.unit) })));
}

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
  const read = useMemo(() => readSeries(frames), [frames]);
  const sources = useMemo(() => toDetect(read), [read]);
  const cells = sources.reduce((a, s) => a + s.times.length, 0);
  const options = useMemo(() => JSON.parse(detectorKey) as DetectorOptions, [detectorKey]);
  const offMain = cells >= WORKER_CELLS && workerAvailable() && paramProblems(options).length === 0;
  const here = useMemo(() => (offMain ? undefined : bandSeries(read, options)), [offMain, read, options]);
  const [done, setDone] = useState<{ read: unknown; key: string; model?: SeriesModel; error?: unknown }>();
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
    const finish = (result: PackedResult, start: Uint32Array) => {
      performance.mark?.(PERF_MARKS.end);
      if (live) {
        const model = bandSeries(read, options, (i) => unpackResult(result, { start }, i));
        bandedRead.current = read;
        setDone({ read, key: detectorKey, model });
      }
    };
    // the worker could not run it (none, it failed to load, or the detector threw): the main thread runs it,
    // and reports the detector's own error
    const fallback = () => {
      const packed = pack(sources);
      try {
        finish(detectPacked(preset, params, packed), packed.start);
      } catch (error) {
        if (live) {
          setDone({ read, key: detectorKey, error });
        }
      }
    };
    const run = () => {
      performance.mark?.(PERF_MARKS.start);
      const packed = pack(sources); // transferred to the worker: unusable here afterwards, but for `start`
      detectInWorker(preset, params, packed).then(
        (result) => live && (result ? finish(result, packed.start) : fallback()),
        () => live && fallback()
      );
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
  }, [offMain, read, sources, options, detectorKey]);

  if (here) {
    return { model: here, drawnKey: detectorKey, pending: false };
  }
  if (done?.read === read) {
    if (done.error !== undefined && done.key === detectorKey) {
      throw done.error; // as the detector throws on the main thread: the panel shows the error
    }
    if (done.model) {
      // after an option change, the previous bands until the new ones arrive
      return { model: done.model, drawnKey: done.key, pending: done.key !== detectorKey };
    }
  }
  return { model: waiting!, pending: true };
}
