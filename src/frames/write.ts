// Writing frames: the datasource's output frame per series (source fields kept, the contract's band fields added
// with the styling that makes Grafana's Time series panel draw the band) and the episodes frame, which the
// datasource's bands and web-log modes share and annotation queries read.
import {
  type DataFrame,
  type Field,
  type FieldConfig,
  FieldType,
  MappingType,
  type QueryResultMetaNotice,
  type QueryResultMetaStat,
} from '@grafana/data';

import {
  type BandOutputs,
  bandDisplayName,
  type BandRole,
  type BandscopeFrameMeta,
  EPISODES_FRAME_NAME,
  FORECAST_ROLE,
  PEER_FIELDS,
  PEERS_FRAME_FIELDS,
  PEERS_FRAME_NAME,
  PEERS_META_KEY,
  peersDisplayName,
  type PeersFrameMeta,
  type PeersFrameRole,
  selectedRoles,
} from '../contract';
import type { Episode, Forecast } from '../detect';
import type { SeriesInput } from './read';

/** Detector output for one series, aligned with `SeriesInput.times`. */
export interface BandColumns {
  predicted: ArrayLike<number>;
  low: ArrayLike<number>;
  high: ArrayLike<number>;
  score: ArrayLike<number>;
  anomaly: ArrayLike<number>;
  /** Per column, whether it holds a NaN, where the caller knows without reading it (see `columnValues`). */
  gaps?: Partial<Record<BandRole, boolean>>;
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

/**
 * Detector column → field values. A typed array of the field's length known to hold no NaN (`gaps` false: a live
 * query's kept view, whose NaN were counted as they came) goes out as it is — O(1), Grafana's Time series takes
 * typed arrays (its join's `AlignedData` and uPlot do). Otherwise NaN (no estimate) becomes null in a new array,
 * which Grafana draws as a gap: a typed array cannot hold null, and Grafana's Time series panel replaces
 * non-finite values with null in a copy of the same type (`values.slice()`), which for a typed array is 0.
 */
function columnValues(col: ArrayLike<number>, n: number, gaps = true): Array<number | null> {
  if (!gaps && ArrayBuffer.isView(col) && col.length === n) {
    // Field.values is typed T[]; readers index it, as they do an array. Serialised (a dashboard snapshot, the
    // inspector's DataFrame JSON: `dataFrameToJSON` keeps `values` as they are), a typed array would become an
    // object of indices, so this view says to write it as an array — a copy made only then.
    Object.defineProperty(col, 'toJSON', { value: typedToJSON });
    return col as unknown as number[];
  }
  const out = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const v = col[i];
    out[i] = v === v ? v : null;
  }
  return out;
}

function typedToJSON(this: ArrayLike<number>): number[] {
  return Array.from(this);
}

export interface BandFrameOptions {
  meta: BandscopeFrameMeta;
  outputs?: BandOutputs;
  notices?: QueryResultMetaNotice[];
  /** Shown in Grafana's query inspector (e.g. points the detector processed for this emission). */
  stats?: QueryResultMetaStat[];
  /** Future rows after the source's (contract: FORECAST_ROLE), with the horizon they were asked for. */
  forecast?: { horizonMs: number; points: Forecast };
}

/** The field marking future rows: 0/1, shown as "observed"/"forecast" in tooltips, not drawn, not in legends. */
function forecastField(series: SeriesInput, n: number, future: number): Field {
  const values = new Array<number>(n + future).fill(0, 0, n).fill(1, n);
  return {
    name: FORECAST_ROLE,
    type: FieldType.number,
    values,
    labels: series.valueField.labels,
    config: {
      displayNameFromDS: bandDisplayName(series.name, FORECAST_ROLE),
      min: 0,
      max: 1,
      mappings: [{ type: MappingType.ValueToText, options: { 0: { text: 'observed' }, 1: { text: 'forecast' } } }],
      custom: {
        bandscope: { role: FORECAST_ROLE, source: series.valueField.name },
        axisPlacement: 'hidden',
        lineWidth: 0,
        showPoints: 'never',
        hideFrom: { legend: true, tooltip: false, viz: true },
      },
    },
  };
}

