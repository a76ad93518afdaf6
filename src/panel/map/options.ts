import { type PanelOptionsEditorBuilder } from '@grafana/data';

import { type BucketChoice, BUCKETS } from '../../weblog/buckets';
import { addRadio, addSwitches, choices } from '../optionBuilders';
import { COLOR_HUES, type ColorHue, type ScaleType } from './model';

/** The map's options, stored under `options.map` of the panel. */
export interface MapOptions {
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

const DEFAULT_MAP_OPTIONS: MapOptions = {
  color: 'blue',
  scale: 'log',
  heat: false,
  bucket: 'auto',
  start: 'all',
  speed: 2,
  loop: true,
  showLegend: true,
};

export const SPEEDS = [0.5, 1, 2, 4, 8];

/** The map options of a panel's options object (`options.map`), defaults filled in. */
export function mapOptionsOf(options: unknown): MapOptions {
  const map = (options as { map?: Partial<MapOptions> } | undefined)?.map ?? {};
  return { ...DEFAULT_MAP_OPTIONS, ...map };
}

const showFor = (o: unknown) => {
  const view = (o as { view?: string } | undefined)?.view;
  return view === undefined || view === 'map' || view === 'combined';
};

/** Adds the map's panel options (paths `map.*`) to the builder, shown for the map and combined views. */
export function addMapOptions<T>(builder: PanelOptionsEditorBuilder<T>, category: string[]): void {
  const b = builder as unknown as PanelOptionsEditorBuilder<{ map: MapOptions; view?: string }>;
  const g = { category, showIf: showFor };
  const d = DEFAULT_MAP_OPTIONS;
  b.addSelect({
    path: 'map.color',
    name: 'Colour',
    description: 'Hue of the sequential colour scale (the theme’s shades of it): more requests, darker.',
    category,
    defaultValue: d.color,
    settings: { options: choices(COLOR_HUES.map((h) => [h, h[0].toUpperCase() + h.slice(1)] as const)) },
    showIf: showFor,
  });
  addRadio(b, g, {
    path: 'map.scale',
    name: 'Scale',
    description: 'Logarithmic keeps small countries visible next to a dominant one.',
    defaultValue: d.scale,
    options: [
      ['log', 'Log'],
      ['sqrt', 'Square root'],
      ['linear', 'Linear'],
    ],
  });
  addSwitches(b, g, [
    {
      path: 'map.heat',
      name: 'Heat overlay',
      description: 'Blurred heat over each country’s main centroid.',
      defaultValue: d.heat,
    },
  ]);
  addRadio(b, g, {
    path: 'map.bucket',
    name: 'Bucket',
    description:
      'Time bucket when the panel parses raw log lines or IP rows itself. Auto: the finest that fits 500 buckets.',
    defaultValue: d.bucket,
    options: [['auto', 'Auto'] as const, ...BUCKETS.map((v) => [v, v] as const)],
  });
  addRadio(b, g, {
    path: 'map.start',
    name: 'Show first',
    defaultValue: d.start,
    options: [
      ['all', 'All time'],
      ['first', 'First bucket'],
      ['last', 'Last bucket'],
    ],
  });
  b.addSelect({
    path: 'map.speed',
    name: 'Playback speed',
    description: 'Buckets per second.',
    category,
    defaultValue: d.speed,
    settings: { options: choices(SPEEDS.map((s) => [s, `${s}/s`] as const)) },
    showIf: showFor,
  });
  addSwitches(b, g, [
    { path: 'map.loop', name: 'Loop', defaultValue: d.loop },
    { path: 'map.showLegend', name: 'Legend', defaultValue: d.showLegend },
  ]);
}
