// Small stand-ins for the Grafana core services a plugin reaches through @grafana/runtime.
import {
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type DataSourcePlugin,
  type DataSourceRef,
  type ScopedVars,
  type TimeRange,
  type TypedVariableModel,
} from '@grafana/data';
import { type DataSourceSrv, type GetDataSourceListFilters, type TemplateSrv } from '@grafana/runtime';

interface Registered {
  settings: DataSourceInstanceSettings;
  instance: DataSourceApi;
}

export class HostDataSourceSrv implements DataSourceSrv {
  private byUid = new Map<string, Registered>();

  /** Creates the datasource instance the way Grafana's loader does: class from the plugin, components attached. */
  add(plugin: DataSourcePlugin<any, any, any, any>, settings: DataSourceInstanceSettings): DataSourceApi {
    const instance = new plugin.DataSourceClass(settings);
    instance.components = plugin.components;
    this.byUid.set(settings.uid, { settings, instance });
    return instance;
  }

  private find(ref?: DataSourceRef | string | null): Registered | undefined {
    if (ref == null) {
      return [...this.byUid.values()].find((r) => r.settings.isDefault);
    }
    const key = typeof ref === 'string' ? ref : ref.uid;
    if (key == null) {
      return undefined;
    }
    return this.byUid.get(key) ?? [...this.byUid.values()].find((r) => r.settings.name === key);
  }

  async get(ref?: DataSourceRef | string | null): Promise<DataSourceApi> {
    const found = this.find(ref);
    if (!found) {
      throw new Error(`Datasource ${JSON.stringify(ref)} was not found`);
    }
    return found.instance;
  }

  getInstanceSettings(ref?: DataSourceRef | string | null): DataSourceInstanceSettings | undefined {
    return this.find(ref)?.settings;
  }

  getList(filters: GetDataSourceListFilters = {}): DataSourceInstanceSettings[] {
    return [...this.byUid.values()]
      .map((r) => r.settings)
      .filter((s) => (filters.metrics ? s.meta.metrics : true))
      .filter((s) => (filters.logs ? s.meta.logs : true))
      .filter((s) => (filters.annotations ? s.meta.annotations : true))
      .filter((s) => (filters.pluginId ? s.meta.id === filters.pluginId : true))
      .filter((s) => (filters.type ? [filters.type].flat().includes(s.type) : true))
      .filter((s) => (filters.filter ? filters.filter(s) : true));
  }

  reload(): void {}

  registerRuntimeDataSource(): void {
    throw new Error('runtime datasources are not supported by the plugin host');
  }
}

/** Dashboard variables: `$name`, `${name}` and `[[name]]`, with scoped vars taking precedence. */
export class HostTemplateSrv implements TemplateSrv {
  constructor(private variables: Record<string, string> = {}) {}

  setVariables(variables: Record<string, string>) {
    this.variables = { ...variables };
  }

  getVariables(): TypedVariableModel[] {
    return Object.entries(this.variables).map(
      ([name, value]) => ({ name, type: 'constant', query: value, current: { value, text: value } }) as unknown as TypedVariableModel
    );
  }

  replace(target?: string, scopedVars?: ScopedVars): string {
    if (!target) {
      return target ?? '';
    }
    return target.replace(/\$(\w+)|\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]/g, (match, a, b, c) => {
      const name = a ?? b ?? c;
      const scoped = scopedVars?.[name];
      if (scoped) {
        return String(scoped.value);
      }
      return name in this.variables ? this.variables[name] : match;
    });
  }

  containsTemplate(target?: string): boolean {
    return !!target && /\$\w+|\$\{\w+(?::\w+)?\}|\[\[\w+\]\]/.test(target);
  }

  updateTimeRange(_timeRange: TimeRange): void {}
}
