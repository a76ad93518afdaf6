// The peers view's data: the Bandscope datasource's peer comparison as it is, or the frames' series compared
// here — in the shared Web Worker when the input is big enough for the copy to pay (the population over 1,000
// series × 1,440 steps is ~100 ms of main-thread time), else on the main thread. Either way the comparison continues
// from the panel's previous data (PanelPeers, ./stream.ts): a refreshing live panel reads, checks, posts and
// compares only its new time steps (the window is kept here as views, the detector where it runs). While the worker
// compares, the view draws what it has: the previous comparison after a refresh or an option change, the grey
// crowd of the series' values (`crowdModel`) for the panel's first data.
import { useEffect, useMemo, useRef, useState } from 'react';

import type { DataFrame } from '@grafana/data';

import { type PopulationParams } from '../../detect';
import { alignmentNotices, alignSeries, PeersError, requirePeers } from '../../frames/peers';
import { LiveReader } from '../../frames/read';
import { forgetStream, newStreamId, peersInWorker, WORKER_CELLS, workerAvailable } from '../../weblog-client/client';
import { crowdModel, datasourcePeers, panelSeries, peersModel, type PeersModel } from './model';
import { type PanelComparison, PanelPeers, type PanelSeries } from './stream';

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
  const stream = useRef<{ id: number; peers: PanelPeers } | null>(null);
  stream.current ??= ((id) => ({
    id,
    peers: new PanelPeers({ available: workerAvailable, run: (steps) => peersInWorker(id, steps) }, WORKER_CELLS),
  }))(newStreamId());
  // per mounted panel, like the datasource's per query run: it keeps the last refresh's rows, so a continuing
  // window converts only its new rows
  const [reader] = useState(() => new LiveReader());
  useEffect(() => {
    const id = stream.current!.id;
    return () => forgetStream(id);
  }, []);
  const given = useMemo(() => datasourcePeers(frames), [frames]);
  const paramsKey = JSON.stringify(params);
  const prepared = useMemo((): { input?: PanelSeries; error?: string } => {
    if (given) {
      return {};
    }
    try {
      const input = panelSeries(frames, reader);
      requirePeers(input.series);
      return { input };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [frames, given, reader]);
  const [done, setDone] = useState<{ key: unknown[]; state: PeersState } | undefined>();
  const key = [prepared, paramsKey];
  const drawn = done?.state.model;
  // the panel's first data only: the crowd's axis is the one alignment of the whole window
  const crowd = useMemo(
    () =>
      !drawn && prepared.input
        ? crowdModel({ ...prepared.input, aligned: alignSeries(prepared.input.series) })
        : undefined,
    [drawn, prepared]
  );

  useEffect(() => {
    const input = prepared.input;
    if (!input) {
      return;
    }
    let live = true;
    const runKey = [prepared, paramsKey];
    const p = JSON.parse(paramsKey) as PopulationParams;
    const finish = ({ analysis, ranIn }: PanelComparison) => {
      performance.mark?.(PERF_MARKS.end);
      try {
        const notices = alignmentNotices(input.series, analysis.axis);
        const inWindow = { series: input.series, aligned: analysis.aligned };
        const model = peersModel(inWindow, analysis.result, notices, analysis.flagged);
        setDone({ key: runKey, state: { status: 'ready', model, ranIn, processed: analysis.processed } });
      } catch (e) {
        fail(e instanceof PeersError ? e.message : String(e));
      }
    };
    const fail = (e: unknown) => {
      setDone({ key: runKey, state: { status: 'error', error: e instanceof Error ? e.message : String(e) } });
    };
    // Posted at once, not after the crowd's first paint as the band chart's values are: the worker compares on the
    // other core while this one draws and paints the crowd, and the comparison's redraw is cheap (the crowd's paths
    // are kept, crowd.ts). bench:panel, same runs: comparison drawn 0.97–1.00 of TimeSeries at once vs 1.19 after
    // the paint at 1,000 × 1,440, first paint unchanged. "At once" is before the crowd's draw (uPlot's, a microtask
    // queued before this effect): peersInWorker posts synchronously once the worker exists.
    performance.mark?.(PERF_MARKS.start);
    try {
      const compared = stream.current!.peers.compare(input, p);
      if (compared instanceof Promise) {
        // an outdated comparison still continues the panel's stream; only the current one is drawn
        compared.then(
          (c) => live && finish(c),
          (e: unknown) => live && fail(e)
        );
      } else {
        finish(compared);
      }
    } catch (e) {
      fail(e);
    }
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
