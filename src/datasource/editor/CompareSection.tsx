import React from 'react';

import { InlineField, InlineFieldRow, RadioButtonGroup } from '@grafana/ui';

import { POPULATION_DEFAULTS } from '../../detect';
import { shownParam } from '../settings';
import { type CompareMode } from '../types';
import { ParamField } from './ParamField';
import { applyChange, type Problems, type SectionProps } from './section';

const COMPARE: Array<{ label: string; value: CompareMode; description: string }> = [
  { label: 'Own history', value: 'history', description: 'Each series against its own past: the band' },
  { label: 'Peers', value: 'peers', description: 'Each series against the others at the same time (needs 3 or more)' },
  { label: 'Both', value: 'both', description: 'The band and the peer comparison' },
];

const COMPARE_TOOLTIP =
  "Own history: the band. Peers: each series against the query's other series at the same time (population " +
  'outliers: which pod, host or country is unlike the rest). Both: the two.';

/** The peer comparison's settings: the population detector's own (k, window), with its defaults as placeholders. */
const PEER_SETTINGS = [
  {
    key: 'k',
    label: 'Peer k',
    tooltip:
      'Cluster range half-width in robust standard deviations of the peers (1.4826 · MAD across the series), > 0.',
  },
  {
    key: 'window',
    label: 'Peer window',
    tooltip:
      'Steps: a series is an outlier when more than half of its last window steps lie outside the cluster range.',
  },
] as const;

/** What each series is compared with (bands mode); the peer settings show once peers are compared. */
export function CompareSection(props: SectionProps & { problems: Problems }) {
  const { query, problems, onChange, onRunQuery } = props;
  const compare = query.compare ?? 'history';
  return (
    <InlineFieldRow>
      <InlineField
        label="Compare"
        labelWidth={16}
        tooltip={COMPARE_TOOLTIP}
        invalid={problems.has('compare')}
        error={problems.get('compare')}
      >
        <RadioButtonGroup<CompareMode>
          data-testid="bandscope-compare"
          options={COMPARE}
          value={compare}
          onChange={(v) => applyChange(props, { compare: v }, true)}
        />
      </InlineField>
      {compare !== 'history' &&
        PEER_SETTINGS.map((p) => (
          <ParamField
            key={p.key}
            id={`peers-${p.key}`}
            label={p.label}
            tooltip={`${p.tooltip} Accepts a dashboard variable.`}
            value={shownParam(p.key, query.peers?.[p.key])}
            placeholder={String(POPULATION_DEFAULTS[p.key])}
            error={problems.get(`peers.${p.key}`)}
            onChange={(v) => onChange({ ...query, peers: { ...query.peers, [p.key]: v } })}
            onCommit={onRunQuery}
          />
        ))}
    </InlineFieldRow>
  );
}
