import React from 'react';

import { InlineFieldRow, InlineSwitch } from '@grafana/ui';

import { type BandOutputs } from '../../contract';
import { applyChange, type SectionProps } from './section';

const OUTPUTS: Array<{ key: keyof BandOutputs; label: string; tooltip: string }> = [
  { key: 'predicted', label: 'Predicted', tooltip: 'Adds the "predicted" field.' },
  { key: 'band', label: 'Band', tooltip: 'Adds the "low" and "high" fields (shaded in the Time series panel).' },
  { key: 'score', label: 'Score', tooltip: 'Adds the 0–100 "score" field.' },
  { key: 'anomaly', label: 'Anomaly flag', tooltip: 'Adds the 0/1 "anomaly" field.' },
];

/** Which fields the query adds (all unless switched off) and whether it returns the episodes frame (off). */
export function OutputsSection(props: SectionProps) {
  const { outputs, episodes } = props.query;
  return (
    <InlineFieldRow>
      {OUTPUTS.map((o) => (
        <InlineSwitch
          key={o.key}
          data-testid={`bandscope-output-${o.key}`}
          label={o.label}
          showLabel
          title={o.tooltip}
          value={outputs?.[o.key] !== false}
          onChange={(e) => applyChange(props, { outputs: { ...outputs, [o.key]: e.currentTarget.checked } }, true)}
        />
      ))}
      <InlineSwitch
        data-testid="bandscope-output-episodes"
        label="Episodes frame"
        showLabel
        title='Also return anomaly episodes as a separate frame ("bandscope-episodes")'
        value={episodes === true}
        onChange={(e) => applyChange(props, { episodes: e.currentTarget.checked }, true)}
      />
    </InlineFieldRow>
  );
}
