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

import { sameNumber } from '../detect';

import { Column, float64, forgetOthers, uint8 } from './column';

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
  /**
   * A live reader read only the window's new rows: its earlier rows are the ones that reader handed on for the
   * series at its previous read (`ExtractResult.read`), times and values.
   */
  continued?: boolean;
}

export interface ExtractResult {
  series: SeriesInput[];
  /** Frames we cannot put bands on (no time or no numeric field): returned untouched, with a notice. */
  passthrough: DataFrame[];
  /** With a live reader: its reads so far, this one included (the one before it is `read − 1`). */
  read?: number;
}

export interface ExtractOptions {
  /** Sort out-of-order input (stable). False keeps arrival order (the notebook preset reads arrival order). */
  sort: boolean;
  /** A live query's reader: the rows of earlier windows, so a continuing window reads only its new rows. */
  live?: LiveReader;
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
  const read = options.live ? ++options.live.reads : undefined;
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
  if (frames.length > 0) {
    // an empty packet (e.g. an upstream hiccup) does not throw the kept rows away
    options.live?.retain(new Set(series.map((s) => s.key)));
  }
  return { series, passthrough, read };
}

/** A series' rows as read: typed arrays in processing order, the fields they came from, counts for the notices. */
interface ReadRows {
  times: Float64Array;
  values: Float64Array;
  timeField: Field;
  valueField: Field;
  dropped: number;
  missing: number;
  text: number;
  unsorted: boolean;
  /** Only the new rows were read (`KeptRows.read`). */
  continued: boolean;
}

/** A value cell that is text but no number (counted apart from missing values: the notice says which). */
const isText = (raw: unknown, value: number) => value !== value && typeof raw === 'string' && raw.trim() !== '';

/** Every row of a series (the rows with a time, sorted when asked). `kept`: where a live reader keeps them. */
function readAll(draft: SeriesDraft, sort: boolean, kept: KeptRows | undefined): ReadRows {
  const { times, rows, dropped, unsorted } = readTimes(draft.timeField.values, sort);
  const n = times.length;
  const values = readNumbers(draft.valueField.values, rows, n);
  let { timeField, valueField } = draft;
  if (rows) {
    timeField = pickRows(timeField, rows);
    valueField = pickRows(valueField, rows);
  }
  const textFlags = kept ? new Uint8Array(n) : undefined;
  let missing = 0;
  let text = 0;
  for (let i = 0; i < n; i++) {
    if (values[i] !== values[i]) {
      const t = isText(valueField.values[i], values[i]);
      text += t ? 1 : 0;
      missing += t ? 0 : 1;
      if (textFlags) {
        textFlags[i] = t ? 1 : 0;
      }
    }
  }
  kept?.reset(times, values, textFlags!, text);
  return { times, values, timeField, valueField, dropped, missing, text, unsorted, continued: false };
}

/**
 * A series' rows kept across a live query's windows (a wide frame's, read in time order, every row with a time):
 * a window that continues them is read from its end, only its new rows converted.
 */
class KeptRows {
  private times = new Column(float64);
  private values = new Column(float64);
  private textFlags = new Column(uint8);
  private text = 0;
  /** Kept rows at the last time (the end of the window): more of them in a window means rows were appended there. */
  private atLast = 0;

  reset(times: Float64Array, values: Float64Array, textFlags: Uint8Array, text: number): void {
    this.times = new Column(float64);
    this.values = new Column(float64);
    this.textFlags = new Column(uint8);
    this.atLast = 0;
    this.append(times, values, textFlags);
    this.text = text;
  }

  private append(times: Float64Array, values: Float64Array, textFlags: Uint8Array): void {
    const m = times.length;
    if (m === 0) {
      return;
    }
    const last = times[m - 1];
    let run = 0;
    while (run < m && times[m - 1 - run] === last) {
      run++;
    }
    this.atLast = run === m && this.times.length > 0 && this.times.last() === last ? this.atLast + run : run;
    this.times.push(times);
    this.values.push(values);
    this.textFlags.push(textFlags);
  }

