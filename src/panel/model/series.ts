// Frames → per-series typed arrays with bands. Pure (no React, no DOM): reads Bandscope fields when a frame
// carries them (Bandscope datasource output), otherwise runs the detector with the panel's options.
import { type DataFrame, type Field, FieldType, getFieldDisplayName } from '@grafana/data';

import { bandscopeMeta, bandTag, type BandRole, isEpisodesFrame } from '../../contract';
import { createDetector, type Episode, type PresetName } from '../../detect';
import { EpisodeTracker } from '../../detect/episodes';
import { detectorParams, type ParamProblem, paramProblems } from './params';
import type { DetectorOptions } from '../types';

export interface BandSeries {
  /** Stable key: frame index / field name. */
  key: string;
  /** Display name (Grafana's rules: displayName, labels, frame name, field name). */
  name: string;
  /** The source value field (unit, decimals, display processor, colour). */
  field: Field;
  times: Float64Array;
  values: Float64Array;
  predicted: Float64Array;
  low: Float64Array;
  high: Float64Array;
  score: Float64Array;
  /** 1 = anomalous. */
  anomaly: Uint8Array;
  anomalyCount: number;
  episodes: Episode[];
  /** Number of points without a value (drawn as gaps). */
  missing: number;
  /** Where the bands come from. */
  origin: 'datasource' | 'panel';
  preset: PresetName;
}

export type ProblemKind =
  'no-data' | 'empty-frame' | 'no-time' | 'text-field' | 'no-numbers' | 'single-point' | 'bad-params';

export interface DataProblem {
  kind: ProblemKind;
  message: string;
}

export interface SeriesModel {
  series: BandSeries[];
  /** Frames or fields that could not be drawn, with a reason a user can act on. */
  problems: DataProblem[];
  /** Invalid detector options, when some series needed them (the panel draws no bands from invalid parameters). */
  paramProblems: ParamProblem[];
}

const toNumber = (v: unknown): number => (typeof v === 'number' ? v : v == null || v === '' ? NaN : Number(v));

function frameLabel(frame: DataFrame, index: number): string {
  return frame.name ?? frame.refId ?? `frame ${index + 1}`;
}

/** Indices ordering the times ascending (stable), dropping points without a time; null when already sorted. */
function order(raw: ArrayLike<unknown>): { times: Float64Array; idx: Uint32Array | null } {
  const n = raw.length;
  const times = new Float64Array(n);
  let sorted = true;
  let valid = true;
  let prev = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = raw[i];
    const t = typeof r === 'number' ? r : toNumber(r);
    times[i] = t;
    if (t >= prev) {
      prev = t;
    } else if (t !== t) {
      valid = false;
    } else {
      sorted = false;
    }
  }
  if (sorted && valid) {
    return { times, idx: null };
  }
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    if (times[i] === times[i]) {
      keep.push(i);
    }
  }
  keep.sort((a, b) => times[a] - times[b] || a - b);
  const idx = Uint32Array.from(keep);
  return { times: Float64Array.from(idx, (i) => times[i]), idx };
}

function column(values: ArrayLike<unknown>, idx: Uint32Array | null, n: number): Float64Array {
  const out = new Float64Array(n);
  if (idx) {
    for (let i = 0; i < n; i++) {
      out[i] = toNumber(values[idx[i]]);
    }
  } else if (values instanceof Float64Array) {
    out.set(values.subarray(0, n));
  } else {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out[i] = typeof v === 'number' ? v : toNumber(v);
    }
  }
  return out;
}

/** Episodes from anomaly flags and scores (for precomputed bands), with the same merging rule as the engine. */
function episodesOf(times: Float64Array, score: Float64Array, anomaly: Uint8Array, gap: number): Episode[] {
  const tracker = new EpisodeTracker(gap);
  tracker.observeAll(times, score, anomaly);
  return tracker.list();
}

function countOnes(a: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < a.length; i++) {
    c += a[i];
  }
  return c;
}

function countNaN(a: Float64Array): number {
  let c = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== a[i]) {
      c++;
    }
  }
  return c;
}

