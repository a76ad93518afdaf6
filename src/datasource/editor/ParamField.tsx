import React from 'react';

import { InlineField, Input } from '@grafana/ui';

interface Props {
  id: string;
  label: string;
  tooltip: string;
  value: string;
  placeholder: string;
  error?: string;
  onChange: (v: string) => void;
  /** Runs the query: on blur or Enter, and only while the value is valid. */
  onCommit: () => void;
}

/** A text input for one detector parameter or query option (a value, a duration or a `$variable`). */
export function ParamField({ id, label, tooltip, value, placeholder, error, onChange, onCommit }: Props) {
  return (
    <InlineField label={label} labelWidth={14} tooltip={tooltip} invalid={!!error} error={error}>
      <Input
        width={10}
        data-testid={`bandscope-param-${id}`}
        aria-label={label}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.currentTarget.value)}
        onBlur={() => !error && onCommit()}
        onKeyDown={(e) => e.key === 'Enter' && !error && onCommit()}
      />
    </InlineField>
  );
}