/**
 * Output frame for one series: source time and value fields, then the selected added fields; with a forecast,
 * its rows follow the source's (value, score and anomaly null) and a last field marks them.
 */
export function buildBandFrame(series: SeriesInput, columns: BandColumns, options: BandFrameOptions): DataFrame {
  const n = series.times.length;
  const ahead = options.forecast?.points;
  const future = ahead?.times.length ?? 0;
  const nulls = new Array<null>(future).fill(null);
  const fields: Field[] =
    future === 0
      ? [series.timeField, series.valueField]
      : [
          // the source's times as ms (it may have held strings or dates), then the future ones
          { ...series.timeField, values: [...series.times, ...ahead!.times] },
          { ...series.valueField, values: [...series.valueField.values, ...nulls] },
        ];
  for (const role of selectedRoles(options.outputs)) {
    const col = columns[role];
    // flags are 0/1, never NaN; the rest are as `gaps` says (with a forecast, the future rows follow: a copy)
    const gaps = future > 0 || (role !== 'anomaly' && columns.gaps?.[role] !== false);
    const values = columnValues(col, n, gaps);
    if (future > 0) {
      const tail =
        role === 'predicted' || role === 'low' || role === 'high' ? columnValues(ahead![role], future) : nulls;
      values.push(...tail);
    }
    fields.push({
      name: role,
      type: FieldType.number,
      values,
      labels: series.valueField.labels,
      config: bandFieldConfig(role, series.name, series.valueField),
    });
  }
  if (future > 0) {
    fields.push(forecastField(series, n, future));
  }
  const forecastMeta =
    options.forecast && n > 0 ? { forecast: { horizonMs: options.forecast.horizonMs, from: series.times[n - 1] } } : {};
  return seriesFrame(series, fields, n + future, {
    ...options,
    custom: { bandscope: { ...options.meta, series: series.name, refId: series.refId, ...forecastMeta } },
  });
}

/** A series' output frame: its fields, the source meta kept (its notices merged), stats and `custom` added. */
function seriesFrame(
  series: SeriesInput,
  fields: Field[],
  length: number,
  options: Pick<BandFrameOptions, 'notices' | 'stats'> & { custom: Record<string, unknown> }
): DataFrame {
  const notices = [...series.notices, ...(options.notices ?? [])];
  const { notices: _sourceNotices, ...sourceMeta } = series.sourceMeta ?? {};
  return {
    name: series.frameName,
    refId: series.refId,
    length,
    fields,
    meta: {
      ...sourceMeta,
      ...(notices.length > 0 ? { notices } : {}),
      ...(options.stats ? { stats: [...(sourceMeta.stats ?? []), ...options.stats] } : {}),
      custom: { ...sourceMeta.custom, ...options.custom },
    },
  };
}

/** One series' peer comparison at its own rows (contract PEER_FIELDS). */
export interface PeerColumns {
  peerScore: ArrayLike<number>;
  peerOutlier: ArrayLike<number>;
  /** Whether the score holds a NaN (a step without a comparison), where the caller knows (see `columnValues`). */
  scoreGaps?: boolean;
}

/** Grey: the crowd's colour in the panel's peers view and Grafana's Time series alike. */
const PEERS_COLOR = 'gray';