/**
 * Builds the drawable series. Frames with Bandscope fields keep the datasource's numbers; other numeric
 * fields get bands from `createDetector(options.preset, options)`. Problems name the frame or field.
 */
export function framesToSeries(frames: DataFrame[], options: DetectorOptions): SeriesModel {
  const problems: DataProblem[] = [];
  const series: BandSeries[] = [];
  const badParams = paramProblems(options);
  const params = badParams.length === 0 ? detectorParams(options) : undefined;
  const data = frames.filter((f) => !isEpisodesFrame(f));
  let needParams = false;
  if (data.length === 0) {
    return {
      series,
      problems: [{ kind: 'no-data', message: 'No data: the query returned no frames.' }],
      paramProblems: badParams,
    };
  }
  data.forEach((frame, fi) => {
    const label = frameLabel(frame, fi);
    if (frame.fields.length === 0 || frame.length === 0) {
      problems.push({ kind: 'empty-frame', message: `Frame "${label}" is empty: no points to draw.` });
      return;
    }
    const timeField = frame.fields.find((f) => f.type === FieldType.time);
    if (!timeField) {
      problems.push({ kind: 'no-time', message: `Frame "${label}" has no time field; Bandscope draws time series.` });
      return;
    }
    const tagged = new Map<string, Partial<Record<BandRole, Field>>>();
    const meta = bandscopeMeta(frame);
    for (const f of frame.fields) {
      const tag = bandTag(f);
      if (tag && meta) {
        const roles = tagged.get(tag.source) ?? {};
        roles[tag.role] = f;
        tagged.set(tag.source, roles);
      }
    }
    const valueFields = frame.fields.filter(
      (f) => f !== timeField && f.type === FieldType.number && !(meta && bandTag(f))
    );
    if (valueFields.length === 0) {
      const text = frame.fields.filter(
        (f) => f !== timeField && f.type !== FieldType.time && f.type !== FieldType.number
      );
      if (text.length > 0) {
        for (const f of text) {
          problems.push({ kind: 'text-field', message: `Field "${f.name}" is text; Bandscope needs numbers.` });
        }
      } else {
        problems.push({ kind: 'no-numbers', message: `Frame "${label}" has no numeric field.` });
      }
      return;
    }
    const { times, idx } = order(timeField.values);
    const n = times.length;
    for (const field of valueFields) {
      const name = getFieldDisplayName(field, frame, frames);
      if (n < 2) {
        problems.push({
          kind: 'single-point',
          message: `"${name}" has ${n === 1 ? 'a single point' : 'no points'}; a band needs at least 2.`,
        });
        continue;
      }
      const values = column(field.values, idx, n);
      const roles = tagged.get(field.name);
      let s: Omit<BandSeries, 'key' | 'name' | 'field' | 'times' | 'values' | 'missing' | 'anomalyCount'>;
      if (meta && roles && roles.predicted && roles.low && roles.high && roles.score && roles.anomaly) {
        const score = column(roles.score.values, idx, n);
        const anomalyF = column(roles.anomaly.values, idx, n);
        const anomaly = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          anomaly[i] = anomalyF[i] > 0 ? 1 : 0;
        }
        s = {
          predicted: column(roles.predicted.values, idx, n),
          low: column(roles.low.values, idx, n),
          high: column(roles.high.values, idx, n),
          score,
          anomaly,
          episodes: episodesOf(times, score, anomaly, meta.params?.episodeGap ?? 0),
          origin: 'datasource',
          preset: meta.preset,
        };
      } else if (params) {
        const result = createDetector(options.preset, params).run(times, values);
        s = { ...result, origin: 'panel', preset: options.preset };
      } else {
        needParams = true; // invalid options: reported once through paramProblems
        continue;
      }
      series.push({
        ...s,
        key: `${fi}/${field.name}`,
        name,
        field,
        times,
        values,
        missing: countNaN(values),
        anomalyCount: countOnes(s.anomaly),
      });
    }
  });
  // Invalid options only matter for series the panel computes (datasource bands are drawn regardless).
  return { series, problems, paramProblems: needParams ? badParams : [] };
}
