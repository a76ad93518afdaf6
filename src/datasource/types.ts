// The Bandscope query model and datasource settings (jsonData).
import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery, DataSourceRef } from '@grafana/schema';

import type { BandOutputs } from '../contract';
import type { ParamKey, PresetName } from '../detect';
import type { WeblogOptions } from './weblog';

export type QueryMode = 'bands' | 'weblog';

/**
 * What a series is compared with: `history` (default; absent in queries saved before schema 3): its own past, the
 * band. `peers`: the other series of the query at the same time (population outliers). `both`: both.
 */
export type CompareMode = 'history' | 'peers' | 'both';
export const COMPARE_MODES: readonly CompareMode[] = ['history', 'peers', 'both'];

/** Settings of the peer comparison (numbers or `$variables`); blank = the population detector's default. */
export type PeerSettings = Partial<Record<'k' | 'window', ParamValue>>;

/** A parameter as stored: a number, or text that may hold a dashboard variable (`$alpha`). Empty = default. */
export type ParamValue = number | string;

export interface BandscopeQuery extends DataQuery {
  /** Schema of the saved query (src/schema.ts); absent in what 0.1.0 saved. */
  schemaVersion?: number;
  /** `bands` (default): bands on the upstream's series. `weblog`: count log lines per bucket first, then bands. */
  mode?: QueryMode;
  /**
   * The upstream datasource. The query's own `datasource` field stays Bandscope's. Falls back to the default
   * upstream.
   */
  upstream?: DataSourceRef;
  /** The upstream's own query, edited with the upstream's QueryEditor and forwarded as is (refId is replaced). */
  upstreamQuery?: DataQuery;
  /** Detector preset or a dashboard variable holding one; falls back to the datasource default. */
  preset?: PresetName | string;
  /** Detector parameters (numbers or `$variables`); absent/empty → datasource default → preset default. */
  params?: Partial<Record<ParamKey, ParamValue>>;
  /** Which added fields to return (all when absent). */
  outputs?: BandOutputs;
  /** Also return the episodes as a separate frame (`bandscope-episodes`). */
  episodes?: boolean;
  /**
   * Forecast horizon: a duration (`1h`, `1d`, ms) or a `$variable`; blank/absent = no forecast. Adds future rows
   * to the band fields (contract FORECAST_ROLE). Only presets with a model of the future (FORECAST_PRESETS).
   */
  forecast?: ParamValue;
  /** Bands mode: compare each series with its own history (default), with its peers, or both. */
  compare?: CompareMode;
  /** The peer comparison's cluster-range width k and persistence window (Compare = peers or both). */
  peers?: PeerSettings;
  /** Web-log mode options (bucket size; the other fields belong to the web-log mode). */
  weblog?: WeblogOptions;
}

export interface BandscopeJsonData extends DataSourceJsonData {
  /** Upstream used by queries that do not pick one; `testDatasource` checks it. */
  defaultUpstream?: DataSourceRef;
  /** Preset used by queries that do not pick one (`ewma` when absent). */
  defaultPreset?: PresetName;
  /** Parameter defaults for queries that leave a parameter empty. */
  defaultParams?: Partial<Record<ParamKey, ParamValue>>;
}
