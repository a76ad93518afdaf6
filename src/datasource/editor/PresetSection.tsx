import React from 'react';

import { getDataSourceSrv } from '@grafana/runtime';
import { Combobox, InlineField, InlineFieldRow } from '@grafana/ui';

import { DEFAULT_PRESET, PRESET_INFO, PRESETS } from '../../detect';
import { AlertRules } from '../AlertRules';
import { type BandscopeJsonData } from '../types';
import { applyChange, type Problems, type SectionProps } from './section';

const PRESET_OPTIONS = PRESETS.map((p) => ({ label: p, value: p, description: PRESET_INFO[p] }));
const PRESET_TOOLTIP = `${PRESETS.map((p) => `${p}: ${PRESET_INFO[p]}`).join('; ')}. Accepts a variable ($preset).`;

interface Props extends SectionProps {
  jsonData: BandscopeJsonData;
  problems: Problems;
}

/**
 * The detector preset (a name, a `$variable`, or empty for the datasource's default) and, in bands mode, the
 * Alert rules button for the query.
 */
export function PresetSection(props: Props) {
  const { query, jsonData, problems } = props;
  const upstreamRef = query.upstream ?? jsonData.defaultUpstream;
  return (
    <InlineFieldRow>
      <InlineField
        label="Preset"
        labelWidth={16}
        htmlFor="bandscope-preset"
        tooltip={PRESET_TOOLTIP}
        invalid={problems.has('preset')}
        error={problems.get('preset')}
      >
        <Combobox
          id="bandscope-preset"
          width={20}
          data-testid="bandscope-preset"
          createCustomValue
          customValueDescription="Use a dashboard variable"
          placeholder={jsonData.defaultPreset ?? DEFAULT_PRESET}
          options={PRESET_OPTIONS}
          value={query.preset || null}
          isClearable
          onChange={(o) => applyChange(props, { preset: o?.value ?? undefined }, true)}
        />
      </InlineField>
      {(query.mode ?? 'bands') === 'bands' && (
        <AlertRules
          query={query}
          jsonData={jsonData}
          upstreamType={upstreamRef && (upstreamRef.type ?? getDataSourceSrv().getInstanceSettings(upstreamRef)?.type)}
        />
      )}
    </InlineFieldRow>
  );
}
