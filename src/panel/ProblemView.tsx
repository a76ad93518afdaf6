// The "cannot draw this" view: what is wrong with the data or the options, in words a user can act on.
import React from 'react';

import { Alert } from '@grafana/ui';

export interface ProblemViewProps {
  title: string;
  messages: string[];
  kinds: string[];
  severity?: 'warning' | 'error' | 'info';
  width: number;
  height: number;
}

export function ProblemView({ title, messages, kinds, severity = 'warning', width, height }: ProblemViewProps) {
  return (
    <div
      data-testid="bandscope-problem"
      data-kinds={kinds.join(' ')}
      style={{
        width,
        height,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        overflow: 'auto',
      }}
    >
      <div style={{ maxWidth: Math.min(640, width - 32) }}>
        <Alert title={title} severity={severity}>
          {messages.length === 1 ? (
            <div data-testid="bandscope-problem-message">{messages[0]}</div>
          ) : (
            <ul style={{ paddingLeft: 16 }}>
              {messages.map((m, i) => (
                <li key={i} data-testid="bandscope-problem-message">
                  {m}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      </div>
    </div>
  );
}