/** Peer score and flag: tooltip values on a hidden axis, as `score` and `anomaly`. */
function peerFields(series: SeriesInput, columns: PeerColumns, length: number): Field[] {
  const n = series.times.length;
  return PEER_FIELDS.map((role) => {
    const gaps = length > n || (role === 'peerScore' && columns.scoreGaps !== false);
    const values = columnValues(columns[role], n, gaps);
    if (length > n) {
      values.length = length; // rows past the series' own (a forecast's) have no peer comparison
      values.fill(null, n);
    }
    const outlier = role === 'peerOutlier';
    return {
      name: role,
      type: FieldType.number,
      values,
      labels: series.valueField.labels,
      config: {
        displayNameFromDS: bandDisplayName(series.name, role),
        unit: outlier ? 'bool' : 'none',
        min: 0,
        max: outlier ? 1 : 100,
        decimals: outlier ? 0 : 1,
        color: { mode: 'fixed', fixedColor: outlier ? 'red' : 'orange' },
        custom: {
          bandscope: { role, source: series.valueField.name },
          axisPlacement: 'hidden',
          lineWidth: 0,
          showPoints: 'never',
          hideFrom: { legend: true, tooltip: false, viz: true },
        },
      },
    };
  });
}

/**
 * A series' frame with its peer comparison: after a band frame's fields (Compare = both: `withBands`), or after
 * the source fields alone (Compare = peers: no band fields, no `meta.custom.bandscope`).
 */
export function buildPeerFrame(
  series: SeriesInput,
  columns: PeerColumns,
  meta: PeersFrameMeta,
  withBands?: DataFrame,
  options: Pick<BandFrameOptions, 'notices' | 'stats'> = {}
): DataFrame {
  const custom = { [PEERS_META_KEY]: meta };
  if (withBands) {
    return {
      ...withBands,
      fields: [...withBands.fields, ...peerFields(series, columns, withBands.length)],
      meta: { ...withBands.meta, custom: { ...withBands.meta?.custom, ...custom } },
    };
  }
  const n = series.times.length;
  return seriesFrame(series, [series.timeField, series.valueField, ...peerFields(series, columns, n)], n, {
    ...options,
    custom,
  });
}

/** The cluster-range frame (contract PEERS_FRAME_FIELDS): Grafana's Time series shades low–high in grey. */
export function buildPeersFrame(
  times: ArrayLike<number>,
  range: Record<PeersFrameRole, ArrayLike<number>>,
  meta: PeersFrameMeta,
  notices: QueryResultMetaNotice[] = [],
  /** Whether the cluster range (center, low, high) holds a NaN, where the caller knows (see `columnValues`). */
  rangeGaps = true
): DataFrame {
  const n = times.length;
  const name = (role: PeersFrameRole) => peersDisplayName(meta.refId, role);
  const tag = (role: PeersFrameRole) => ({ bandscope: { role, source: PEERS_FRAME_NAME } });
  const edge = { ...{ lineWidth: 0, showPoints: 'never' }, hideFrom: { legend: true, tooltip: false, viz: false } };
  const custom: Record<PeersFrameRole, Record<string, unknown>> = {
    peerCenter: { lineWidth: 1, lineStyle: { fill: 'dash', dash: [4, 4] }, fillOpacity: 0, showPoints: 'never' },
    peerLow: { ...edge, fillOpacity: 0 },
    peerHigh: { ...edge, fillOpacity: 15, fillBelowTo: name('peerLow') },
    peerCount: {
      axisPlacement: 'hidden',
      lineWidth: 0,
      showPoints: 'never',
      hideFrom: { legend: true, tooltip: false, viz: true },
    },
  };
  return {
    name: PEERS_FRAME_NAME,
    refId: meta.refId,
    length: n,
    fields: [
      { name: 'time', type: FieldType.time, values: columnValues(times, n, !ArrayBuffer.isView(times)), config: {} },
      ...PEERS_FRAME_FIELDS.map((role) => ({
        name: role,
        type: FieldType.number,
        values: columnValues(range[role], n, role !== 'peerCount' && rangeGaps),
        config: {
          displayNameFromDS: name(role),
          color: { mode: 'fixed', fixedColor: PEERS_COLOR },
          ...(role === 'peerCount' ? { decimals: 0, min: 0 } : {}),
          custom: { ...tag(role), ...custom[role] },
        },
      })),
    ],
    meta: { ...(notices.length > 0 ? { notices } : {}), custom: { [PEERS_META_KEY]: meta } },
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
