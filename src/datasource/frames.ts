// Frame ⇄ typed-array conversion for the Bandscope datasource: upstream frames (wide or long, with labels)
// become one time-ordered series per numeric field and label set; detector columns become output frames
// that keep the source fields and add the contract's band fields with Time series panel styling.
import {
  type DataFrame,
  type Field,
  type FieldConfig,
  FieldType,
  type Labels,
  type QueryResultMetaNotice,
  type QueryResultMetaStat,
  getFieldDisplayName,
} from '@grafana/data';

import {
  type BandOutputs,
  type BandRole,
  type BandscopeFrameMeta,
  EPISODES_FRAME_NAME,
  bandDisplayName,
  selectedRoles,
} from '../contract';
import { sortOrder } from '../detect';
import type { Episode } from '../detect/types';

/** One source series, ready for a detector: times and values as typed arrays, in processing order. */
export interface SeriesInput {
  /** Stable identity within a query (frame name/index, field name, labels): the streaming state key. */
  key: string;
  /** Display name of the source series; added fields are named `${name} predicted` etc. for display. */
  name: string;
  refId?: string;
  frameName?: string;
  /** The source time and value fields, reordered when the input had to be sorted (config and labels untouched). */
  timeField: Field;
  valueField: Field;
  times: Float64Array;
  values: Float64Array;
  notices: QueryResultMetaNotice[];
  /** Source frame meta (kept on the output frame, minus notices that belong to the source). */
  sourceMeta?: DataFrame['meta'];
}

export interface ExtractResult {
  series: SeriesInput[];
  /** Frames we cannot put bands on (no time or no numeric field): returned untouched, with a notice. */
  passthrough: DataFrame[];
}

/** Detector output for one series, aligned with `SeriesInput.times`. */
export interface BandColumns {
  predicted: ArrayLike<number>;
  low: ArrayLike<number>;
  high: ArrayLike<number>;
  score: ArrayLike<number>;
  anomaly: ArrayLike<number>;
}

export interface ExtractOptions {
  /** Sort out-of-order input (stable). False keeps arrival order (the notebook preset reads arrival order). */
  sort: boolean;
}

const labelsText = (labels?: Labels) =>
  labels
    ? Object.keys(labels)
        .sort()
        .map((k) => `${k}=${JSON.stringify(labels[k])}`)
        .join(',')
    : '';

/** Epoch ms from a time field value (number, Date, ISO string, DateTime-like); NaN when unreadable. */
export function toMillis(v: unknown): number {
  if (typeof v === 'number') {
    return v;
  }
  if (v == null) {
    return NaN;
  }
  if (v instanceof Date) {
    return v.getTime();
  }
  if (typeof v === 'string') {
    const n = Number(v);
    return v.trim() !== '' && Number.isFinite(n) ? n : Date.parse(v);
  }
  if (typeof (v as { valueOf?: () => unknown }).valueOf === 'function') {
    const n = (v as { valueOf: () => unknown }).valueOf();
    return typeof n === 'number' ? n : NaN;
  }
  return NaN;
}

/** A number from a value field cell; `null`/`undefined`/non-numeric → NaN (the detector's "no value"). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') {
    return v;
  }
  if (v == null || v === '') {
    return NaN;
  }
  if (typeof v === 'boolean') {
    return v ? 1 : 0;
  }
  const n = Number(v);
  return n;
}

function permuteField(field: Field, order: ArrayLike<number> | undefined, rows?: number[]): Field {
  if (!order && !rows) {
    return field;
  }
  const src = field.values;
  const pick = (i: number) => (rows ? rows[i] : i);
  const n = order ? order.length : rows!.length;
  const values = new Array(n);
  for (let i = 0; i < n; i++) {
    values[i] = src[pick(order ? order[i] : i)];
  }
  return { ...field, values };
}

interface SeriesDraft {
  key: string;
  timeField: Field;
  valueField: Field;
  rows?: number[];
}

/** Splits a long frame (time, string label columns, numbers) into series per distinct label set. */
function longDrafts(
  frame: DataFrame,
  timeField: Field,
  numbers: Field[],
  strings: Field[],
  frameKey: string
): SeriesDraft[] {
  const groups = new Map<string, { labels: Labels; rows: number[] }>();
  for (let i = 0; i < frame.length; i++) {
    const labels: Labels = {};
    for (const s of strings) {
      labels[s.name] = String(s.values[i] ?? '');
    }
    const k = labelsText(labels);
    let g = groups.get(k);
    if (!g) {
      g = { labels, rows: [] };
      groups.set(k, g);
    }
    g.rows.push(i);
  }
  const drafts: SeriesDraft[] = [];
  for (const [k, g] of groups) {
    for (const num of numbers) {
      const labels = { ...num.labels, ...g.labels };
      drafts.push({
        key: `${frameKey}/${num.name}/{${k}}`,
        timeField: permuteField(timeField, undefined, g.rows),
        valueField: { ...permuteField(num, undefined, g.rows), labels },
        rows: g.rows,
      });
    }
  }
  return drafts;
}

