// Frames → per-series typed arrays with bands. Pure (no React, no DOM): reads Bandscope fields when a frame
// carries them (Bandscope datasource output), otherwise runs the detector with the panel's options. Times and
// numbers are read as the datasource reads them (frames/read.ts): rows without a time dropped, sorted stably.
import { type DataFrame, type Field, FieldType, getFieldDisplayName } from '@grafana/data';

import {
  bandscopeMeta,
  bandTag,
  isEpisodesFrame,
  isPeersFrame,
  peerTag,
  type TagRole,
  unitBounds,
} from '../../contract';
import { type BatchResult, createDetector, defaultParams, type Episode, type PresetName } from '../../detect';
import { episodesOf } from '../../detect/episodes';
import { countNaN, countOnes } from '../../frames/column';
import { type LiveReader, readNumbers, readTimes, readWide, type TimeColumn } from '../../frames/read';
import { detectorParams, type ParamProblem, paramProblems } from './params';
import { pairRecorded, type RecordedBand, recordedColumns } from './recorded';
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
  /** Number of points without a value (drawn as gaps), forecast rows not counted. */
  missing: number;
  /** Index of the first forecast row (contract FORECAST_ROLE): rows from here on are future; length when none. */
  forecastFrom: number;
  /** Where the bands come from: the Bandscope datasource, the panel's detector, or series a rule engine recorded. */
  origin: 'datasource' | 'panel' | 'recorded';
  /** The preset that computed them; for recorded bands the rule group (`bandscope:NAME`, `anomaly`). */
  preset: PresetName | string;
}

export type ProblemKind =
  'no-data' | 'empty-frame' | 'no-time' | 'text-field' | 'no-numbers' | 'single-point' | 'bad-params' | 'unpaired-band';

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

function frameLabel(frame: DataFrame, index: number): string {
  return frame.name ?? frame.refId ?? `frame ${index + 1}`;
}

/** Episodes from anomaly flags and scores (for precomputed bands), with the same merging rule as the engine. */
/** The first row marked as forecast (future rows follow the source's, so all after it are future too); n if none. */
function firstFuture(mark: Field, rows: ArrayLike<number> | null, n: number): number {
  const flags = readNumbers(mark.values, rows, n);
  for (let i = 0; i < n; i++) {
    if (flags[i] === 1) {
      return i;
    }
  }
  return n;
}

type BandRoles = Record<'predicted' | 'low' | 'high' | 'score' | 'anomaly', Field> & Partial<Record<TagRole, Field>>;

/** A source's datasource band fields, when it has all of them. */
function bandRoles(roles: Partial<Record<TagRole, Field>> | undefined): BandRoles | undefined {
  return roles?.predicted && roles.low && roles.high && roles.score && roles.anomaly ? (roles as BandRoles) : undefined;
}

/** A series as read from the frames, before the bands that depend on the detector options. */
export interface SeriesSource {
  key: string;
  name: string;
  field: Field;
  times: Float64Array;
  values: Float64Array;
  /** The Bandscope datasource's bands, drawn as they are. */
  given?: Omit<BandSeries, 'key' | 'name' | 'field' | 'times' | 'values' | 'missing' | 'anomalyCount'>;
  /** Bands a rule engine recorded for this series (recorded.ts): one drawn series each. */
  recorded?: RecordedBand[];
  /** Values without a number, when the reader counted them (a live read counts only its new rows). */
  nans?: number;
}

/** A source's bands from the panel's detector; `anomalyCount` when the caller kept it (a refresh's stream). */
export type Detected = BatchResult & { anomalyCount?: number };

export interface ReadSeries {
  sources: SeriesSource[];
  problems: DataProblem[];
}

/**
 * The frames' series with what they carry (the datasource's bands, recorded bands); what the panel's detector
 * must compute is left to `bandSeries`, so a change of the detector options reads nothing again. `live`: a
 * refreshing panel's reader (one per mounted panel): a series for the panel's detector whose window continues the
 * previous refresh's is read from its end, only its new rows converted — the same numbers as a whole read.
 */
