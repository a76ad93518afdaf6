import { PanelPlugin } from '@grafana/data';

import {
  DEFAULT_PRESET,
  describeParam,
  type DetectorParams,
  PARAM_KEYS,
  type ParamKey,
  PARAMS,
  PRESET_INFO,
  PRESETS,
  presetUses,
} from '../detect';
import { BandscopePanel } from './BandscopePanel';
import { ParamEditor, type ParamEditorSettings } from './editors/ParamEditor';
import { addMapOptions } from './map/options';
import { addRadio, addSwitches, choices } from './optionBuilders';
import { type BandscopeOptions, DEFAULT_DRAW } from './types';

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
    defaultValue: DEFAULT_PRESET,
    settings: { options: PRESETS.map((p) => ({ value: p, label: p, description: PRESET_INFO[p] })) },
    showIf: usesBands,
  });
  for (const key of PARAM_KEYS) {
    builder.addCustomEditor<ParamEditorSettings, DetectorParams[ParamKey] | undefined>({
      id: `bandscope-${key}`,
      path: key,
      name: PARAMS[key].label,
      description: `${describeParam(key)} Empty: the preset's default.`,
      category: detector,
      editor: ParamEditor,
      settings: { param: key },
      showIf: (o) => usesBands(o) && presetUses(o.preset ?? DEFAULT_PRESET, key),
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
