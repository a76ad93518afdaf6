// The two data source pickers a plugin gets from @grafana/runtime's DataSourcePicker. Up to Grafana 13.2 it
// is runtime's own Select-based picker; with grafana/grafana#130258 Grafana injects its core picker instead
// (feature toggle `unifiedDataSourcePicker`, on by default): its menu renders in a portal, it ignores onBlur,
// autoFocus and openMenuOnFocus, and it does not call onChange when the selected source is picked again. No
// published @grafana/runtime has the injection point yet, so the host shares a DataSourcePicker that renders
// either runtime's picker or a stand-in with those behaviours (not core's look), as runtime's export does once
// core has injected its picker.
import React, { useMemo } from 'react';

import {
  type DataSourcePickerProps,
  DataSourcePicker as RuntimeDataSourcePicker,
  getDataSourceSrv,
} from '@grafana/runtime';
import { Select } from '@grafana/ui';

export type PickerKind = 'runtime' | 'core';

let kind: PickerKind = 'runtime';

/** Which picker the next rendered editors get. */
export function usePickerKind(next: PickerKind) {
  kind = next;
}

export function SharedDataSourcePicker(props: DataSourcePickerProps) {
  return kind === 'core' ? <CoreDataSourcePicker {...props} /> : <RuntimeDataSourcePicker {...props} />;
}

function CoreDataSourcePicker({
  current,
  onChange,
  filter,
  metrics,
  mixed,
  dashboard,
  width,
  invalid,
  disabled,
  placeholder,
}: DataSourcePickerProps) {
  const list = getDataSourceSrv().getList({ metrics, mixed, dashboard, filter });
  const ref = typeof current === 'string' ? current : current?.uid;
  const selected = list.find((ds) => ds.uid === ref || ds.name === ref);
  // The same options while the list is the same (the editor passes a new `filter` every render).
  const signature = JSON.stringify(list.map((ds) => [ds.uid, ds.name]));
  const options = useMemo(
    () => (JSON.parse(signature) as Array<[string, string]>).map(([value, label]) => ({ label, value })),
    [signature]
  );
  return (
    <Select
      width={width}
      invalid={invalid}
      disabled={disabled}
      placeholder={placeholder ?? 'Select data source'}
      options={options}
      value={selected?.uid ?? null}
      // Core's picker renders its menu in a portal, outside the editor's DOM.
      menuShouldPortal
      onChange={(option) => {
        const picked = list.find((ds) => ds.uid === option?.value);
        if (picked && picked.uid !== selected?.uid) {
          onChange(picked);
        }
      }}
    />
  );
}
