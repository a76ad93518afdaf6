import { type PanelOptionsEditorBuilder } from '@grafana/data';

// Placeholder until the map view lands: adds the map's panel options to the builder.
export function addMapOptions<T>(_builder: PanelOptionsEditorBuilder<T>, _category: string[]): void {}