  /**
   * The window's rows when it continues the kept ones, reading only its new rows; else undefined (read it whole).
   * It continues when its rows after the last kept time are in time order, and the rows before them are the kept
   * ones less some dropped at the start: their first time, the rows at the last time (as many as kept: more means
   * rows were appended there) and the last value are checked (O(1) but for repeated times, as Grafana's streaming
   * frames append rows and drop the oldest; a row rewritten in the middle is not looked for, its kept value is the
   * one handed on).
   */
  read(draft: SeriesDraft): ReadRows | undefined {
    const kept = this.times.length;
    if (kept === 0) {
      return undefined;
    }
    const t = draft.timeField.values;
    const v = draft.valueField.values;
    const lastT = this.times.last();
    let from = t.length;
    let next = Infinity;
    for (let time = toMillis(t[from - 1]); from > 0 && time > lastT && time <= next;) {
      from--;
      next = time;
      time = from > 0 ? toMillis(t[from - 1]) : NaN;
    }
    // the earlier rows at the last time: as many as kept, or fewer where the window's start cut into them
    let run = from;
    while (run > 0 && toMillis(t[run - 1]) === lastT) {
      run--;
    }
    const dropped = kept - from;
    const continues =
      dropped >= 0 &&
      (from === 0 ||
        ((from - run === this.atLast || (from - run < this.atLast && run === 0)) &&
          toMillis(t[0]) === this.times.at(dropped) &&
          sameNumber(toNumber(v[from - 1]), this.values.last())));
    if (!continues) {
      return undefined;
    }
    for (let r = 0; r < dropped; r++) {
      this.text -= this.textFlags.at(r);
    }
    this.times.drop(dropped);
    this.values.drop(dropped);
    this.textFlags.drop(dropped);
    this.atLast = Math.min(this.atLast, this.times.length);
    const m = t.length - from;
    const times = new Float64Array(m);
    const values = new Float64Array(m);
    const textFlags = new Uint8Array(m);
    let text = 0;
    for (let r = 0; r < m; r++) {
      times[r] = toMillis(t[from + r]);
      values[r] = toNumber(v[from + r]);
      textFlags[r] = isText(v[from + r], values[r]) ? 1 : 0;
      text += textFlags[r];
    }
    this.append(times, values, textFlags);
    this.text += text;
    const { timeField, valueField } = draft;
    const missing = this.values.nans - this.text;
    return {
      times: this.times.view(),
      values: this.values.view(),
      timeField,
      valueField,
      dropped: 0,
      missing,
      text: this.text,
      unsorted: false,
      continued: true,
    };
  }
}

/**
 * The reading state of one live query run: per series (wide frames only: a long frame's label split reads every
 * row), the rows of the last window, so the next reads only its new rows (`KeptRows.read`). What each emission
 * still touches whatever its window: every frame and field object (Grafana hands new ones per emission) and, per
 * series, its name (`getFieldDisplayName`), its window's first row and the rows from its end back to the first
 * new one.
 */
export class LiveReader {
  private readonly kept = new Map<string, KeptRows>();
  /** Series read whole (the first window, one that did not continue, a long frame), for tests and measurements. */
  wholeReads = 0;
  /** `extractSeries` calls with this reader (`ExtractResult.read`). */
  reads = 0;

  /** A series' rows: only the new ones read when its window continues the kept one. */
  rows(draft: SeriesDraft, sort: boolean): ReadRows {
    let kept = this.kept.get(draft.key);
    const read = draft.rows ? undefined : kept?.read(draft);
    if (read) {
      return read;
    }
    this.wholeReads++;
    kept ??= new KeptRows();
    const all = readAll(draft, sort, draft.rows ? undefined : kept);
    // only a window read in place (in time order, every row with a time) can be continued from its end
    if (draft.rows || all.unsorted || all.dropped > 0) {
      this.kept.delete(draft.key);
    } else {
      this.kept.set(draft.key, kept);
    }
    return all;
  }

  /** Forgets series not in `keys` (a series that left the upstream's answer). */
  retain(keys: Set<string>): void {
    forgetOthers(this.kept, keys);
  }
}

/**
 * One series of a wide frame (a time field and a value field), every row with a time, in time order (stable) —
 * `readTimes` and `readNumbers`' result — through `live` when given: a window that continues the kept rows of
 * `key` is read from its end, only its new rows converted (the times and values are then views of kept columns).
 * `nans`: the values without a number, counted as read (not by a pass over the window).
 */
export function readWide(
  key: string,
  timeField: Field,
  valueField: Field,
  live?: LiveReader
): { times: Float64Array; values: Float64Array; nans: number } {
  const draft = { key, timeField, valueField };
  const { times, values, missing, text } = live ? live.rows(draft, true) : readAll(draft, true, undefined);
  return { times, values, nans: missing + text };
}

function toSeries(
  frame: DataFrame,
  frames: DataFrame[],
  draft: SeriesDraft,
  options: ExtractOptions,
  usedNames: Map<string, number>
): SeriesInput {
  const notices: QueryResultMetaNotice[] = [];
  const { times, values, timeField, valueField, dropped, missing, text, unsorted, continued } = options.live
    ? options.live.rows(draft, options.sort)
    : readAll(draft, options.sort, undefined);
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
    continued,
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