/**
 * Upstream frames → series. A frame needs a time field and at least one number field; string fields next to
 * them make it a long frame (split into one series per label set, the strings becoming labels).
 */
export function extractSeries(frames: DataFrame[], options: ExtractOptions): ExtractResult {
  const series: SeriesInput[] = [];
  const passthrough: DataFrame[] = [];
  const usedNames = new Map<string, number>();
  frames.forEach((frame, frameIndex) => {
    const timeField = frame.fields.find((f) => f.type === FieldType.time);
    const numbers = frame.fields.filter((f) => f.type === FieldType.number);
    const frameLabel = frame.name ?? frame.refId ?? `frame ${frameIndex + 1}`;
    if (!timeField || numbers.length === 0) {
      const why = !timeField
        ? 'it has no time field'
        : frame.fields.some((f) => f.type === FieldType.string)
          ? `it has no numeric field (${frame.fields
              .filter((f) => f.type === FieldType.string)
              .map((f) => `"${f.name}"`)
              .join(
                ', '
              )} hold text; convert them to numbers in the upstream query or with a "Convert field type" transformation)`
          : 'it has no numeric field';
      passthrough.push(
        withNotice(frame, { severity: 'warning', text: `Bandscope: no bands for "${frameLabel}": ${why}.` })
      );
      return;
    }
    const strings = frame.fields.filter((f) => f.type === FieldType.string);
    const frameKey = `${frame.name ?? ''}#${frameIndex}`;
    const drafts: SeriesDraft[] =
      strings.length > 0
        ? longDrafts(frame, timeField, numbers, strings, frameKey)
        : numbers.map((num) => ({
            key: `${frameKey}/${num.name}/{${labelsText(num.labels)}}`,
            timeField,
            valueField: num,
          }));
    for (const draft of drafts) {
      series.push(toSeries(frame, frames, draft, options, usedNames));
    }
  });
  return { series, passthrough };
}

