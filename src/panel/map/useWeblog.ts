// The panel's side of the parsing split: frames in, a map model and a total-requests band frame out.
//  - raw lines / IP rows → the web-log Web Worker (src/weblog-client/client.ts) parses and counts;
//  - counts (incl. the datasource's web-log `countries` frame) → counted on the main thread, no parsing;
//  - in the anomaly mode, every country's band and score too, in the worker whatever the input shape;
//  - the datasource's `requests` frame (bands precomputed) is used as is, else bands are computed here
//    over the bucket totals (a few hundred points: microseconds).

import { useEffect, useMemo, useState } from 'react';

import type { DataFrame } from '@grafana/data';

import { weblogMeta } from '../../contract';
import type { CountryAnomalies } from '../../weblog/anomaly';
import { type BucketChoice, countsBucket } from '../../weblog/buckets';
import type { WeblogJobResult } from '../../weblog/job';
import { aggregateWeblog, inputLength } from '../../weblog-client/client';
import { detectWeblogInput } from '../../weblog-client/input';
import { requestsFrame, WEBLOG_DETECTOR } from '../../weblog-client/requests';
import type { MapMode } from '../types';
import { mapModel, type MapModel } from './model';

export interface WeblogState {
  status: 'loading' | 'ready' | 'nodata' | 'error';
  model?: MapModel;
  result?: WeblogJobResult;
  /** Every country's band and score (the anomaly mode only). */
  anomalies?: CountryAnomalies;
  /** Total requests per bucket with bands (src/contract.ts), for the band chart. */
  requests?: DataFrame;
  /** What the input was ("log lines from Line"). */
  source?: string;
  rows?: number;
  /** The IP→country table the countries came from: here, or in the datasource's web-log mode; absent for counts. */
  ipData?: { source: string; date: string };
  error?: string;
  /** Wall time from data to model (ms). */
  wallMs?: number;
}

/** Marks around each run, so specs and users can find the work in a performance profile. */
const PERF_MARKS = { start: 'bandscope-weblog-start', end: 'bandscope-weblog-end' };

export function useWeblog(
  series: DataFrame[],
  bucket: BucketChoice,
  mode: MapMode,
  fallbackTime?: number
): WeblogState {
  const detected = useMemo(() => detectWeblogInput(series, fallbackTime), [series, fallbackTime]);
  const given = useMemo(() => series.find((f) => weblogMeta(f)?.role === 'total'), [series]);
  // The last finished run and what it ran on; a run for other input means "loading".
  const [done, setDone] = useState<{ key: unknown[]; state: WeblogState } | undefined>();
  const key = [detected, given, bucket, mode];

  useEffect(() => {
    if (!detected) {
      return;
    }
    const ctrl = new AbortController();
    const runKey = [detected, given, bucket, mode];
    const t0 = performance.now();
    performance.mark?.(PERF_MARKS.start);
    // Aggregated upstream: keep its buckets (the datasource says which; else they follow from the times).
    const b =
      detected.input.kind === 'counts' && bucket === 'auto'
        ? countsBucket(detected.input.time, detected.bucketMs)
        : bucket;
    // Country bands with the detector the requests frame uses, so a country's band reads like the total's.
    const countryBands = mode === 'anomaly' ? WEBLOG_DETECTOR : undefined;
    const partialFrom = detected.partialFrom;
    aggregateWeblog(detected.input, { bucket: b, countryBands, partialFrom, signal: ctrl.signal }).then(
      (result) => {
        if (ctrl.signal.aborted) {
          return;
        }
        const model = mapModel(result.aggregate);
        const requests =
          given ?? (result.aggregate.times.length > 0 ? requestsFrame(result.aggregate, 'weblog').frame : undefined);
        performance.mark?.(PERF_MARKS.end);
        const state: WeblogState = {
          status: 'ready',
          model,
          result,
          anomalies: result.anomalies,
          requests,
          source: detected.source,
          rows: inputLength(detected.input),
          ipData: result.geo ?? detected.ipData,
          wallMs: performance.now() - t0,
        };
        setDone({ key: runKey, state });
      },
      (e: unknown) => {
        if (!ctrl.signal.aborted) {
          setDone({
            key: runKey,
            state: { status: 'error', error: e instanceof Error ? e.message : String(e), source: detected.source },
          });
        }
      }
    );
    return () => ctrl.abort();
  }, [detected, given, bucket, mode]);

  if (!detected) {
    return { status: 'nodata' };
  }
  if (done && done.key.every((k, i) => k === key[i])) {
    return done.state;
  }
  // Keep showing the previous model while the new input is counted (no flicker on refresh).
  return { ...(done?.state ?? {}), status: 'loading', source: detected.source };
}
