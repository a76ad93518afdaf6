// Panel options of the Bandscope panel. Detector parameters left undefined use the preset's defaults.
import type { DetectorParams, ParamKey, PresetName } from '../detect/types';

export type ViewMode = 'bands' | 'map' | 'combined';
export type SeriesLayout = 'overlay' | 'multiples';

// the detector parameters a user can set in the panel (season only matters for the seasonal preset)
export { PARAM_KEYS, type ParamKey } from '../detect/types';

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

export interface BandscopeOptions extends DetectorOptions, BandDrawOptions {
  view: ViewMode;
  // The map options (src/panel/map/options.ts) live on the same object.
  [key: string]: unknown;
}

export const DEFAULT_DRAW: BandDrawOptions = {
  layout: 'overlay',
  showBand: true,
  showPrediction: true,
  showEpisodes: true,
  showLegend: true,
  markerSize: 4,
};
