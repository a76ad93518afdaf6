import React, { useEffect, useState } from 'react';

import { type DataSourceApi, type DataSourceInstanceSettings, type DataSourcePlugin, type DataSourceSettings } from '@grafana/data';
import { type DataQuery } from '@grafana/schema';

import { timeRange } from './runner';

/** Renders a datasource's QueryEditor as a query row does, keeping the edited query in state. */
export function QueryEditorHost({
  datasource,
  initial,
  onQuery,
}: {
  datasource: DataSourceApi;
  initial: DataQuery;
  onQuery: (q: DataQuery, ran: boolean) => void;
}) {
  const [query, setQuery] = useState(initial);
  const Editor = datasource.components?.QueryEditor;
  useEffect(() => onQuery(query, false), [query, onQuery]);
  if (!Editor) {
    return <p>This datasource has no query editor.</p>;
  }
  return (
    <div data-testid="host-query-editor" style={{ maxWidth: 900 }}>
      <Editor datasource={datasource} query={query} onChange={setQuery} onRunQuery={() => onQuery(query, true)} range={timeRange()} />
    </div>
  );
}

/** Renders a datasource's ConfigEditor as the datasource settings page does. */
export function ConfigEditorHost({
  plugin,
  initial,
  onOptions,
}: {
  plugin: DataSourcePlugin<any, any, any, any>;
  initial: DataSourceSettings;
  onOptions: (o: DataSourceSettings) => void;
}) {
  const [options, setOptions] = useState(initial);
  const Editor = plugin.components.ConfigEditor;
  useEffect(() => onOptions(options), [options, onOptions]);
  if (!Editor) {
    return <p>This datasource has no config editor.</p>;
  }
  return (
    <div data-testid="host-config-editor" style={{ maxWidth: 900 }}>
      <Editor options={options} onOptionsChange={setOptions} />
    </div>
  );
}

export function settingsFor(s: DataSourceInstanceSettings, jsonData: object = {}): DataSourceSettings {
  return {
    id: s.id ?? 0,
    uid: s.uid,
    orgId: 1,
    name: s.name,
    typeLogoUrl: s.meta.info.logos.small,
    type: s.type,
    typeName: s.meta.name,
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData: { ...s.jsonData, ...jsonData },
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
  };
}
