// Detector parameter editor: typed as the engine's parameter table says (numbers; durations in Grafana's
// syntax, `5m`, `1d`, or ms, shown back that way), empty = the preset's default (the placeholder); an invalid
// value shows the engine's own message inline (parseParamText, validateParams).
import React, { useState } from 'react';

import type { StandardEditorProps } from '@grafana/data';
import { Field, Input } from '@grafana/ui';

import { DEFAULT_PRESET, type DetectorParams, formatParam, PARAMS, type ParamKey, parseParamText } from '../../detect';
import { paramProblem, presetDefault } from '../model/params';
import type { BandscopeOptions } from '../types';

export interface ParamEditorSettings {
  param: ParamKey;
}

type Props = StandardEditorProps<DetectorParams[ParamKey] | undefined, ParamEditorSettings, BandscopeOptions>;

export function ParamEditor({ value, onChange, item, context }: Props) {
  const param = item.settings!.param;
  const preset = context.options?.preset ?? DEFAULT_PRESET;
  const shown = value === undefined || value === null ? '' : formatParam(param, value);
  const [text, setText] = useState(shown);
  const [prevValue, setPrevValue] = useState(value);
  if (prevValue !== value) {
    // The option changed elsewhere (preset switch, JSON model): show it.
    setPrevValue(value);
    setText(shown);
  }
  const parsed = parseParamText(param, text);
  const error = typeof parsed === 'object' ? parsed.error : paramProblem(preset, param, parsed);
  const fallback = presetDefault(preset, param);
  const commit = () => {
    if (typeof parsed !== 'object') {
      onChange(parsed);
    }
  };
  return (
    <Field invalid={!!error} error={error} style={{ marginBottom: 0 }}>
      <Input
        data-testid={`bandscope-param-${param}`}
        type="text"
        inputMode={PARAMS[param].kind === 'duration' ? 'text' : 'decimal'}
        value={text}
        placeholder={fallback === undefined ? '' : `${formatParam(param, fallback)} (preset default)`}
        suffix={PARAMS[param].unit}
        invalid={!!error}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            commit();
          }
        }}
      />
    </Field>
  );
}
