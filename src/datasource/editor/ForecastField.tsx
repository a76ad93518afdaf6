import React from 'react';

import { InlineFieldRow, Text } from '@grafana/ui';

import { cannotForecast, FORECAST_PRESETS, formatDuration, isPresetName, QUERY_OPTIONS } from '../../detect';
import { type BandscopeJsonData } from '../types';
import { ParamField } from './ParamField';
import { queryPreset, type Problems, type SectionProps } from './section';

interface Props extends SectionProps {
  jsonData: BandscopeJsonData;
  problems: Problems;
}

/**
 * The forecast horizon. A preset without a model of the future says so beside the empty field, and as the
 * field's error once a horizon is typed (a `$preset` variable may be either: the query says so when it runs).
 */
export function ForecastField({ query, jsonData, problems, onChange, onRunQuery }: Props) {
  const preset = queryPreset(query, jsonData);
  const spec = QUERY_OPTIONS.forecast;
  const presets = FORECAST_PRESETS.join(', ');
  const able = !isPresetName(preset) || FORECAST_PRESETS.includes(preset);
  const value = query.forecast;
  const shown = value === undefined ? '' : typeof value === 'number' ? formatDuration(value) : value;
  return (
    <InlineFieldRow>
      <ParamField
        id="forecast"
        label={spec.label}
        tooltip={`${spec.help} Must be ${spec.range}. Accepts a dashboard variable. Presets: ${presets}.`}
        value={shown}
        placeholder="off"
        error={problems.get('forecast')}
        onChange={(forecast) => onChange({ ...query, forecast })}
        onCommit={onRunQuery}
      />
      {!able && shown.trim() === '' && (
        <div data-testid="bandscope-forecast-unavailable">
          <Text color="secondary" variant="bodySmall">
            {`${cannotForecast(preset).replace(/^t/, 'T')}.`}
          </Text>
        </div>
      )}
    </InlineFieldRow>
  );
}
