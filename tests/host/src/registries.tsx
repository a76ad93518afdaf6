// Grafana core fills the option-editor registry at boot; the host registers small editors for the ids
// that PanelOptionsEditorBuilder looks up, so panels' options can be built and edited here too.
import React from 'react';

import { type SelectableValue, type StandardEditorProps, standardEditorsRegistry } from '@grafana/data';
import { Input, RadioButtonGroup, Select, Switch } from '@grafana/ui';

type Props = StandardEditorProps<any, any>;

function TextEditor({ value, onChange, item }: Props) {
  return <Input value={value ?? ''} placeholder={item.settings?.placeholder} onChange={(e) => onChange(e.currentTarget.value)} />;
}

function NumberEditor({ value, onChange, item }: Props) {
  return (
    <Input
      type="number"
      value={value ?? ''}
      min={item.settings?.min}
      max={item.settings?.max}
      step={item.settings?.step}
      onChange={(e) => {
        const text = e.currentTarget.value;
        onChange(text === '' ? undefined : Number(text));
      }}
    />
  );
}

function BooleanEditor({ value, onChange }: Props) {
  return <Switch value={!!value} onChange={(e) => onChange(e.currentTarget.checked)} />;
}

function SelectEditor({ value, onChange, item }: Props) {
  const options: Array<SelectableValue<unknown>> = item.settings?.options ?? [];
  return <Select options={options} value={value} onChange={(v) => onChange(v.value)} />;
}

function RadioEditor({ value, onChange, item }: Props) {
  return <RadioButtonGroup options={item.settings?.options ?? []} value={value} onChange={onChange} />;
}

export function registerOptionEditors(): void {
  const editors: Array<[string, React.ComponentType<Props>]> = [
    ['text', TextEditor],
    ['number', NumberEditor],
    ['slider', NumberEditor],
    ['boolean', BooleanEditor],
    ['select', SelectEditor],
    ['multi-select', SelectEditor],
    ['radio', RadioEditor],
    ['color', TextEditor],
    ['unit', TextEditor],
    ['field-name', TextEditor],
    ['strings', TextEditor],
    ['timezone', TextEditor],
    ['dashboard-uid', TextEditor],
  ];
  standardEditorsRegistry.setInit(() => editors.map(([id, editor]) => ({ id, name: id, editor })));
}