function toSeries(
  frame: DataFrame,
  frames: DataFrame[],
  draft: SeriesDraft,
  options: ExtractOptions,
  usedNames: Map<string, number>
): SeriesInput {
  const notices: QueryResultMetaNotice[] = [];
  const n = draft.timeField.values.length;
  let times = new Float64Array(n);
  let values = new Float64Array(n);
  let badTimes = 0;
  let missing = 0;
  let text = 0;
  const tv = draft.timeField.values;
  const vv = draft.valueField.values;
  for (let i = 0; i < n; i++) {
    times[i] = toMillis(tv[i]);
    if (!Number.isFinite(times[i])) {
      badTimes++;
    }
    const raw = vv[i];
    const x = toNumber(raw);
    if (!Number.isFinite(x)) {
      if (typeof raw === 'string' && raw.trim() !== '') {
        text++;
      } else {
        missing++;
      }
    }
    values[i] = x;
  }
  let { timeField, valueField } = draft;
  if (badTimes > 0) {
    // Rows without a usable timestamp cannot be placed in time: drop them, say so.
    const keep: number[] = [];
    for (let i = 0; i < n; i++) {
      if (Number.isFinite(times[i])) {
        keep.push(i);
      }
    }
    times = Float64Array.from(keep, (i) => times[i]);
    values = Float64Array.from(keep, (i) => values[i]);
    timeField = permuteField(timeField, undefined, keep);
    valueField = permuteField(valueField, undefined, keep);
    notices.push({ severity: 'warning', text: `${badTimes} row(s) without a valid timestamp were dropped.` });
  }
  if (missing > 0) {
    notices.push({
      severity: 'info',
      text: `${missing} point(s) have no value (null/NaN): no band and no score there.`,
    });
  }
  if (text > 0) {
    notices.push({
      severity: 'warning',
      text: `${text} value(s) are text that is not a number; they are treated as missing.`,
    });
  }
  const order = sortOrder(times);
  if (order) {
    if (options.sort) {
      times = Float64Array.from(order, (i) => times[i]);
      values = Float64Array.from(order, (i) => values[i]);
      timeField = permuteField(timeField, order);
      valueField = permuteField(valueField, order);
      notices.push({
        severity: 'info',
        text: 'The upstream rows were not in time order; Bandscope sorted them (stable).',
      });
    } else {
      notices.push({
        severity: 'info',
        text: 'The upstream rows are not in time order; the notebook preset reads them in arrival order, like the notebook.',
      });
    }
  }
  let name = getFieldDisplayName(draft.valueField, frame, frames);
  const numbers = frame.fields.filter((f) => f.type === FieldType.number).length;
  if (frame.name && name === draft.valueField.name && numbers === 1 && !draft.valueField.config.displayName) {
    name = frame.name; // a lone generic "value" field: the frame name says which series it is
  }
  if (valueField.labels && draft.rows) {
    const labels = labelsText(valueField.labels);
    name = labels ? `${name} {${labels}}` : name;
  }
  const seen = usedNames.get(name) ?? 0;
  usedNames.set(name, seen + 1);
  if (seen > 0) {
    name = `${name} (${frame.refId ?? ''}${seen + 1})`;
  }
  return {
    key: draft.key,
    name,
    refId: frame.refId,
    frameName: frame.name,
    timeField,
    valueField,
    times,
    values,
    notices,
    sourceMeta: frame.meta,
  };
}

function withNotice(frame: DataFrame, notice: QueryResultMetaNotice): DataFrame {
  return { ...frame, meta: { ...frame.meta, notices: [...(frame.meta?.notices ?? []), notice] } };
}

/** Colours of the added fields (Grafana palette names, readable in dark and light themes). */
const BAND_COLORS: Record<BandRole, string> = {
  predicted: 'purple',
  low: 'blue',
  high: 'blue',
  score: 'orange',
  anomaly: 'red',
};

/** Field config for an added field: what makes Grafana's own Time series panel draw the band. */
function bandFieldConfig(role: BandRole, series: string, source: Field): FieldConfig {
  const base: FieldConfig = {
    displayNameFromDS: bandDisplayName(series, role),
    color: { mode: 'fixed', fixedColor: BAND_COLORS[role] },
    custom: { bandscope: { role, source: source.name } },
  };
  const sameUnit = { unit: source.config.unit, decimals: source.config.decimals };
  // No line of their own, in the tooltip, not in the legend; drawn (band edges) or not (score, anomaly).
  const lineless = (hideViz: boolean) => ({
    lineWidth: 0,
    showPoints: 'never',
    hideFrom: { legend: true, tooltip: false, viz: hideViz },
  });
  // Score and anomaly: tooltip values only, on a hidden axis of their own.
  const tooltipOnly = (unit: string, max: number, decimals: number): FieldConfig => ({
    ...base,
    unit,
    min: 0,
    max,
    decimals,
    custom: { ...base.custom, axisPlacement: 'hidden', ...lineless(true) },
  });
  switch (role) {
    case 'predicted':
      return {
        ...base,
        ...sameUnit,
        custom: {
          ...base.custom,
          lineWidth: 1,
          lineStyle: { fill: 'dash', dash: [10, 10] },
          fillOpacity: 0,
          showPoints: 'never',
        },
      };
    case 'high':
      return {
        ...base,
        ...sameUnit,
        custom: { ...base.custom, ...lineless(false), fillOpacity: 20, fillBelowTo: bandDisplayName(series, 'low') },
      };
    case 'low':
      return { ...base, ...sameUnit, custom: { ...base.custom, ...lineless(false), fillOpacity: 0 } };
    case 'score':
      return tooltipOnly('none', 100, 1);
    case 'anomaly':
      return tooltipOnly('bool', 1, 0);
  }
}

