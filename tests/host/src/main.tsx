// The plugin host: a page that loads the BUILT plugin from dist/ through SystemJS with the real
// @grafana/* packages shared, registers real upstream datasources and renders panels and editors.
import React from 'react';
import { version as reactDomVersion } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { isObservable, lastValueFrom, type Observable, toArray } from 'rxjs';

import {
  type AppPlugin,
  type DataFrame,
  type DataQuery,
  type DataSourceApi,
  type DataSourcePlugin,
  type DataSourceSettings,
  type FieldConfigSource,
  type PanelData,
  type PanelPlugin,
  toDataFrame,
  toDataFrameDTO,
} from '@grafana/data';
import { config, setDataSourceSrv, setTemplateSrv } from '@grafana/runtime';

import { DASHBOARDS, DemoApp } from './demo';
import { type PickerKind, usePickerKind } from './corePicker';
import { ConfigEditorHost, QueryEditorHost, settingsFor } from './editors';
import { PanelHost } from './PanelHost';
import { loadAppPlugin, loadBandscopeDatasource, loadPanelPlugin } from './plugins';
import { registerOptionEditors } from './registries';
import { buildRequest, type QueryOptions, runQuery, timeRange } from './runner';
import { HostDataSourceSrv, HostTemplateSrv } from './services';
import { registerSharedDependencies, SHARED_VERSIONS } from './shared';
import { ErrorBoundary, HostTheme, type ThemeMode } from './theme';
import { TimeSeriesHost } from './timeseries';
import { setPrometheusPort } from './promUpstream';
import { UPSTREAMS } from './upstreams';
import './uplotCss';

registerSharedDependencies();
registerOptionEditors();
const dataSourceSrv = new HostDataSourceSrv();
const templateSrv = new HostTemplateSrv();
setDataSourceSrv(dataSourceSrv);
setTemplateSrv(templateSrv);
for (const u of UPSTREAMS) {
  dataSourceSrv.add(u.plugin, u.settings);
}

let root: Root | undefined;
// Each renderQueryEditor call mounts a new editor for its query, as opening another query row does; without a new
// key React would keep the previous editor's state (the query it was first given).
let editorMounts = 0;
function render(theme: ThemeMode, node: React.ReactNode) {
  root ??= createRoot(document.getElementById('root')!);
  root.render(
    <HostTheme mode={theme}>
      <ErrorBoundary>{node}</ErrorBoundary>
    </HostTheme>
  );
}

export interface PanelSpec {
  theme?: ThemeMode;
  title?: string;
  width?: number;
  height?: number;
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
  timeZone?: string;
  showOptions?: boolean;
  /** Static frames (DataFrameDTO / DataFrame-like objects)… */
  frames?: unknown[];
  /** …or a query against a registered datasource. */
  datasource?: string;
  targets?: DataQuery[];
  query?: QueryOptions;
}

let setPanelOptions: ((o: Record<string, unknown>) => void) | undefined;
const state: {
  lastQuery?: DataQuery;
  lastSettings?: DataSourceSettings;
  timeRangeChanges: Array<{ from: number; to: number }>;
} = {
  timeRangeChanges: [],
};

async function panelData(spec: PanelSpec): Promise<PanelData | Observable<PanelData>> {
  if (spec.datasource) {
    const ds = await dataSourceSrv.get(spec.datasource);
    return runQuery(ds, buildRequest(spec.targets ?? [], spec.query));
  }
  const series = (spec.frames ?? []).map((f) => toDataFrame(f));
  return { state: 'Done' as PanelData['state'], series, timeRange: timeRange(spec.query?.range) };
}

