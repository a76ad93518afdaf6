import { type PanelOptionsEditorBuilder } from '@grafana/data';

import { BUCKETS } from '../../weblog/buckets';
import { addRadio, addSwitches, choices } from '../optionBuilders';
import { type BandscopeOptions, DEFAULT_OPTIONS } from '../types';
import { COLOR_HUES } from './model';

export const SPEEDS = [0.5, 1, 2, 4, 8];

const showFor = (o: BandscopeOptions) => o.view === undefined || o.view === 'map' || o.view === 'combined';
/** The volume scale's options: hidden while the map colours by anomaly score (the severity colours). */
const showForVolume = (o: BandscopeOptions) => showFor(o) && o.map?.mode !== 'anomaly';

/** Adds the map's panel options (paths `map.*`) to the builder, shown for the map and combined views. */
export function addMapOptions(b: PanelOptionsEditorBuilder<BandscopeOptions>, category: string[]): void {
  const g = { category, showIf: showFor };
  const volume = { category, showIf: showForVolume };
  const d = DEFAULT_OPTIONS.map;
  addRadio(b, g, {
    path: 'map.mode',
    name: 'Colour by',
    description:
      'Volume: requests per country. Anomaly: how unusual each country’s requests are against its own band ' +
      '(the 0–100 score, in the severity colours); click a country for its band chart.',
    defaultValue: d.mode,
    options: [
      ['volume', 'Volume'],
      ['anomaly', 'Anomaly'],
    ],
  });
  b.addSelect({
    path: 'map.color',
    name: 'Colour',
    description: 'Hue of the sequential colour scale (the theme’s shades of it): more requests, darker.',
    category,
    defaultValue: d.color,
    settings: { options: choices(COLOR_HUES.map((h) => [h, h[0].toUpperCase() + h.slice(1)] as const)) },
    showIf: showForVolume,
  });
  addRadio(b, volume, {
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
  addSwitches(b, volume, [
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
