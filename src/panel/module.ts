import { PanelPlugin } from '@grafana/data';

import { PRESETS } from '../detect/types';
import { BandscopePanel } from './BandscopePanel';
import { ParamEditor, type ParamEditorSettings } from './editors/ParamEditor';
import { addMapOptions } from './map/options';
import { addRadio, addSwitches, choices } from './optionBuilders';
import { type BandscopeOptions, DEFAULT_DRAW, type ParamKey } from './types';

const PRESET_INFO: Record<string, string> = {
  ewma: 'EWMA level and variance of the prediction error (default)',
  notebook: "The source notebook's recorder, exactly",
  robust: 'Rolling median and MAD: ignores short bursts',
  seasonal: 'Additive seasonal smoothing on wall-clock slots',
};

const PARAMS: Array<{ key: ParamKey; name: string; description: string; suffix?: string; presets?: string[] }> = [
  {
    key: 'alpha',
    name: 'Alpha',
    description: 'Smoothing weight of the newest value, in (0, 1]. Empty: preset default.',
  },
  { key: 'k', name: 'k', description: 'Band half-width in sigmas (> 0). Larger k, fewer anomalies.' },
  {
    key: 'window',
    name: 'Window',
    description: 'Window length in points (integer ≥ 2): notebook buffer, robust rolling window.',
    suffix: 'points',
  },
  { key: 'gamma', name: 'Gamma', description: 'Sigma smoothing weight, in (0, 1].' },
  {
    key: 'warmup',
    name: 'Warm-up',
    description: 'No point is flagged before this many points (integer ≥ 0).',
    suffix: 'points',
  },
  {
    key: 'episodeGap',
    name: 'Episode gap',
    description: 'Anomalies closer than this belong to one episode.',
    suffix: 'ms',
  },
  {
    key: 'season',
    name: 'Season',
    description: 'Season length (seasonal preset), e.g. 86400000 for daily.',
    suffix: 'ms',
    presets: ['seasonal'],
  },
];

export const plugin = new PanelPlugin<BandscopeOptions>(BandscopePanel).setPanelOptions((builder) => {
  builder.addRadio({
    path: 'view',
    name: 'View',
    category: ['Bandscope'],
    defaultValue: 'bands',
    settings: {
      options: choices([
        ['bands', 'Bands'],
        ['map', 'Map'],
        ['combined', 'Combined'],
      ]),
    },
  });
  const detector = ['Detector'];
  const usesBands = (o: BandscopeOptions) => o.view !== 'map';
  builder.addSelect({
    path: 'preset',
    name: 'Preset',
    description:
      'Used for series without Bandscope fields (bands from the Bandscope datasource are drawn as they are).',
    category: detector,
    defaultValue: 'ewma',
    settings: { options: PRESETS.map((p) => ({ value: p, label: p, description: PRESET_INFO[p] })) },
    showIf: usesBands,
  });
  for (const p of PARAMS) {
    builder.addCustomEditor<ParamEditorSettings, number | undefined>({
      id: `bandscope-${p.key}`,
      path: p.key,
      name: p.name,
      description: p.description,
      category: detector,
      editor: ParamEditor,
      settings: { param: p.key, suffix: p.suffix },
      showIf: (o) => usesBands(o) && (!p.presets || p.presets.includes(o.preset)),
    });
  }
  const drawing = { category: ['Drawing'], showIf: usesBands };
  addRadio(builder, drawing, {
    path: 'layout',
    name: 'Several series',
    defaultValue: DEFAULT_DRAW.layout,
    options: [
      ['overlay', 'Overlaid'],
      ['multiples', 'Small multiples'],
    ],
  });
  addSwitches(builder, drawing, [
    { path: 'showBand', name: 'Band', defaultValue: DEFAULT_DRAW.showBand },
    { path: 'showPrediction', name: 'Prediction line', defaultValue: DEFAULT_DRAW.showPrediction },
    { path: 'showEpisodes', name: 'Episode shading', defaultValue: DEFAULT_DRAW.showEpisodes },
    { path: 'showLegend', name: 'Legend', defaultValue: DEFAULT_DRAW.showLegend },
  ]);
  builder.addSliderInput({
    path: 'markerSize',
    name: 'Marker size',
    ...drawing,
    defaultValue: DEFAULT_DRAW.markerSize,
    settings: { min: 1, max: 10, step: 1 },
  });
  addMapOptions(builder, ['Map']);
});