export function readSeries(frames: DataFrame[], live?: LiveReader): ReadSeries {
  const problems: DataProblem[] = [];
  const sources: SeriesSource[] = [];
  // the episodes and the peers' cluster range are not series of their own
  const data = frames.filter((f) => !isEpisodesFrame(f) && !isPeersFrame(f));
  if (data.length === 0) {
    return { sources, problems: [{ kind: 'no-data', message: 'No data: the query returned no frames.' }] };
  }
  const recorded = pairRecorded(data);
  const liveKeys = new Set<string>();
  problems.push(...recorded.problems.map((message) => ({ kind: 'unpaired-band' as const, message })));
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
    const tagged = new Map<string, Partial<Record<TagRole, Field>>>();
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
      (f) =>
        f !== timeField &&
        f.type === FieldType.number &&
        !(meta && bandTag(f)) &&
        !peerTag(f) &&
        !recorded.consumed.has(f)
    );
    if (valueFields.length === 0 && frame.fields.some((f) => recorded.consumed.has(f))) {
      return; // a recorded band, drawn with its source
    }
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
    let whole: TimeColumn | undefined;
    for (const field of valueFields) {
      const name = getFieldDisplayName(field, frame, frames);
      const key = `${fi}/${field.name}`;
      const recordedBands = recorded.bands.get(field);
      const roles = recordedBands || !meta ? undefined : bandRoles(tagged.get(field.name));
      // the panel's detector's series through the live reader; the others read whole, the frame's times once
      const plain = live && !roles && !recordedBands ? readWide(key, timeField, field, live) : undefined;
      if (plain) {
        liveKeys.add(key);
      } else {
        whole ??= readTimes(timeField.values, true);
      }
      const times = plain?.times ?? whole!.times;
      const n = times.length;
      if (n < 2) {
        problems.push({
          kind: 'single-point',
          message: `"${name}" has ${n === 1 ? 'a single point' : 'no points'}; a band needs at least 2.`,
        });
        continue;
      }
      const source: SeriesSource = {
        key,
        name,
        field,
        times,
        values: plain?.values ?? readNumbers(field.values, whole!.rows, n),
        nans: plain?.nans,
        recorded: recordedBands,
      };
      if (roles && meta) {
        const { rows } = whole!;
        const score = readNumbers(roles.score.values, rows, n);
        const anomalyF = readNumbers(roles.anomaly.values, rows, n);
        const anomaly = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          anomaly[i] = anomalyF[i] > 0 ? 1 : 0;
        }
        source.given = {
          predicted: readNumbers(roles.predicted.values, rows, n),
          low: readNumbers(roles.low.values, rows, n),
          high: readNumbers(roles.high.values, rows, n),
          score,
          anomaly,
          episodes: episodesOf(times, score, anomaly, meta.params?.episodeGap ?? 0),
          forecastFrom: roles.forecast ? firstFuture(roles.forecast, rows, n) : n,
          origin: 'datasource',
          preset: meta.preset,
        };
      }
      sources.push(source);
    }
  });
  live?.retain(liveKeys);
  return { sources, problems };
}

/** The sources whose bands the panel's detector computes (no datasource or recorded bands), in order. */
export function toDetect(read: ReadSeries): SeriesSource[] {
  return read.sources.filter((s) => !s.given && !s.recorded);
}

/**
 * Builds the drawable series. Sources with the datasource's bands keep its numbers; recorded band series
 * (recorded.ts) become their source series' band; the others get bands from `detected` (the bands of
 * `toDetect(read)`'s i-th source, e.g. computed in a worker) or, without it, from
 * `createDetector(options.preset, options)` here. Problems name the frame or field.
 */
export function bandSeries(
  read: ReadSeries,
  options: DetectorOptions,
  detected?: (i: number) => Detected
): SeriesModel {
  const series: BandSeries[] = [];
  const badParams = paramProblems(options);
  const params = badParams.length === 0 ? detectorParams(options) : undefined;
  let needParams = false;
  // a recorded score flags at the alert's threshold: the panel's, else the rule preset's default
  const threshold = options.threshold ?? defaultParams('window').threshold;
  let detectIndex = 0;
  for (const source of read.sources) {
    const { key, name, field, times, values } = source;
    const n = times.length;
    const base = { name, field, times, values };
    if (source.recorded) {
      for (const band of source.recorded) {
        const columns = recordedColumns(band, times, values, threshold);
        series.push({
          ...base,
          ...columns,
          key: `${key}/${band.group}`,
          forecastFrom: n,
          missing: countNaN(values),
          episodes: episodesOf(times, columns.score, columns.anomaly, options.episodeGap ?? 0),
          anomalyCount: countOnes(columns.anomaly),
          origin: 'recorded',
          preset: band.group,
        });
      }
      continue;
    }
    let s: Omit<BandSeries, 'key' | 'name' | 'field' | 'times' | 'values' | 'missing' | 'anomalyCount'>;
    let anomalyCount: number | undefined;
    if (source.given) {
      s = source.given;
    } else if (params) {
      const result = detected
        ? detected(detectIndex++)
        : createDetector(options.preset, { ...params, ...unitBounds(field.config.unit) }).run(times, values);
      const { anomalyCount: kept, ...bands } = result as Detected;
      anomalyCount = kept;
      s = { ...bands, forecastFrom: n, origin: 'panel', preset: options.preset };
    } else {
      needParams = true; // invalid options: reported once through paramProblems
      continue;
    }
    series.push({
      ...s,
      ...base,
      key,
      // counted as read and kept on a refreshing panel (no pass over the window), else here
      missing: source.nans ?? countNaN(values, 0, s.forecastFrom),
      anomalyCount: anomalyCount ?? countOnes(s.anomaly),
    });
  }
  // Invalid options only matter for series the panel computes (datasource bands are drawn regardless), and
  // where there is nothing to draw.
  const noData = read.sources.length === 0 && read.problems[0]?.kind === 'no-data';
  return { series, problems: read.problems, paramProblems: needParams || noData ? badParams : [] };
}

/** `bandSeries(readSeries(frames), options)`: frames to drawable series, the detector run here. */
export function framesToSeries(frames: DataFrame[], options: DetectorOptions): SeriesModel {
  return bandSeries(readSeries(frames), options);
}
