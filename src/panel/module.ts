import { PanelPlugin } from '@grafana/data';

import {
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
import { migratePanelOptions, needsMigration } from './migrations';
import { type BandscopeOptions, DEFAULT_OPTIONS, type ViewMode } from './types';

const D = DEFAULT_OPTIONS;

export const plugin = new PanelPlugin<BandscopeOptions>(BandscopePanel)
  // Grafana asks only when the plugin's version changed; the options' own schemaVersion decides (needsMigration).
  .setMigrationHandler((panel) => migratePanelOptions(panel.options), needsMigration)
  .setPanelOptions((builder) => {
    builder.addRadio({
      path: 'view',
      name: 'View',
      category: ['Bandscope'],
      defaultValue: D.view,
      settings: {
        options: choices<ViewMode>([
          ['bands', 'Bands'],
          ['map', 'Map'],
          ['combined', 'Combined'],
          ['peers', 'Peers'],
        ]),
      },
    });
    const detector = ['Detector'];
    const usesBands = (o: BandscopeOptions) => o.view !== 'map' && o.view !== 'peers';
    builder.addSelect({
      path: 'preset',
      name: 'Preset',
      description:
        'Used for series without Bandscope fields (bands from the Bandscope datasource are drawn as they are).',
      category: detector,
      defaultValue: D.preset,
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
        showIf: (o) => usesBands(o) && presetUses(o.preset ?? D.preset, key),
      });
    }
    const drawing = { category: ['Drawing'], showIf: usesBands };
    addRadio(builder, drawing, {
      path: 'layout',
      name: 'Several series',
      defaultValue: D.layout,
      options: [
        ['overlay', 'Overlaid'],
        ['multiples', 'Small multiples'],
      ],
    });
    addSwitches(builder, drawing, [
      { path: 'showBand', name: 'Band', defaultValue: D.showBand },
      { path: 'showPrediction', name: 'Prediction line', defaultValue: D.showPrediction },
      { path: 'showEpisodes', name: 'Episode shading', defaultValue: D.showEpisodes },
      { path: 'showLegend', name: 'Legend', defaultValue: D.showLegend },
    ]);
    builder.addSliderInput({
      path: 'markerSize',
      name: 'Marker size',
      ...drawing,
      defaultValue: D.markerSize,
      settings: { min: 1, max: 10, step: 1 },
    });
    addMapOptions(builder, ['Map']);
    const peers = { category: ['Peers'], showIf: (o: BandscopeOptions) => o.view === 'peers' };
    builder.addNumberInput({
      path: 'peers.k',
      name: 'Peer k',
      description:
        "Cluster range: the peers' median ± k robust standard deviations (1.4826 · MAD across the series), > 0. " +
        'Frames from the Bandscope datasource with Compare = peers/both keep their own.',
      ...peers,
      defaultValue: D.peers.k,
      settings: { min: 0.1, step: 0.5 },
    });
    builder.addNumberInput({
      path: 'peers.window',
      name: 'Peer window',
      description: 'Steps: a series is an outlier when more than half of its last window steps lie outside the range.',
      ...peers,
      defaultValue: D.peers.window,
      settings: { min: 1, step: 1, integer: true },
    });
  });
