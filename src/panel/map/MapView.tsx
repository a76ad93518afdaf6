// The map view: web traffic by country as a world choropleth with a time-lapse over the buckets.
// Input: any of the three web-log shapes (see ./input.ts); raw lines and IP rows are parsed in a Web
// Worker, aggregated counts are drawn directly. By anomaly: countries coloured by their own band's score
// (computed in the worker), a click shows a country's band chart.

import { css } from '@emotion/css';
import React, { useCallback, useEffect, useMemo, useState } from 'react';

import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { Alert, LoadingPlaceholder, useStyles2, useTheme2 } from '@grafana/ui';

import { CountryBand } from './CountryBand';
import { loadWorld, type ProjectedWorld } from './geometry';
import { InputProblems } from './InputProblems';
import { IpDataNote, Legend } from './MapLegend';
import { anomalyColors, bucketIndexAt, mapColors, mapSlice, withScores } from './model';
import type { MapOptions } from '../types';
import { type PlayerState, TimeControls, usePlayback } from './TimeControls';
import { useWeblog, type WeblogState } from './useWeblog';
import { WorldMap } from './WorldMap';

const CONTROLS_HEIGHT = 36;

export interface MapViewProps extends Pick<PanelProps, 'data' | 'width' | 'height' | 'timeZone'> {
  /** The panel's map options (`options.map`, defaults filled in). */
  options: MapOptions;
}

function initialPlayer(o: MapOptions, n: number): PlayerState {
  const index = o.start === 'first' ? 0 : o.start === 'last' ? n - 1 : -1;
  return { index: n > 0 ? index : -1, playing: false, speed: o.speed, loop: o.loop };
}

