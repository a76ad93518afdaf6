import React, { useMemo } from 'react';

import { type DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { Combobox, Field, FieldSet, Grid, Input, Stack, Text } from '@grafana/ui';

import {
  DEFAULT_PRESET,
  defaultParams,
  describeParam,
  PARAM_KEYS,
  PARAMS,
  type ParamKey,
  PRESET_INFO,
  PRESETS,
} from '../detect';
import { settingsProblems, shownParam } from './settings';
import { type BandscopeJsonData } from './types';

type Props = DataSourcePluginOptionsEditorProps<BandscopeJsonData>;

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const jsonData = useMemo(() => options.jsonData ?? {}, [options.jsonData]);
  const preset = jsonData.defaultPreset ?? DEFAULT_PRESET;
  const defaults = defaultParams(preset);
  // Defaults are literal values (no dashboard exists here), so variables are not interpolated.
  const problems = useMemo(
    () => new Map(settingsProblems({ refId: 'defaults' }, jsonData, (t) => t).map((p) => [p.param, p.message])),
    [jsonData]
  );
  const update = (patch: Partial<BandscopeJsonData>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  const setParam = (key: ParamKey, value: string) => {
    const next = { ...jsonData.defaultParams };
    if (value.trim() === '') {
      delete next[key];
    } else {
      next[key] = value;
    }
    update({ defaultParams: next });
  };

  return (
    <Stack direction="column" gap={2} data-testid="bandscope-config-editor">
      <Text element="p" color="secondary">
        Bandscope wraps another datasource: each query runs on an upstream datasource and comes back with prediction,
        bands, anomaly scores and flags. These defaults apply to queries that leave a setting empty.
      </Text>
      <FieldSet label="Default upstream">
        <Field
          label="Upstream datasource"
          description="Used by queries that do not pick one. Save & test checks that it exists and answers."
        >
          <div data-testid="bandscope-default-upstream">
            <DataSourcePicker
              current={jsonData.defaultUpstream ?? null}
              onChange={(ds) => update({ defaultUpstream: { uid: ds.uid, type: ds.type } })}
              onClear={() => update({ defaultUpstream: undefined })}
              metrics
              mixed={false}
              dashboard={false}
              noDefault
              width={40}
              filter={(ds) => ds.type !== options.type}
            />
          </div>
        </Field>
      </FieldSet>
      <FieldSet label="Default detector">
        <Field label="Preset" description={PRESETS.map((p) => `${p}: ${PRESET_INFO[p]}`).join('; ')}>
          <Combobox
            width={24}
            data-testid="bandscope-default-preset"
            options={PRESETS.map((p) => ({ label: p, value: p, description: PRESET_INFO[p] }))}
            value={preset}
            onChange={(o) => update({ defaultPreset: o.value })}
          />
        </Field>
        <Grid gap={2} minColumnWidth={34}>
          {PARAM_KEYS.map((key) => (
            <Field
              key={key}
              label={PARAMS[key].label}
              description={describeParam(key)}
              invalid={problems.has(key)}
              error={problems.get(key)}
            >
              <Input
                width={16}
                data-testid={`bandscope-default-${key}`}
                value={shownParam(key, jsonData.defaultParams?.[key])}
                placeholder={shownParam(key, defaults[key])}
                onChange={(e) => setParam(key, e.currentTarget.value)}
              />
            </Field>
          ))}
        </Grid>
      </FieldSet>
    </Stack>
  );
}
