// The two data source pickers a plugin gets from @grafana/runtime's DataSourcePicker. Up to Grafana 13.2 it
// is runtime's own Select-based picker; with grafana/grafana#130258 Grafana injects its core picker instead
// (feature toggle `unifiedDataSourcePicker`, on by default): a combobox whose menu renders in a portal, that
// ignores onBlur, autoFocus and openMenuOnFocus and does not call onChange when the selected source is picked
// again. No published @grafana/runtime has the injection point yet, so the host shares a DataSourcePicker
// that renders either, as runtime's export does once core has injected its picker.
import React from 'react';

import { type DataSourcePickerProps, DataSourcePicker as RuntimeDataSourcePicker, getDataSourceSrv } from '@grafana/runtime';
import { Combobox } from '@grafana/ui';

export type PickerKind = 'runtime' | 'core';

let kind: PickerKind = 'runtime';

/** Which picker the next rendered editors get. */
export function usePickerKind(next: PickerKind) {
  kind = next;
}

export function SharedDataSourcePicker(props: DataSourcePickerProps) {
  return kind === 'core' ? <CoreDataSourcePicker {...props} /> : <RuntimeDataSourcePicker {...props} />;
}

function CoreDataSourcePicker({ current, onChange, filter, metrics, mixed, dashboard, width, invalid, disabled, placeholder }: DataSourcePickerProps) {
  const list = getDataSourceSrv().getList({ metrics, mixed, dashboard, filter });
  const key = typeof current === 'string' ? current : current?.uid;
  const selected = list.find((ds) => ds.uid === key || ds.name === key);
  return (
    <Combobox
      width={width}
      invalid={invalid}
      disabled={disabled}
      placeholder={placeholder ?? 'Select data source'}
      options={list.map((ds) => ({ label: ds.name, value: ds.uid }))}
      value={selected?.uid ?? null}
      onChange={(option) => {
        const picked = list.find((ds) => ds.uid === option?.value);
        if (picked && picked.uid !== selected?.uid) {
          onChange(picked);
        }
      }}
    />
  );
}
