import { css } from '@emotion/css';
import React, { useMemo } from 'react';

import { createTheme, type GrafanaTheme2, ThemeContext } from '@grafana/data';
import { config } from '@grafana/runtime';
import { GlobalStyles } from '@grafana/ui';

export type ThemeMode = 'dark' | 'light';

function makeTheme(mode: ThemeMode): GrafanaTheme2 {
  const theme = createTheme({ colors: { mode } });
  // Components that read the theme outside React context use config.theme2, as in Grafana.
  config.theme2 = theme;
  config.theme = theme.v1;
  config.bootData.user = { ...config.bootData.user, lightTheme: mode === 'light' };
  return theme;
}

export function HostTheme({ mode, children }: { mode: ThemeMode; children: React.ReactNode }) {
  const theme = useMemo(() => makeTheme(mode), [mode]);
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <div
        data-theme={mode}
        className={css({
          background: theme.colors.background.canvas,
          color: theme.colors.text.primary,
          minHeight: '100vh',
          padding: theme.spacing(2),
        })}
      >
        {children}
      </div>
    </ThemeContext.Provider>
  );
}

/** Panel chrome, roughly as a dashboard draws it: title bar and a sized body. */
export function PanelFrame({
  title,
  width,
  height,
  children,
  theme,
}: {
  title: string;
  width: number;
  height: number;
  children: React.ReactNode;
  theme: GrafanaTheme2;
}) {
  return (
    <section
      data-testid="host-panel"
      aria-label={title}
      className={css({
        width,
        background: theme.colors.background.primary,
        border: `1px solid ${theme.colors.border.weak}`,
        borderRadius: theme.shape.radius.default,
        marginBottom: theme.spacing(2),
        display: 'inline-block',
        verticalAlign: 'top',
        marginRight: theme.spacing(2),
      })}
    >
      <header
        className={css({ padding: theme.spacing(0.5, 1), fontWeight: theme.typography.fontWeightMedium, height: 32 })}
      >
        {title}
      </header>
      <div className={css({ width, height, position: 'relative', overflow: 'hidden' })}>{children}</div>
    </section>
  );
}

export class ErrorBoundary extends React.Component<{ children: React.ReactNode }, { error?: Error }> {
  state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidUpdate(previous: { children: React.ReactNode }) {
    // The next render call brings new children: show them, rather than the crash of the previous ones forever.
    if (this.state.error && previous.children !== this.props.children) {
      this.setState({ error: undefined });
    }
  }

  componentDidCatch(error: Error) {
    // Specs fail on console.error: a crash inside a plugin component must fail the test.
    console.error('plugin component crashed:', error);
  }

  render() {
    return this.state.error ? (
      <pre data-testid="host-crash">{String(this.state.error.stack ?? this.state.error)}</pre>
    ) : (
      this.props.children
    );
  }
}
