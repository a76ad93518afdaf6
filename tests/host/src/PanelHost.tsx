import { get, set } from 'lodash';
import React, { useEffect, useMemo, useState } from 'react';
import { type Observable } from 'rxjs';

import {
  applyFieldOverrides,
  type DataFrame,
  EventBusSrv,
  type FieldConfigSource,
  type GrafanaTheme2,
  LoadingState,
  type PanelData,
  type PanelPlugin,
  PanelOptionsEditorBuilder,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { Field, useTheme2 } from '@grafana/ui';

import { PanelFrame } from './theme';

export interface PanelHostProps {
  plugin: PanelPlugin;
  title: string;
  width: number;
  height: number;
  /** Static frames, or a running query. */
  data: PanelData | Observable<PanelData>;
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
  timeZone?: string;
  showOptions?: boolean;
  /** Lets the page (specs) change options without re-querying, as the options pane does. */
  optionsRef?: (set: (options: Record<string, unknown>) => void) => void;
  onTimeRangeChange?: (range: { from: number; to: number }) => void;
}

function optionItems(plugin: PanelPlugin, data: DataFrame[]) {
  const builder = new PanelOptionsEditorBuilder<any>();
  plugin.getPanelOptionsSupplier()(builder, { data });
  return builder.getItems();
}

/** Options with the builder's defaults filled in, as Grafana does when a panel is added. */
function optionsWithDefaults(plugin: PanelPlugin, options: Record<string, unknown> = {}) {
  const result: Record<string, unknown> = JSON.parse(JSON.stringify(options));
  for (const item of optionItems(plugin, [])) {
    if (get(result, item.path) === undefined && item.defaultValue !== undefined) {
      set(result, item.path, item.defaultValue);
    }
  }
  return result;
}

function useData(data: PanelData | Observable<PanelData>): PanelData | undefined {
  const [latest, setLatest] = useState<PanelData | undefined>();
  useEffect(() => {
    if (!('subscribe' in data)) {
      return;
    }
    const sub = data.subscribe({ next: setLatest, error: (e) => console.error('query failed outside the runner', e) });
    return () => sub.unsubscribe();
  }, [data]);
  return 'subscribe' in data ? latest : data;
}

export function PanelHost(props: PanelHostProps) {
  const theme = useTheme2();
  const { plugin, width, height, title } = props;
  const raw = useData(props.data);
  const [options, setOptions] = useState(() => optionsWithDefaults(plugin, props.options));
  const [fieldConfig, setFieldConfig] = useState<FieldConfigSource>(props.fieldConfig ?? { defaults: {}, overrides: [] });
  const eventBus = useMemo(() => new EventBusSrv(), []);
  const [renderCounter, setRenderCounter] = useState(0);
  const timeZone = props.timeZone ?? 'utc';

  useEffect(() => {
    props.optionsRef?.((next) => {
      setOptions((prev) => ({ ...prev, ...next }));
      setRenderCounter((n) => n + 1);
    });
  }, [props]);

  const data = useMemo(() => (raw ? processed(raw, plugin, fieldConfig, theme, timeZone) : undefined), [raw, plugin, fieldConfig, theme, timeZone]);
  const Panel = plugin.panel!;
  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
      <PanelFrame title={title} width={width} height={height} theme={theme}>
        {data ? (
          <Panel
            id={1}
            data={data}
            timeRange={data.timeRange}
            timeZone={timeZone}
            options={options}
            fieldConfig={fieldConfig}
            transparent={false}
            width={width}
            height={height}
            renderCounter={renderCounter}
            title={title}
            eventBus={eventBus}
            onOptionsChange={setOptions}
            onFieldConfigChange={setFieldConfig}
            replaceVariables={(s, scoped) => getTemplateSrv().replace(s, scoped)}
            onChangeTimeRange={(r) => props.onTimeRangeChange?.({ from: r.from, to: r.to })}
          />
        ) : (
          <div data-testid="host-loading">Loading…</div>
        )}
      </PanelFrame>
      {props.showOptions && data && <OptionsPane plugin={plugin} data={data.series} options={options} onChange={setOptions} />}
    </div>
  );
}

function processed(raw: PanelData, plugin: PanelPlugin, fieldConfig: FieldConfigSource, theme: GrafanaTheme2, timeZone: string): PanelData {
  const series = applyFieldOverrides({
    data: raw.series,
    fieldConfig,
    fieldConfigRegistry: plugin.fieldConfigRegistry,
    replaceVariables: (s, scoped) => getTemplateSrv().replace(s, scoped),
    theme,
    timeZone,
  });
  return { ...raw, series, state: raw.state ?? LoadingState.Done };
}

function OptionsPane({
  plugin,
  data,
  options,
  onChange,
}: {
  plugin: PanelPlugin;
  data: DataFrame[];
  options: Record<string, unknown>;
  onChange: (o: Record<string, unknown>) => void;
}) {
  const items = optionItems(plugin, data);
  return (
    <aside data-testid="host-options" style={{ width: 320 }}>
      {items.map((item) => {
        if (item.showIf && !item.showIf(options, data)) {
          return null;
        }
        const Editor = item.editor;
        const value = get(options, item.path);
        return (
          <Field key={item.id} label={item.name} description={item.description} data-testid={`option-${item.path}`}>
            <Editor
              value={value}
              item={item}
              context={{ data, options }}
              onChange={(v: unknown) => onChange(set(JSON.parse(JSON.stringify(options)), item.path, v))}
            />
          </Field>
        );
      })}
    </aside>
  );
}
