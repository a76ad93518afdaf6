// Reading frames, for both adapters: cells to epoch ms and numbers (`toMillis`, `toNumber`), a time column to the
// rows to read in time order (`readTimes`, `readNumbers`), and the datasource's upstream frames (wide or long,
// with labels) to one time-ordered series per numeric field and label set (`extractSeries`). Writing: ./write.ts.
import {
  type DataFrame,
  type Field,
  FieldType,
  getFieldDisplayName,
  type Labels,
  type QueryResultMetaNotice,
} from '@grafana/data';

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
  return Number(v);
}

/** A time column read for a detector: the rows with a usable time, in the order to process them. */
export interface TimeColumn {
  /** Epoch ms of the rows read, in reading order. */
  times: Float64Array;
  /** Source row of each entry of `times`; null when every row is read, in place. */
  rows: Uint32Array | null;
  /** Rows without a usable time (left out: they cannot be placed in time). */
  dropped: number;
  /** The rows with a time were not in time order (and were sorted, stably, when asked to). */
  unsorted: boolean;
}

/**
 * Reads a time column (numbers, Dates, ISO or numeric strings, DateTime-likes: see `toMillis`): drops rows without
 * a finite time and, with `sort`, orders the rest by time, stably (equal times keep their arrival order).
 */
export function readTimes(values: ArrayLike<unknown>, sort: boolean): TimeColumn {
  const n = values.length;
  const all = new Float64Array(n);
  let dropped = 0;
  let unsorted = false;
  let latest = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const t = typeof v === 'number' ? v : toMillis(v);
    all[i] = t;
    if (!Number.isFinite(t)) {
      dropped++;
    } else if (t < latest) {
      unsorted = true;
    } else {
      latest = t;
    }
  }
  const reorder = unsorted && sort;
  if (dropped === 0 && !reorder) {
    return { times: all, rows: null, dropped, unsorted };
  }
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(all[i])) {
      keep.push(i);
    }
  }
  if (reorder) {
    keep.sort((a, b) => all[a] - all[b] || a - b);
  }
  const rows = Uint32Array.from(keep);
  return { times: Float64Array.from(rows, (i) => all[i]), rows, dropped, unsorted };
}

/** A value column as numbers (`toNumber`: missing and text are NaN), for the rows `readTimes` chose. */
export function readNumbers(values: ArrayLike<unknown>, rows: ArrayLike<number> | null, n: number): Float64Array {
  const out = new Float64Array(n);
  if (rows) {
    for (let i = 0; i < n; i++) {
      out[i] = toNumber(values[rows[i]]);
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

/** The field with only the given rows, in that order. */
function pickRows(field: Field, rows: ArrayLike<number>): Field {
  const src = field.values;
  const values = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    values[i] = src[rows[i]];
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
        timeField: pickRows(timeField, g.rows),
        valueField: { ...pickRows(num, g.rows), labels },
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
          ? `it has no numeric field (${textFieldNames(frame)} hold text; convert them to numbers in the upstream ` +
            'query or with a "Convert field type" transformation)'
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
  const { times, rows, dropped, unsorted } = readTimes(draft.timeField.values, options.sort);
  const n = times.length;
  const values = readNumbers(draft.valueField.values, rows, n);
  let { timeField, valueField } = draft;
  if (rows) {
    timeField = pickRows(timeField, rows);
    valueField = pickRows(valueField, rows);
  }
  let missing = 0;
  let text = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) {
      const raw = valueField.values[i];
      if (typeof raw === 'string' && raw.trim() !== '') {
        text++;
      } else {
        missing++;
      }
    }
  }
  if (dropped > 0) {
    notices.push({ severity: 'warning', text: `${dropped} row(s) without a valid timestamp were dropped.` });
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
  if (unsorted) {
    notices.push({
      severity: 'info',
      text: options.sort
        ? 'The upstream rows were not in time order; Bandscope sorted them (stable).'
        : 'The upstream rows are not in time order; the notebook preset reads them in arrival order, ' +
          'like the notebook.',
    });
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

/** The names of a frame's text fields, quoted, for a message. */
function textFieldNames(frame: DataFrame): string {
  return frame.fields
    .filter((f) => f.type === FieldType.string)
    .map((f) => `"${f.name}"`)
    .join(', ');
}

function withNotice(frame: DataFrame, notice: QueryResultMetaNotice): DataFrame {
  return { ...frame, meta: { ...frame.meta, notices: [...(frame.meta?.notices ?? []), notice] } };
}
