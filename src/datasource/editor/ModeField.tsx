import React from 'react';

import { InlineField, RadioButtonGroup } from '@grafana/ui';

import { type QueryMode } from '../types';
import { applyChange, type SectionProps } from './section';

const MODES: Array<{ label: string; value: QueryMode; description: string }> = [
  { label: 'Bands', value: 'bands', description: 'Bands on the upstream series' },
  { label: 'Web log', value: 'weblog', description: 'Count log lines per bucket, then bands' },
];

/** Bands on the upstream's series, or web-log counts first; a switch runs the query. */
export function ModeField(props: SectionProps) {
  return (
    <InlineField label="Mode" labelWidth={16} tooltip="Bands on the upstream's series, or web-log counts with bands">
      <RadioButtonGroup<QueryMode>
        options={MODES}
        value={props.query.mode ?? 'bands'}
        onChange={(mode) => applyChange(props, { mode }, true)}
      />
    </InlineField>
  );
}