/** Detector column → field values: NaN (no estimate) becomes null, which Grafana draws as a gap. */
function columnValues(col: ArrayLike<number>, n: number): Array<number | null> {
  const out = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const v = col[i];
    out[i] = v === v ? v : null;
  }
  return out;
}

export interface BandFrameOptions {
  meta: BandscopeFrameMeta;
  outputs?: BandOutputs;
  notices?: QueryResultMetaNotice[];
  /** Shown in Grafana's query inspector (e.g. points the detector processed for this emission). */
  stats?: QueryResultMetaStat[];
}

/** Output frame for one series: source time and value fields, then the selected added fields. */
export function buildBandFrame(series: SeriesInput, columns: BandColumns, options: BandFrameOptions): DataFrame {
  const n = series.times.length;
  const fields: Field[] = [series.timeField, series.valueField];
  for (const role of selectedRoles(options.outputs)) {
    const col = columns[role];
    fields.push({
      name: role,
      type: FieldType.number,
      values: role === 'anomaly' ? Array.from(col as ArrayLike<number>).slice(0, n) : columnValues(col, n),
      labels: series.valueField.labels,
      config: bandFieldConfig(role, series.name, series.valueField),
    });
  }
  const notices = [...series.notices, ...(options.notices ?? [])];
  const { notices: _sourceNotices, ...sourceMeta } = series.sourceMeta ?? {};
  return {
    name: series.frameName,
    refId: series.refId,
    length: n,
    fields,
    meta: {
      ...sourceMeta,
      ...(notices.length > 0 ? { notices } : {}),
      ...(options.stats ? { stats: [...(sourceMeta.stats ?? []), ...options.stats] } : {}),
      custom: { ...sourceMeta.custom, bandscope: { ...options.meta, series: series.name, refId: series.refId } },
    },
  };
}

export interface NamedEpisode extends Episode {
  series: string;
}

/** Title of an episode's annotation: series name and peak severity. */
function episodeTitle(e: NamedEpisode): string {
  return `${e.series}: ${e.severity} anomaly`;
}

function episodeText(e: NamedEpisode): string {
  return `Peak score ${e.peakScore.toFixed(1)} at ${new Date(e.peakTime).toISOString()}; ${e.points} flagged point(s).`;
}

/** The separate episodes frame (contract EPISODE_FIELDS + EPISODE_EXTRA_FIELDS), sorted by start. */
export function buildEpisodesFrame(episodes: NamedEpisode[], refId?: string): DataFrame {
  const list = [...episodes].sort((a, b) => a.start - b.start);
  const col = <T>(f: (e: NamedEpisode) => T) => list.map(f);
  return {
    name: EPISODES_FRAME_NAME,
    refId,
    length: list.length,
    fields: [
      { name: 'time', type: FieldType.time, values: col((e) => e.start), config: {} },
      { name: 'timeEnd', type: FieldType.time, values: col((e) => e.end), config: {} },
      { name: 'series', type: FieldType.string, values: col((e) => e.series), config: {} },
      {
        name: 'peakScore',
        type: FieldType.number,
        values: col((e) => e.peakScore),
        config: { decimals: 1, min: 0, max: 100 },
      },
      { name: 'severity', type: FieldType.string, values: col((e) => e.severity), config: {} },
      { name: 'peakTime', type: FieldType.time, values: col((e) => e.peakTime), config: {} },
      { name: 'points', type: FieldType.number, values: col((e) => e.points), config: {} },
      { name: 'title', type: FieldType.string, values: col(episodeTitle), config: {} },
      { name: 'text', type: FieldType.string, values: col(episodeText), config: {} },
    ],
    meta: { custom: { bandscopeEpisodes: true } },
  };
}
