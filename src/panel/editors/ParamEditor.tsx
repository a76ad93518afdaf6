// Numeric detector parameter editor: empty = the preset's default (shown as placeholder), an out-of-range
// value shows the engine's own message inline (validateParams), so the options pane explains the error.
import React, { useState } from 'react';

import type { StandardEditorProps } from '@grafana/data';
import { Field, Input } from '@grafana/ui';

import { paramProblem, presetDefault } from '../model/params';
import type { BandscopeOptions, ParamKey } from '../types';

export interface ParamEditorSettings {
  param: ParamKey;
  /** Shown after the input, e.g. "ms". */
  suffix?: string;
}

type Props = StandardEditorProps<number | undefined, ParamEditorSettings, BandscopeOptions>;

export function ParamEditor({ value, onChange, item, context }: Props) {
  const param = item.settings!.param;
  const preset = context.options?.preset ?? 'ewma';
  const shown = value === undefined || value === null ? '' : String(value);
  const [text, setText] = useState(shown);
  const [prevValue, setPrevValue] = useState(value);
  if (prevValue !== value) {
    // The option changed elsewhere (preset switch, JSON model): show it.
    setPrevValue(value);
    setText(shown);
  }
  const parsed = text.trim() === '' ? undefined : Number(text);
  const error =
    parsed !== undefined && Number.isNaN(parsed)
      ? `${param} must be a number, got "${text}"`
      : paramProblem(preset, param, parsed);
  const fallback = presetDefault(preset, param);
  const commit = () => {
    if (parsed === undefined || !Number.isNaN(parsed)) {
      onChange(parsed);
    }
  };
  return (
    <Field invalid={!!error} error={error} style={{ marginBottom: 0 }}>
      <Input
        data-testid={`bandscope-param-${param}`}
        type="text"
        inputMode="decimal"
        value={text}
        placeholder={fallback === undefined ? '' : `${fallback} (preset default)`}
        suffix={item.settings?.suffix}
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