const host = {
  /** What this host shares with the plugin: the matrix entry's packages, as bundled (React's from React itself). */
  versions: { grafana: SHARED_VERSIONS, react: React.version, reactDom: reactDomVersion },
  /** The version Grafana tells plugins it is (`config.buildInfo.version`). */
  grafanaVersion: () => config.buildInfo.version,
  /** Renders what React's development build warns about (a boolean on a DOM attribute), for the spec that shows warnings are caught. */
  renderInvalidAttribute() {
    render('dark', <div data-testid="invalid-attribute" {...({ invalid: false } as object)} />);
  },
  /** Which DataSourcePicker @grafana/runtime gives editors rendered next: its own, or Grafana's core one. */
  usePicker(picker: PickerKind) {
    usePickerKind(picker);
  },
  dataSourceSrv,
  templateSrv,
  state,
  panel: undefined as PanelPlugin | undefined,
  app: undefined as AppPlugin | undefined,
  datasource: undefined as { plugin: DataSourcePlugin<any, any, any, any>; instance: DataSourceApi } | undefined,
  /** The DataQueryRequest `query` sends, for specs that call a datasource directly. */
  buildRequest,

  /** Loads the three plugins from dist/ and registers the Bandscope datasource instance. */
  async load(datasourceJsonData: object = {}) {
    const [panel, app, datasource] = await Promise.all([
      loadPanelPlugin(),
      loadAppPlugin(),
      loadBandscopeDatasource(dataSourceSrv, 'bandscope', datasourceJsonData),
    ]);
    Object.assign(host, { panel, app, datasource });
    return { panel: panel.meta.id, app: app.meta.id, datasource: datasource.plugin.meta.id };
  },

  /** Points the `prometheus` upstream at a Prometheus on 127.0.0.1:port (proxied by the host server). */
  setPrometheusPort,
  setVariables(vars: Record<string, string>) {
    templateSrv.setVariables(vars);
  },

  /**
   * Renders the panel. Called again with the same options (and field config), it refreshes the mounted panel with
   * the new data, as a dashboard refresh does (options changed through setPanelOptions stay); with other options
   * it mounts a new panel, as opening another one does (a mounted panel would keep its first options).
   */
  async renderPanel(spec: PanelSpec) {
    const data = await panelData(spec);
    render(
      spec.theme ?? 'dark',
      <PanelHost
        key={JSON.stringify([spec.options ?? {}, spec.fieldConfig ?? null])}
        plugin={host.panel!}
        title={spec.title ?? 'Bandscope'}
        width={spec.width ?? 900}
        height={spec.height ?? 400}
        data={data}
        options={spec.options}
        fieldConfig={spec.fieldConfig}
        timeZone={spec.timeZone}
        showOptions={spec.showOptions}
        optionsRef={(fn) => (setPanelOptions = fn)}
        onTimeRangeChange={(r) => state.timeRangeChanges.push(r)}
      />
    );
  },

  /** Renders Grafana's own Time series component (@grafana/ui) over a query's last emission or static frames. */
  async renderTimeSeries(spec: PanelSpec) {
    const data = await panelData(spec);
    const last = isObservable(data) ? await lastValueFrom(data) : data;
    render(
      spec.theme ?? 'dark',
      <TimeSeriesHost
        frames={last.series}
        timeRange={timeRange(spec.query?.range)}
        width={spec.width ?? 900}
        height={spec.height ?? 400}
        title={spec.title ?? 'Time series'}
      />
    );
    return { frames: last.series.length, errors: last.errors ?? [] };
  },

  setPanelOptions(options: Record<string, unknown>) {
    setPanelOptions?.(options);
  },

  /** Runs a query and returns every emission's frames as DTOs (plain arrays), plus errors. */
  async query(datasource: string, targets: DataQuery[], opts: QueryOptions = {}) {
    const ds = await dataSourceSrv.get(datasource);
    const emissions = await lastValueFrom(runQuery(ds, buildRequest(targets, opts)).pipe(toArray()));
    return emissions.map((e) => ({
      state: e.state,
      errors: e.errors,
      series: e.series.map((f: DataFrame) => toDataFrameDTO(f)),
    }));
  },

  async renderQueryEditor(datasource: string, query: DataQuery, theme: ThemeMode = 'dark') {
    const ds = await dataSourceSrv.get(datasource);
    render(
      theme,
      <QueryEditorHost
        key={++editorMounts}
        datasource={ds}
        initial={query}
        onQuery={(q) => {
          state.lastQuery = q;
        }}
      />
    );
  },

  async renderConfigEditor(jsonData: object = {}, theme: ThemeMode = 'dark') {
    const { plugin, instance } = host.datasource!;
    const settings = dataSourceSrv.getInstanceSettings(instance.uid)!;
    render(
      theme,
      <ConfigEditorHost
        plugin={plugin}
        initial={settingsFor(settings, jsonData)}
        onOptions={(o) => {
          state.lastSettings = o;
        }}
      />
    );
  },

  async renderAppConfig(theme: ThemeMode = 'dark') {
    const app = host.app!;
    const page = app.configPages?.[0];
    if (!page) {
      throw new Error('the app has no config page');
    }
    const Body = page.body;
    render(theme, <Body plugin={app} query={{}} />);
  },

  demoDashboards() {
    return DASHBOARDS.map((d) => d.id);
  },

  async renderDemo(theme: ThemeMode = 'dark', dashboard?: string) {
    render(theme, <DemoApp key={dashboard} host={host} dashboard={dashboard} />);
  },
};

export type Host = typeof host;
(window as unknown as { host: Host }).host = host;
(window as unknown as { hostReady: boolean }).hostReady = true;
