// Panel options of the Bandscope panel, typed, and their defaults, declared once (the option builders in
// module.ts and map/options.ts, and the views, read DEFAULT_OPTIONS). Detector parameters left undefined use the
// preset's defaults. Saved options carry `schemaVersion` (src/schema.ts; migrations.ts brings older ones up).
import {
  DEFAULT_PRESET,
  type DetectorParams,
  type ParamKey,
  POPULATION_DEFAULTS,
  type PopulationParams,
  type PresetName,
} from '../detect';
import type { BucketChoice } from '../weblog/buckets';
import type { ColorHue, ScaleType } from './map/model';

export type ViewMode = 'bands' | 'map' | 'combined' | 'peers';
export type SeriesLayout = 'overlay' | 'multiples';

// the detector parameters a user can set in the panel (season only matters for the seasonal preset)
export { PARAM_KEYS, type ParamKey } from '../detect';

export interface DetectorOptions extends Partial<Pick<DetectorParams, ParamKey>> {
  preset: PresetName;
}

export interface BandDrawOptions {
  layout: SeriesLayout;
  showBand: boolean;
  showPrediction: boolean;
  showEpisodes: boolean;
  showLegend: boolean;
  /** Marker radius in CSS pixels. */
  markerSize: number;
}

/** What colours the countries: request counts, or how unusual each country's requests are (its own band's score). */
export type MapMode = 'volume' | 'anomaly';

/** The map's options, stored under `options.map` of the panel. */
export interface MapOptions {
  mode: MapMode;
  /** Colour hue of the sequential scale (the theme's shades of it). */
  color: ColorHue;
  scale: ScaleType;
  /** Draw the heat overlay on top of the choropleth. */
  heat: boolean;
  /** Bucket width when the panel parses raw lines / rows itself (aggregated input keeps its buckets). */
  bucket: BucketChoice;
  /** What the map shows first: all buckets summed, or the first/last bucket. */
  start: 'all' | 'first' | 'last';
  /** Buckets per second while playing. */
  speed: number;
  loop: boolean;
  showLegend: boolean;
}

export interface BandscopeOptions extends DetectorOptions, BandDrawOptions {
  /** Schema of the saved options (src/schema.ts); absent in what 0.1.0 saved. */
  schemaVersion?: number;
  view: ViewMode;
  map: MapOptions;
  /** The peers view's comparison (frames without the Bandscope datasource's own): cluster width k, window. */
  peers: Pick<PopulationParams, 'k' | 'window'>;
}

export const DEFAULT_OPTIONS: Readonly<BandscopeOptions> = Object.freeze({
  view: 'bands',
  preset: DEFAULT_PRESET,
  layout: 'overlay',
  showBand: true,
  showPrediction: true,
  showEpisodes: true,
  showLegend: true,
  markerSize: 4,
  map: Object.freeze({
    mode: 'volume',
    color: 'blue',
    scale: 'log',
    heat: false,
    bucket: 'auto',
    start: 'all',
    speed: 2,
    loop: true,
    showLegend: true,
  }),
  peers: Object.freeze({ k: POPULATION_DEFAULTS.k, window: POPULATION_DEFAULTS.window }),
});

const defined = <T extends object>(o: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;

/**
 * The options with DEFAULT_OPTIONS where a key is missing: Grafana fills in the builder's defaults, but a
 * provisioned or hand-edited dashboard, or a view rendered on its own, may lack any key.
 */
export function withDefaults(options: Partial<BandscopeOptions> | undefined): BandscopeOptions {
  return {
    ...DEFAULT_OPTIONS,
    ...defined(options),
    map: { ...DEFAULT_OPTIONS.map, ...defined(options?.map) },
    peers: { ...DEFAULT_OPTIONS.peers, ...defined(options?.peers) },
  };
}
