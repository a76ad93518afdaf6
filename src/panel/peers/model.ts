// Frames → the peers view's model: the series on one time axis, the peers' cluster range, each series' peer score
// and flag, sorted by outlier score. Pure (no React, no DOM). Reads the Bandscope datasource's peer comparison
// when the frames carry it (Compare = peers / both); otherwise compares the frames' series here (src/frames/peers.ts),
// on the main thread or, for big inputs, in the shared worker (./usePeers.ts passes the result in).
import { type DataFrame, type Field, FieldType, getFieldDisplayName } from '@grafana/data';

import { bandTag, isEpisodesFrame, isPeersFrame, peersMeta, peerTag, type PeersFrameMeta } from '../../contract';
import { type Episode, type PopulationParams, type PopulationResult } from '../../detect';
import { episodesOf } from '../../detect/episodes';
import { countOnes } from '../../frames/column';
import { lowerBound } from '../../detect/select';
import { type AlignedSeries, alignSeries, PeersError } from '../../frames/peers';
import { extractSeries, type LiveReader, readNumbers, readTimes, type SeriesInput } from '../../frames/read';
import type { PanelSeries } from './stream';

export interface PeerSeries {
  key: string;
  name: string;
  /** The source value field (unit, decimals). */
  field: Field;
  /** On the model's time axis (NaN where the series has no row). */
  values: Float64Array;
  score: Float64Array;
  outlier: Uint8Array;
  /** Highest peer score in the range: the legend's order (NaN before the comparison). */
  outlierScore: number;
  outlierSteps: number;
  episodes: Episode[];
}

export interface PeersModel {
  times: Float64Array;
  center: Float64Array;
  low: Float64Array;
  high: Float64Array;
  /** Sorted by outlier score, highest first (ties: input order). */
  series: PeerSeries[];
  origin: 'datasource' | 'panel';
  /** False for the crowd alone (`crowdModel`): the values, drawn while the comparison runs. */
  compared: boolean;
  notices: string[];
}

/** What the panel compares: its frames' series on one axis (compare them, then `peersModel`). */
export interface PeersInput {
  series: SeriesInput[];
  aligned: AlignedSeries;
}

/** Without the episodes, the peers frame and any Bandscope-added field: the frames' own series. */
function sourceFrames(frames: DataFrame[]): DataFrame[] {
  return frames
    .filter((f) => !isEpisodesFrame(f) && !isPeersFrame(f))
    .map((f) => ({ ...f, fields: f.fields.filter((x) => !bandTag(x) && !peerTag(x)) }));
}

/**
 * The series of plain frames (or Bandscope frames without a peer comparison): throws PeersError. `live`: a
 * refreshing panel's reader (one per mounted panel), so a window that continues the previous refresh's is read
 * from its end, only its new rows converted (src/frames/read.ts); the result is the same as a whole read's.
 */
export function panelSeries(frames: DataFrame[], live?: LiveReader): PanelSeries {
  const { series, read } = extractSeries(sourceFrames(frames), { sort: true, live });
  if (series.length === 0) {
    throw new PeersError('the query returned no time series with numbers');
  }
  return { series, read };
}

/** `panelSeries`, aligned (O(window): the crowd before the first comparison, tests). */
export function peersInput(frames: DataFrame[], live?: LiveReader): PeersInput {
  const { series } = panelSeries(frames, live);
  return { series, aligned: alignSeries(series) };
}

function sorted(series: PeerSeries[]): PeerSeries[] {
  return series
    .map((s, i) => [s, i] as const)
    .sort((a, b) => b[0].outlierScore - a[0].outlierScore || a[1] - b[1])
    .map(([s]) => s);
}

/**
 * The model from a population result over `input` (computed here or in the worker). `outlierSteps`: each series'
 * flagged steps when already counted (a stream keeps them), else counted here.
 */
