import React from 'react';

import { InlineFieldRow } from '@grafana/ui';

import {
  DEFAULT_PRESET,
  defaultParams,
  describeParam,
  isPresetName,
  PARAM_KEYS,
  PARAMS,
  presetUses,
} from '../../detect';
import { shownParam } from '../settings';
import { type BandscopeJsonData } from '../types';
import { ParamField } from './ParamField';
import { queryPreset, type Problems, type SectionProps } from './section';

interface Props extends SectionProps {
  jsonData: BandscopeJsonData;
  problems: Problems;
}

/**
 * One field per parameter the preset reads (all of them for a `$preset` variable, which may be any preset); the
 * placeholder is the value used when the field is empty: the datasource's default, else the preset's.
 */
export function ParamsSection(props: Props) {
  const { query, jsonData, problems, onChange, onRunQuery } = props;
  const preset = queryPreset(query, jsonData);
  // A `$preset` variable may be any preset: its fields show the default preset's values as placeholders.
  const defaults = defaultParams(isPresetName(preset) ? preset : (jsonData.defaultPreset ?? DEFAULT_PRESET));
  return (
    <InlineFieldRow>
      {PARAM_KEYS.filter((key) => presetUses(preset, key)).map((key) => (
        <ParamField
          key={key}
          id={key}
          label={PARAMS[key].label}
          tooltip={`${describeParam(key)} Accepts a dashboard variable.`}
          value={shownParam(key, query.params?.[key])}
          placeholder={shownParam(key, jsonData.defaultParams?.[key] ?? defaults[key])}
          error={problems.get(key)}
          onChange={(v) => onChange({ ...query, params: { ...query.params, [key]: v } })}
          onCommit={onRunQuery}
        />
      ))}
    </InlineFieldRow>
  );
}
