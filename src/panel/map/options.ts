import { type PanelOptionsEditorBuilder } from '@grafana/data';

import type { BucketChoice } from '../../weblog/buckets';
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

export const DEFAULT_MAP_OPTIONS: MapOptions = {
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
  const d = DEFAULT_MAP_OPTIONS;
  b.addSelect({
    path: 'map.color',
    name: 'Colour',
    description: 'Hue of the sequential colour scale (the theme’s shades of it): more requests, darker.',
    category,
    defaultValue: d.color,
    settings: { options: COLOR_HUES.map((h) => ({ value: h, label: h[0].toUpperCase() + h.slice(1) })) },
    showIf: showFor,
  })
    .addRadio({
      path: 'map.scale',
      name: 'Scale',
      description: 'Logarithmic keeps small countries visible next to a dominant one.',
      category,
      defaultValue: d.scale,
      settings: {
        options: [
          { value: 'log', label: 'Log' },
          { value: 'sqrt', label: 'Square root' },
          { value: 'linear', label: 'Linear' },
        ],
      },
      showIf: showFor,
    })
    .addBooleanSwitch({
      path: 'map.heat',
      name: 'Heat overlay',
      description: 'Blurred heat over each country’s main centroid.',
      category,
      defaultValue: d.heat,
      showIf: showFor,
    })
    .addRadio({
      path: 'map.bucket',
      name: 'Bucket',
      description:
        'Time bucket when the panel parses raw log lines or IP rows itself. Auto: the finest that fits 500 buckets.',
      category,
      defaultValue: d.bucket,
      settings: {
        options: (['auto', '5m', '1h', '4h', '1d'] as const).map((v) => ({
          value: v,
          label: v === 'auto' ? 'Auto' : v,
        })),
      },
      showIf: showFor,
    })
    .addRadio({
      path: 'map.start',
      name: 'Show first',
      category,
      defaultValue: d.start,
      settings: {
        options: [
          { value: 'all', label: 'All time' },
          { value: 'first', label: 'First bucket' },
          { value: 'last', label: 'Last bucket' },
        ],
      },
      showIf: showFor,
    })
    .addSelect({
      path: 'map.speed',
      name: 'Playback speed',
      description: 'Buckets per second.',
      category,
      defaultValue: d.speed,
      settings: { options: SPEEDS.map((s) => ({ value: s, label: `${s}/s` })) },
      showIf: showFor,
    })
    .addBooleanSwitch({ path: 'map.loop', name: 'Loop', category, defaultValue: d.loop, showIf: showFor })
    .addBooleanSwitch({
      path: 'map.showLegend',
      name: 'Legend',
      category,
      defaultValue: d.showLegend,
      showIf: showFor,
    });
}