export function peersModel(
  input: PeersInput,
  result: Omit<PopulationResult, 'episodes'> & { episodes?: Episode[][] },
  notices: string[],
  outlierSteps?: readonly number[]
): PeersModel {
  const { series, aligned } = input;
  return {
    times: aligned.times,
    center: result.center,
    low: result.low,
    high: result.high,
    series: sorted(
      series.map((s, i) => ({
        key: s.key,
        name: s.name,
        field: s.valueField,
        values: aligned.values[i],
        score: result.score[i],
        outlier: result.anomaly[i],
        outlierScore: result.outlierScore[i],
        outlierSteps: outlierSteps?.[i] ?? countOnes(result.anomaly[i]),
        episodes: result.episodes?.[i] ?? episodesOf(aligned.times, result.score[i], result.anomaly[i], 0),
      }))
    ),
    origin: 'panel',
    compared: true,
    notices,
  };
}

const byName = new Intl.Collator(undefined, { numeric: true });

/**
 * The crowd alone, drawn while the comparison runs: every series' values, sorted by name (pod-2 before pod-10),
 * no range, scores or flags (NaN, 0). One shared NaN array and one shared zero array: nothing per series.
 */
export function crowdModel(input: PeersInput): PeersModel {
  const { series, aligned } = input;
  const nan = new Float64Array(aligned.times.length).fill(NaN);
  const none = new Uint8Array(aligned.times.length);
  return {
    times: aligned.times,
    center: nan,
    low: nan,
    high: nan,
    series: series
      .map((s, i) => ({
        key: s.key,
        name: s.name,
        field: s.valueField,
        values: aligned.values[i],
        score: nan,
        outlier: none,
        outlierScore: NaN,
        outlierSteps: 0,
        episodes: [],
      }))
      .sort((a, b) => byName.compare(a.name, b.name)),
    origin: 'panel',
    compared: false,
    notices: [],
  };
}

/** The Bandscope datasource's peer comparison (Compare = peers / both), or undefined when the frames have none. */
export function datasourcePeers(frames: DataFrame[]): PeersModel | undefined {
  const range = frames.find(isPeersFrame);
  const rangeMeta = range && peersMeta(range);
  if (!range || !rangeMeta) {
    return undefined;
  }
  const timeField = range.fields.find((f) => f.type === FieldType.time);
  const role = (frame: DataFrame, r: string) => frame.fields.find((f) => peerTag(f)?.role === r);
  const { times: axis } = readTimes(timeField?.values ?? [], true);
  const m = axis.length;
  const column = (r: string) => readNumbers(role(range, r)?.values ?? [], null, m);
  const series: PeerSeries[] = [];
  frames.forEach((frame, fi) => {
    const meta: PeersFrameMeta | undefined = peersMeta(frame);
    const score = role(frame, 'peerScore');
    const flag = role(frame, 'peerOutlier');
    const time = frame.fields.find((f) => f.type === FieldType.time);
    const field = frame.fields.find((f) => f.type === FieldType.number && !bandTag(f) && !peerTag(f));
    if (frame === range || !meta || !score || !flag || !time || !field) {
      return;
    }
    const { times, rows } = readTimes(time.values, true);
    const own = {
      values: readNumbers(field.values, rows, times.length),
      score: readNumbers(score.values, rows, times.length),
      flag: readNumbers(flag.values, rows, times.length),
    };
    const values = new Float64Array(m).fill(NaN);
    const scores = new Float64Array(m).fill(NaN);
    const outlier = new Uint8Array(m);
    for (let r = 0; r < times.length; r++) {
      const step = lowerBound(axis, 0, m, times[r]);
      if (axis[step] === times[r]) {
        values[step] = own.values[r];
        scores[step] = own.score[r];
        outlier[step] = own.flag[r] > 0 ? 1 : 0;
      }
    }
    series.push({
      key: `${fi}/${field.name}`,
      name: getFieldDisplayName(field, frame, frames),
      field,
      values,
      score: scores,
      outlier,
      outlierScore: meta.outlierScore ?? 0,
      outlierSteps: countOnes(outlier),
      episodes: episodesOf(axis, scores, outlier, meta.params.episodeGap),
    });
  });
  return {
    times: axis,
    center: column('peerCenter'),
    low: column('peerLow'),
    high: column('peerHigh'),
    series: sorted(series),
    origin: 'datasource',
    compared: true,
    notices: (range.meta?.notices ?? []).map((n) => n.text),
  };
}

export type { PopulationParams };
