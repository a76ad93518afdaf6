// The time-lapse controls: play/pause, a bucket slider, "all time", speed and loop.

import { css } from '@emotion/css';
import React, { useEffect } from 'react';

import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { IconButton, RadioButtonGroup, ToolbarButton, useStyles2 } from '@grafana/ui';

import { SPEEDS } from './options';

export interface PlayerState {
  /** Bucket index, -1 = all buckets summed. */
  index: number;
  playing: boolean;
  speed: number;
  loop: boolean;
}

/** The next state of a playing player with `n` buckets: one bucket on, wrapping when looping, else stopping. */
export function advance(p: PlayerState, n: number): PlayerState {
  if (!p.playing || n === 0) {
    return p;
  }
  const next = p.index + 1;
  if (next < n) {
    return { ...p, index: next };
  }
  return p.loop ? { ...p, index: 0 } : { ...p, playing: false };
}

/** Advances the player while it plays: `speed` buckets per second. `update` takes functional updates. */
export function usePlayback(
  n: number,
  playing: boolean,
  speed: number,
  update: (f: (p: PlayerState) => PlayerState) => void
) {
  useEffect(() => {
    if (!playing || n === 0) {
      return;
    }
    const timer = setInterval(() => update((p) => advance(p, n)), 1000 / Math.max(0.1, speed));
    return () => clearInterval(timer);
  }, [playing, speed, n, update]);
}

export interface TimeControlsProps {
  times: Float64Array;
  bucketMs: number;
  timeZone?: string;
  state: PlayerState;
  onChange: (s: Partial<PlayerState>) => void;
  /** Text at the right end (source and timing). */
  info?: React.ReactNode;
}

export function formatBucket(t: number, bucketMs: number, timeZone?: string): string {
  const format = bucketMs >= 86_400_000 ? 'YYYY-MM-DD' : 'YYYY-MM-DD HH:mm';
  return dateTimeFormat(t, { format, timeZone });
}

export function TimeControls({ times, bucketMs, timeZone, state, onChange, info }: TimeControlsProps) {
  const styles = useStyles2(getStyles);
  const n = times.length;
  const label =
    state.index < 0 || n === 0
      ? n > 0
        ? `All: ${formatBucket(times[0], bucketMs, timeZone)} – ` +
          formatBucket(times[n - 1] + bucketMs, bucketMs, timeZone)
        : 'No buckets'
      : formatBucket(times[state.index], bucketMs, timeZone);
  return (
    <div className={styles.bar} data-testid="bandscope-map-controls" data-playing={state.playing}>
      <IconButton
        data-testid="bandscope-map-play"
        name={state.playing ? 'pause' : 'play'}
        tooltip={state.playing ? 'Pause' : 'Play'}
        disabled={n === 0}
        onClick={() =>
          onChange(
            state.playing
              ? { playing: false }
              : { playing: true, index: state.index < 0 || state.index >= n - 1 ? 0 : state.index }
          )
        }
      />
      <ToolbarButton
        data-testid="bandscope-map-all"
        variant={state.index < 0 ? 'active' : 'default'}
        onClick={() => onChange({ index: -1, playing: false })}
        tooltip="All buckets summed"
      >
        All
      </ToolbarButton>
      <input
        data-testid="bandscope-map-slider"
        aria-label="Time bucket"
        aria-valuetext={label}
        className={styles.slider}
        type="range"
        min={0}
        max={Math.max(0, n - 1)}
        step={1}
        value={Math.max(0, state.index)}
        disabled={n === 0}
        onChange={(e) => onChange({ index: Number(e.currentTarget.value), playing: false })}
      />
      <span className={styles.time} data-testid="bandscope-map-time" data-index={state.index}>
        {label}
      </span>
      <RadioButtonGroup
        size="sm"
        options={SPEEDS.map((s) => ({ value: s, label: `${s}×`, description: `${s} buckets per second` }))}
        value={state.speed}
        onChange={(speed) => onChange({ speed })}
      />
      <IconButton
        data-testid="bandscope-map-loop"
        name="repeat"
        aria-pressed={state.loop}
        tooltip={state.loop ? 'Loop: on' : 'Loop: off'}
        variant={state.loop ? 'primary' : 'secondary'}
        onClick={() => onChange({ loop: !state.loop })}
      />
      {info && <span className={styles.info}>{info}</span>}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  bar: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    height: 36,
    padding: theme.spacing(0, 0.5),
    flexWrap: 'nowrap',
    overflow: 'hidden',
  }),
  slider: css({ flex: '1 1 160px', minWidth: 80, accentColor: theme.colors.primary.main }),
  time: css({
    fontVariantNumeric: 'tabular-nums',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.primary,
    whiteSpace: 'nowrap',
  }),
  info: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    maxWidth: 280,
  }),
});
