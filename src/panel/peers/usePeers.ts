// The peers view's data: the Bandscope datasource's peer comparison as it is, or the frames' series compared
// here — in the shared Web Worker when the input is big enough for the copy to pay (the population over 1,000
// series × 1,440 steps is ~100 ms of main-thread time; posting the values costs a few ms), else on the main thread.
// Either way the comparison continues from the panel's previous data (StreamingPeers, src/frames/peers.ts): a
// refreshing live panel pays the population only for its new time steps (the worker keeps the panel's stream until
// the panel goes). While the worker compares, the view draws what it has: the previous comparison after a refresh
// or an option change, the grey crowd of the series' values (`crowdModel`) for the panel's first data.
import { useEffect, useMemo, useRef, useState } from 'react';

import type { DataFrame } from '@grafana/data';

import { type PopulationParams, type PopulationResult } from '../../detect';
import { alignmentNotices, axisSummary, onAxis, PeersError, requirePeers, StreamingPeers } from '../../frames/peers';
import { LiveReader } from '../../frames/read';
import { forgetStream, newStreamId, populationInWorker, WORKER_CELLS } from '../../weblog-client/client';
import { crowdModel, datasourcePeers, type PeersInput, peersInput, peersModel, type PeersModel } from './model';

export interface PeersState {
  /**
   * `ready`: the comparison of this data and these settings is drawn; `crowd`: the values alone, the first
   * comparison runs; `updating`: the previous comparison, a new one (new data or settings) runs.
   */
  status: 'crowd' | 'updating' | 'ready' | 'error';
  /** Undefined only with an error. */
  model?: PeersModel;
  error?: string;
  /** Where the comparison ran. */
  ranIn?: 'datasource' | 'main' | 'worker';
  /** Time steps the population detector processed for this data (the new ones on a live panel). */
  processed?: number;
}

/** Marks around each run, so specs and users can find the work in a performance profile. */
const PERF_MARKS = { start: 'bandscope-peers-start', end: 'bandscope-peers-end' };

export function usePeers(frames: DataFrame[], params: PopulationParams): PeersState {
  const stream = useRef<{ id: number; main: StreamingPeers } | null>(null);
  stream.current ??= { id: newStreamId(), main: new StreamingPeers() };
  // per mounted panel, like the datasource's per query run: it keeps the last refresh's rows, so a continuing
  // window converts only its new rows
  const [reader] = useState(() => new LiveReader());
  useEffect(() => {
    const id = stream.current!.id;
    return () => forgetStream(id);
  }, []);
  const given = useMemo(() => datasourcePeers(frames), [frames]);
  const paramsKey = JSON.stringify(params);
  const prepared = useMemo((): { input?: PeersInput; error?: string } => {
    if (given) {
      return {};
    }
    try {
      const input = peersInput(frames, reader);
      requirePeers(input.series);
      return { input };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [frames, given, reader]);
  const [done, setDone] = useState<{ key: unknown[]; state: PeersState } | undefined>();
  const key = [prepared, paramsKey];
  const drawn = done?.state.model;
  const crowd = useMemo(() => (!drawn && prepared.input ? crowdModel(prepared.input) : undefined), [drawn, prepared]);

  useEffect(() => {
    const input = prepared.input;
    if (!input) {
      return;
    }
    let live = true;
    const runKey = [prepared, paramsKey];
    const p = JSON.parse(paramsKey) as PopulationParams;
    const keys = input.series.map((s) => s.key);
    const { id, main } = stream.current!;
    const compareOnMain = () => main.advance(onAxis(input.aligned), p, keys, 'all');
    const finish = (
      { result, processed }: { result: PopulationResult; processed: number },
      ranIn: 'main' | 'worker'
    ) => {
      performance.mark?.(PERF_MARKS.end);
      try {
        const notices = alignmentNotices(input.series, axisSummary(input.aligned, result.peers));
        const model = peersModel(input, result, notices);
        setDone({ key: runKey, state: { status: 'ready', model, ranIn, processed } });
      } catch (e) {
        fail(e instanceof PeersError ? e.message : String(e));
      }
    };
    const fail = (e: unknown) => {
      setDone({ key: runKey, state: { status: 'error', error: e instanceof Error ? e.message : String(e) } });
    };
    const worthWorker = input.series.length * input.aligned.times.length >= WORKER_CELLS;
    const run = () => {
      performance.mark?.(PERF_MARKS.start);
      const inWorker = worthWorker ? populationInWorker(id, input.aligned, keys, p) : undefined;
      if (!inWorker) {
        try {
          finish(compareOnMain(), 'main');
        } catch (e) {
          fail(e);
        }
        return;
      }
      inWorker
        .then((answer) => live && (answer ? finish(answer, 'worker') : finish(compareOnMain(), 'main')))
        .catch((e: unknown) => {
          if (!live) {
            return;
          }
          try {
            finish(compareOnMain(), 'main'); // the worker could not run it: the main thread can
          } catch {
            fail(e);
          }
        });
    };
    // Posted at once, not after the crowd's first paint as the band chart's values are: the worker compares on the
    // other core while this one draws and paints the crowd, and the comparison's redraw is cheap (the crowd's paths
    // are kept, crowd.ts). bench:panel, same runs: comparison drawn 0.97–1.00 of TimeSeries at once vs 1.19 after
    // the paint at 1,000 × 1,440, first paint unchanged. "At once" is before the crowd's draw (uPlot's, a microtask
    // queued before this effect): populationInWorker posts synchronously once the worker exists.
    run();
    return () => {
      live = false;
    };
  }, [prepared, paramsKey]);

  if (given) {
    return { status: 'ready', model: given, ranIn: 'datasource' };
  }
  if (prepared.error) {
    return { status: 'error', error: prepared.error };
  }
  if (done && done.key.every((k, i) => k === key[i])) {
    return done.state;
  }
  return drawn ? { ...done.state, status: 'updating' } : { status: 'crowd', model: crowd };
}
