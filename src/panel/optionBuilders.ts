// Small helpers for the panel's option builders (src/panel/module.ts, src/panel/map/options.ts): options of
// one group share a category and a showIf, radios list [value, label] pairs.
import { type PanelOptionsEditorBuilder } from '@grafana/data';

export interface OptionGroup<T> {
  category: string[];
  showIf: (options: T) => boolean;
}

/** Select / radio options from [value, label] pairs. */
export function choices<V>(pairs: ReadonlyArray<readonly [V, string]>): Array<{ value: V; label: string }> {
  return pairs.map(([value, label]) => ({ value, label }));
}

/** A radio group of the option group `g`. */
export function addRadio<T, V>(
  b: PanelOptionsEditorBuilder<T>,
  g: OptionGroup<T>,
  option: {
    path: string;
    name: string;
    description?: string;
    defaultValue: V;
    options: ReadonlyArray<readonly [V, string]>;
  }
): PanelOptionsEditorBuilder<T> {
  const { options, ...rest } = option;
  return b.addRadio({ ...rest, category: g.category, settings: { options: choices(options) }, showIf: g.showIf });
}

/** Boolean switches of the option group `g`, in order. */
export function addSwitches<T>(
  b: PanelOptionsEditorBuilder<T>,
  g: OptionGroup<T>,
  switches: Array<{ path: string; name: string; description?: string; defaultValue: boolean }>
): PanelOptionsEditorBuilder<T> {
  for (const s of switches) {
    b.addBooleanSwitch({ ...s, category: g.category, showIf: g.showIf });
  }
  return b;
}
