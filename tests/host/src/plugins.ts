// Loading the BUILT plugin modules from dist/ through SystemJS, as Grafana's plugin loader does.
import {
  type AppPlugin,
  type DataSourceApi,
  type DataSourcePlugin,
  type DataSourcePluginMeta,
  type PanelPlugin,
  type PanelPluginMeta,
} from '@grafana/data';

import { type HostDataSourceSrv } from './services';
import { systemJS } from './shared';
import { instanceSettings } from './upstreams';

const PLUGIN_ROOT = '/public/plugins/bandscope-app';

async function loadMeta<T>(dir: string): Promise<T> {
  const res = await fetch(`${PLUGIN_ROOT}${dir}/plugin.json`);
  if (!res.ok) {
    throw new Error(`${dir}/plugin.json: ${res.status}`);
  }
  return res.json();
}

async function importModule<T>(dir: string): Promise<T> {
  const mod = await systemJS().import(`${PLUGIN_ROOT}${dir}/module.js`);
  if (!mod.plugin) {
    throw new Error(`${dir}/module.js does not export "plugin"`);
  }
  return mod.plugin as T;
}

function withMeta<M extends { module: string; baseUrl: string }>(meta: M, dir: string): M {
  // Grafana's meta.module and meta.baseUrl are relative to its root: PLUGIN_ROOT without the leading slash.
  const baseUrl = `${PLUGIN_ROOT.slice(1)}${dir}`;
  return { ...meta, module: `${baseUrl}/module.js`, baseUrl };
}

export async function loadPanelPlugin(): Promise<PanelPlugin> {
  const [meta, plugin] = await Promise.all([loadMeta<PanelPluginMeta>('/panel'), importModule<PanelPlugin>('/panel')]);
  plugin.meta = withMeta(meta, '/panel');
  return plugin;
}

export async function loadAppPlugin(): Promise<AppPlugin> {
  const [meta, plugin] = await Promise.all([loadMeta<any>(''), importModule<AppPlugin>('')]);
  plugin.meta = withMeta({ ...meta, enabled: true, jsonData: {} }, '');
  return plugin;
}

export async function loadBandscopeDatasource(
  srv: HostDataSourceSrv,
  uid = 'bandscope',
  jsonData: object = {}
): Promise<{ plugin: DataSourcePlugin<any, any, any, any>; instance: DataSourceApi }> {
  const [meta, plugin] = await Promise.all([
    loadMeta<DataSourcePluginMeta>('/datasource'),
    importModule<DataSourcePlugin<any, any, any, any>>('/datasource'),
  ]);
  plugin.meta = withMeta(meta, '/datasource');
  const instance = srv.add(plugin, instanceSettings(uid, uid === 'bandscope' ? 'Bandscope' : uid, plugin.meta, jsonData));
  return { plugin, instance };
}