/** The world geometry (loaded once per page), or the load error. */
function useWorld(): { world?: ProjectedWorld; error?: string } {
  const [state, setState] = useState<{ world?: ProjectedWorld; error?: string }>({});
  useEffect(() => {
    let live = true;
    loadWorld().then(
      (world) => live && setState({ world }),
      (e: unknown) => live && setState({ error: e instanceof Error ? e.message : String(e) })
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** Player state that follows the options' defaults and resets when the buckets change. */
function usePlayer(options: MapOptions, times: Float64Array | undefined) {
  const n = times?.length ?? 0;
  const [player, setPlayer] = useState<PlayerState>(() => initialPlayer(options, n));
  // Adjusting state while rendering (React's pattern for "reset when a prop changes"), not in an effect.
  const [seen, setSeen] = useState({ times, start: options.start, speed: options.speed, loop: options.loop });
  if (
    seen.times !== times ||
    seen.start !== options.start ||
    seen.speed !== options.speed ||
    seen.loop !== options.loop
  ) {
    setSeen({ times, start: options.start, speed: options.speed, loop: options.loop });
    const firstData = !seen.times || seen.times.length === 0;
    setPlayer((p) => {
      if (seen.start !== options.start || (seen.times !== times && firstData)) {
        return initialPlayer(options, n);
      }
      if (seen.times !== times) {
        // A refresh: keep the view and playback, on a bucket that still exists.
        return { ...p, index: Math.min(p.index, n - 1), playing: p.playing && n > 0 };
      }
      return { ...p, speed: options.speed, loop: options.loop };
    });
  }
  const update = useCallback(
    (s: Partial<PlayerState> | ((p: PlayerState) => PlayerState)) =>
      setPlayer((p) => (typeof s === 'function' ? s(p) : { ...p, ...s })),
    []
  );
  usePlayback(n, player.playing, player.speed, update);
  return [player, update] as const;
}

/** What the map needs of a panel: the web-log state of its data, the map options and the time-lapse player. */
export type MapState = Pick<MapBodyProps, 'state' | 'options' | 'player' | 'onPlayer'>;

/** The map state of a panel's data and options (the map view and the combined view). */
export function useMapState(data: MapViewProps['data'], mapOptions: MapOptions): MapState {
  const state = useWeblog(data.series, mapOptions.bucket, mapOptions.mode, data.timeRange?.to?.valueOf());
  const [player, onPlayer] = usePlayer(mapOptions, state.model?.times);
  return { state, options: mapOptions, player, onPlayer };
}

export function MapView({ data, width, height, timeZone, options }: MapViewProps) {
  const map = useMapState(data, options);
  return <MapBody {...map} width={width} height={height} timeZone={timeZone} />;
}

export interface MapBodyProps {
  state: WeblogState;
  width: number;
  height: number;
  timeZone?: string;
  options: MapOptions;
  player: PlayerState;
  onPlayer: (s: Partial<PlayerState>) => void;
}

const fmt = new Intl.NumberFormat('en-US');

/** The map, legend and time controls for a computed web-log state (shared with the combined view). */
export function MapBody({ state, width, height, timeZone, options, player, onPlayer }: MapBodyProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const { world: projected, error: worldError } = useWorld();
  const mapHeight = Math.max(40, height - CONTROLS_HEIGHT);
  const colors = useMemo(() => mapColors(theme, options.color), [theme, options.color]);
  const model = state.model;
  // The anomaly mode draws once the worker's scores are there (a mode switch recounts: volume meanwhile).
  const anomalies = options.mode === 'anomaly' ? state.anomalies : undefined;
  const anomaly = useMemo(
    () => (anomalies ? anomalyColors(theme, colors.empty) : undefined),
    [anomalies, theme, colors.empty]
  );
  const slice = useMemo(() => {
    const s = model ? mapSlice(model, player.index) : undefined;
    return s && anomalies ? withScores(s, anomalies, player.index) : s;
  }, [model, anomalies, player.index]);
  const [selected, setSelected] = useState<string | undefined>();
  const aggregate = state.result?.aggregate;
  const onTimeSelect = useCallback(
    (t: number) => {
      if (model && Number.isFinite(t)) {
        onPlayer({ index: bucketIndexAt(model, t), playing: false });
      }
    },
    [model, onPlayer]
  );
  // Counts geo-enriched upstream never touch the table: no note then.
  const ipData = state.ipData && `IP data: ${state.ipData.source}, ${state.ipData.date}`;

  let body: React.ReactNode;
  if (state.status === 'error') {
    body = (
      <Alert severity="error" title="Web-log input could not be read">
        {state.error}
      </Alert>
    );
  } else if (state.status === 'nodata') {
    body = (
      <Alert severity="info" title="No web-log data">
        The map needs raw access log lines (a string field), rows with an IP field and a time field, or counts with a
        country-code field.
      </Alert>
    );
  } else if (worldError) {
    body = (
      <Alert severity="error" title="The world map did not load">
        {worldError}
      </Alert>
    );
  } else if (!projected || !slice) {
    body = <LoadingPlaceholder text={state.source ? `Counting ${state.source}…` : 'Loading…'} />;
  } else {
    body = (
      <>
        <WorldMap
          world={projected}
          slice={slice}
          width={width}
          height={mapHeight}
          colors={colors}
          scale={options.scale}
          heat={options.heat && !anomaly}
          anomaly={anomaly}
          onSelect={anomaly ? setSelected : undefined}
          selected={anomaly ? selected : undefined}
        />
        {options.showLegend ? (
          <Legend slice={slice} colors={colors} scale={options.scale} note={ipData} anomaly={anomaly} />
        ) : (
          ipData && <IpDataNote note={ipData} alone />
        )}
        {state.result && <InputProblems stats={state.result.aggregate.stats} />}
        {anomalies && aggregate && model && selected && (
          <CountryBand
            code={selected}
            aggregate={aggregate}
            anomalies={anomalies}
            width={width}
            timeZone={timeZone}
            markerTime={player.index >= 0 ? model.times[player.index] : undefined}
            onTimeSelect={onTimeSelect}
            onClose={() => setSelected(undefined)}
          />
        )}
        {state.status === 'loading' && <div className={styles.busy}>Counting {state.source}…</div>}
        {state.result?.geoError && (
          <div className={styles.warning} data-testid="bandscope-map-geo-error">
            Countries not counted: {state.result.geoError}
          </div>
        )}
      </>
    );
  }
  const r = state.result;
  const info =
    r && state.rows !== undefined
      ? `${fmt.format(state.rows)} ${state.source?.startsWith('counts') ? 'rows' : 'lines'} · ${r.aggregate.bucket} · ${
          r.where === 'worker' ? 'worker' : 'main thread'
        } ${Math.round(r.busyMs)} ms`
      : undefined;
  return (
    <div
      data-testid="bandscope-map"
      data-status={state.status === 'ready' && !projected ? 'loading' : state.status}
      data-where={r?.where}
      data-busy-ms={r ? Math.round(r.busyMs) : undefined}
      data-wall-ms={state.wallMs !== undefined ? Math.round(state.wallMs) : undefined}
      data-buckets={model?.times.length}
      data-mode={anomalies ? 'anomaly' : 'volume'}
      className={styles.root}
      style={{ width, height }}
    >
      <div className={styles.map} style={{ height: mapHeight }}>
        {body}
      </div>
      <TimeControls
        times={model?.times ?? new Float64Array(0)}
        bucketMs={model?.bucketMs ?? 3_600_000}
        timeZone={timeZone}
        state={player}
        onChange={onPlayer}
        info={info}
      />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  map: css({ position: 'relative', overflow: 'hidden' }),
  busy: css({
    position: 'absolute',
    left: theme.spacing(1),
    top: theme.spacing(1),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  warning: css({
    position: 'absolute',
    right: theme.spacing(1),
    bottom: theme.spacing(1),
    color: theme.colors.warning.text,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
