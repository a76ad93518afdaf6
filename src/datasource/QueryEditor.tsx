import React, { useCallback, useEffect, useMemo, useState } from 'react';

import { CoreApp, type DataSourceApi, type DataSourceInstanceSettings, type QueryEditorProps } from '@grafana/data';
import { DataSourcePicker, getDataSourceSrv, getTemplateSrv } from '@grafana/runtime';
import { type DataQuery } from '@grafana/schema';
import {
  Alert,
  Combobox,
  InlineField,
  InlineFieldRow,
  InlineSwitch,
  Input,
  RadioButtonGroup,
  Stack,
  Text,
} from '@grafana/ui';

import { type BandOutputs } from '../contract';
import {
  cannotForecast,
  DEFAULT_PRESET,
  defaultParams,
  describeParam,
  FORECAST_PRESETS,
  formatDuration,
  isPresetName,
  PARAM_KEYS,
  PARAMS,
  PRESET_INFO,
  POPULATION_DEFAULTS,
  PRESETS,
  presetUses,
  QUERY_OPTIONS,
} from '../detect';
import { type BucketChoice, BUCKETS } from '../weblog/buckets';
import { AlertRules } from './AlertRules';
import { type BandscopeDatasource } from './datasource';
import { migrateQuery } from './migrations';
import { settingsProblems, shownParam } from './settings';
import { type BandscopeQuery, type CompareMode, type QueryMode } from './types';

type Props = QueryEditorProps<BandscopeDatasource, BandscopeQuery>;

const PRESET_OPTIONS = PRESETS.map((p) => ({ label: p, value: p, description: PRESET_INFO[p] }));
const PRESET_TOOLTIP = `${PRESETS.map((p) => `${p}: ${PRESET_INFO[p]}`).join('; ')}. Accepts a variable ($preset).`;

const MODES: Array<{ label: string; value: QueryMode; description: string }> = [
  { label: 'Bands', value: 'bands', description: 'Bands on the upstream series' },
  { label: 'Web log', value: 'weblog', description: 'Count log lines per bucket, then bands' },
];

const COMPARE: Array<{ label: string; value: CompareMode; description: string }> = [
  { label: 'Own history', value: 'history', description: 'Each series against its own past: the band' },
  { label: 'Peers', value: 'peers', description: 'Each series against the others at the same time (needs 3 or more)' },
  { label: 'Both', value: 'both', description: 'The band and the peer comparison' },
];

/** The peer comparison's settings: the population detector's own (k, window), with its defaults as placeholders. */
const PEER_SETTINGS = [
  {
    key: 'k',
    label: 'Peer k',
    tooltip:
      'Cluster range half-width in robust standard deviations of the peers (1.4826 · MAD across the series), > 0.',
  },
  {
    key: 'window',
    label: 'Peer window',
    tooltip:
      'Steps: a series is an outlier when more than half of its last window steps lie outside the cluster range.',
  },
] as const;

const BUCKET_OPTIONS = (['auto', ...BUCKETS] as const).map((b: BucketChoice) => ({ label: b, value: b }));

const OUTPUTS: Array<{ key: keyof BandOutputs; label: string; tooltip: string }> = [
  { key: 'predicted', label: 'Predicted', tooltip: 'Adds the "predicted" field.' },
  { key: 'band', label: 'Band', tooltip: 'Adds the "low" and "high" fields (shaded in the Time series panel).' },
  { key: 'score', label: 'Score', tooltip: 'Adds the 0–100 "score" field.' },
  { key: 'anomaly', label: 'Anomaly flag', tooltip: 'Adds the 0/1 "anomaly" field.' },
];

export function QueryEditor(props: Props) {
  const { query, onChange, onRunQuery, datasource } = props;
  const mode = query.mode ?? 'bands';
  const upstreamRef = query.upstream ?? datasource.jsonData.defaultUpstream;

  useEffect(() => {
    // A query an older Bandscope saved: write it back migrated, so the editor shows what runs and it is saved so.
    const migrated = migrateQuery(query);
    if (migrated !== query) {
      onChange(migrated);
    }
  }, [query, onChange]);

  const problems = useMemo(() => {
    const templateSrv = getTemplateSrv();
    const list = settingsProblems(query, datasource.jsonData, (t) => templateSrv.replace(t));
    return new Map(list.map((p) => [p.param, p.message]));
  }, [query, datasource.jsonData]);

  const change = useCallback(
    (patch: Partial<BandscopeQuery>, run = false) => {
      const next = { ...query, ...patch };
      onChange(next);
      if (run) {
        onRunQuery();
      }
    },
    [query, onChange, onRunQuery]
  );

  const onPickUpstream = useCallback(
    (settings: DataSourceInstanceSettings) => {
      const ref = { uid: settings.uid, type: settings.type };
      const sameType = query.upstreamQuery?.datasource?.type === settings.type;
      getDataSourceSrv()
        .get(ref)
        .then(
          (ds) => {
            const upstreamQuery: DataQuery = sameType
              ? { ...query.upstreamQuery!, datasource: ref }
              : { ...ds.getDefaultQuery?.(CoreApp.PanelEditor), refId: query.refId, datasource: ref };
            onChange({ ...query, upstream: ref, upstreamQuery });
          },
          () => onChange({ ...query, upstream: ref, upstreamQuery: { refId: query.refId, datasource: ref } })
        );
    },
    [query, onChange]
  );

  const preset = (query.preset ?? '') as string;
  const effectivePreset = isPresetName(preset) ? preset : (datasource.jsonData.defaultPreset ?? DEFAULT_PRESET);
  const defaults = defaultParams(effectivePreset);

  return (
    <Stack direction="column" gap={1} data-testid="bandscope-query-editor">
      <InlineFieldRow>
        <InlineField
          label="Mode"
          labelWidth={16}
          tooltip="Bands on the upstream's series, or web-log counts with bands"
        >
          <RadioButtonGroup<QueryMode> options={MODES} value={mode} onChange={(v) => change({ mode: v }, true)} />
        </InlineField>
        {mode === 'weblog' && (
          <InlineField label="Bucket" labelWidth={10} tooltip="Time bucket for counting log lines">
            <Combobox
              width={12}
              data-testid="bandscope-weblog-bucket"
              options={BUCKET_OPTIONS}
              value={query.weblog?.bucket ?? 'auto'}
              onChange={(o) => change({ weblog: { ...query.weblog, bucket: o.value } }, true)}
            />
          </InlineField>
        )}
      </InlineFieldRow>
      <InlineField
        label="Upstream"
        labelWidth={16}
        tooltip="The datasource whose query Bandscope runs; write the query in its own editor below"
        invalid={!upstreamRef}
        error={!upstreamRef ? 'Pick an upstream datasource' : undefined}
      >
        <UpstreamPicker
          current={upstreamRef ?? null}
          onChange={onPickUpstream}
          metrics={mode === 'bands'}
          ownType={datasource.type}
        />
      </InlineField>
      {upstreamRef && (
        <UpstreamEditor
          {...props}
          upstreamRef={upstreamRef}
          onUpstreamChange={(upstreamQuery) =>
            onChange({ ...query, upstream: query.upstream ?? upstreamRef, upstreamQuery })
          }
        />
      )}
      <Text element="h6">Detector</Text>
      <InlineFieldRow>
        <InlineField
          label="Preset"
          labelWidth={16}
          htmlFor="bandscope-preset"
          tooltip={PRESET_TOOLTIP}
          invalid={problems.has('preset')}
          error={problems.get('preset')}
        >
          <Combobox
            id="bandscope-preset"
            width={20}
            data-testid="bandscope-preset"
            createCustomValue
            customValueDescription="Use a dashboard variable"
            placeholder={datasource.jsonData.defaultPreset ?? DEFAULT_PRESET}
            options={PRESET_OPTIONS}
            value={preset || null}
            isClearable
            onChange={(o) => change({ preset: o?.value ?? undefined }, true)}
          />
        </InlineField>
        {mode === 'bands' && (
          <AlertRules
            query={query}
            jsonData={datasource.jsonData}
            upstreamType={
              upstreamRef && (upstreamRef.type ?? getDataSourceSrv().getInstanceSettings(upstreamRef)?.type)
            }
          />
        )}
      </InlineFieldRow>
      <InlineFieldRow>
        {PARAM_KEYS.filter((key) => presetUses(preset || effectivePreset, key)).map((key) => (
          <ParamField
            key={key}
            id={key}
            label={PARAMS[key].label}
            tooltip={`${describeParam(key)} Accepts a dashboard variable.`}
            value={shownParam(key, query.params?.[key])}
            placeholder={shownParam(key, datasource.jsonData.defaultParams?.[key] ?? defaults[key])}
            error={problems.get(key)}
            onChange={(v) => change({ params: { ...query.params, [key]: v } })}
            onCommit={() => onRunQuery()}
          />
        ))}
      </InlineFieldRow>
      <Text element="h6">Output</Text>
      <InlineFieldRow>
        {OUTPUTS.map((o) => (
          <InlineSwitch
            key={o.key}
            data-testid={`bandscope-output-${o.key}`}
            label={o.label}
            showLabel
            title={o.tooltip}
            value={query.outputs?.[o.key] !== false}
            onChange={(e) => change({ outputs: { ...query.outputs, [o.key]: e.currentTarget.checked } }, true)}
          />
        ))}
        <InlineSwitch
          data-testid="bandscope-output-episodes"
          label="Episodes frame"
          showLabel
          title='Also return anomaly episodes as a separate frame ("bandscope-episodes")'
          value={query.episodes === true}
          onChange={(e) => change({ episodes: e.currentTarget.checked }, true)}
        />
      </InlineFieldRow>
      {mode === 'bands' && (
        <InlineFieldRow>
          <InlineField
            label="Compare"
            labelWidth={16}
            tooltip="Own history: the band. Peers: each series against the query's other series at the same time (population outliers: which pod, host or country is unlike the rest). Both: the two."
            invalid={problems.has('compare')}
            error={problems.get('compare')}
          >
            <RadioButtonGroup<CompareMode>
              data-testid="bandscope-compare"
              options={COMPARE}
              value={query.compare ?? 'history'}
              onChange={(v) => change({ compare: v }, true)}
            />
          </InlineField>
          {(query.compare ?? 'history') !== 'history' &&
            PEER_SETTINGS.map((p) => (
              <ParamField
                key={p.key}
                id={`peers-${p.key}`}
                label={p.label}
                tooltip={`${p.tooltip} Accepts a dashboard variable.`}
                value={shownParam(p.key, query.peers?.[p.key])}
                placeholder={String(POPULATION_DEFAULTS[p.key])}
                error={problems.get(`peers.${p.key}`)}
                onChange={(v) => change({ peers: { ...query.peers, [p.key]: v } })}
                onCommit={() => onRunQuery()}
              />
            ))}
        </InlineFieldRow>
      )}
      {mode === 'bands' && (
        <InlineFieldRow>
          <ForecastField
            preset={preset || effectivePreset}
            value={query.forecast}
            error={problems.get('forecast')}
            onChange={(v) => change({ forecast: v })}
            onCommit={() => onRunQuery()}
          />
        </InlineFieldRow>
      )}
    </Stack>
  );
}

/** A text input for one detector parameter or query option (a value, a duration or a `$variable`). */
function ParamField({
  id,
  label,
  tooltip,
  value,
  placeholder,
  error,
  onChange,
  onCommit,
}: {
  id: string;
  label: string;
  tooltip: string;
  value: string;
  placeholder: string;
  error?: string;
  onChange: (v: string) => void;
  onCommit: () => void;
}) {
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

/**
 * The forecast horizon. A preset without a model of the future says so beside the empty field, and as the
 * field's error once a horizon is typed (a `$preset` variable may be either: the query says so when it runs).
 */
function ForecastField({
  preset,
  value,
  error,
  onChange,
  onCommit,
}: {
  preset: string;
  value: number | string | undefined;
  error?: string;
  onChange: (v: string) => void;
  onCommit: () => void;
}) {
  const spec = QUERY_OPTIONS.forecast;
  const able = !isPresetName(preset) || FORECAST_PRESETS.includes(preset);
  const shown = value === undefined ? '' : typeof value === 'number' ? formatDuration(value) : value;
  return (
    <>
      <ParamField
        id="forecast"
        label={spec.label}
        tooltip={`${spec.help} Must be ${spec.range}. Accepts a dashboard variable. Presets: ${FORECAST_PRESETS.join(', ')}.`}
        value={shown}
        placeholder="off"
        error={error}
        onChange={onChange}
        onCommit={onCommit}
      />
      {!able && shown.trim() === '' && (
        <div data-testid="bandscope-forecast-unavailable">
          <Text color="secondary" variant="bodySmall">
            {`${cannotForecast(preset).replace(/^t/, 'T')}.`}
          </Text>
        </div>
      )}
    </>
  );
}

/**
 * The upstream picker. A component of its own because InlineField clones `invalid` onto its child: on a
 * plain `<div>` React warns about a non-boolean DOM attribute, here it reaches the picker.
 */
function UpstreamPicker({
  current,
  onChange,
  metrics,
  ownType,
  invalid,
}: {
  current: NonNullable<BandscopeQuery['upstream']> | null;
  onChange: (settings: DataSourceInstanceSettings) => void;
  metrics: boolean;
  ownType: string;
  invalid?: boolean;
}) {
  return (
    <div data-testid="bandscope-upstream-picker">
      <DataSourcePicker
        current={current}
        onChange={onChange}
        metrics={metrics}
        mixed={false}
        dashboard={false}
        noDefault
        width={40}
        invalid={invalid}
        filter={(ds) => ds.type !== ownType}
      />
    </div>
  );
}

/** The upstream datasource's OWN QueryEditor, rendered for the embedded query as Grafana's query rows do. */
function UpstreamEditor({
  query,
  upstreamRef,
  onUpstreamChange,
  onRunQuery,
  onBlur,
  data,
  range,
  app,
  queries,
}: Props & { upstreamRef: NonNullable<BandscopeQuery['upstream']>; onUpstreamChange: (q: DataQuery) => void }) {
  const [state, setState] = useState<{ uid?: string; ds?: DataSourceApi; error?: string }>({});
  const { uid, type } = upstreamRef;
  useEffect(() => {
    let live = true;
    getDataSourceSrv()
      .get({ uid, type })
      .then(
        (ds) => live && setState({ uid, ds }),
        (e) => live && setState({ uid, error: e instanceof Error ? e.message : String(e) })
      );
    return () => {
      live = false;
    };
  }, [uid, type]);
  if (state.error) {
    return (
      <Alert severity="error" title="Upstream datasource not available">
        {state.error}
      </Alert>
    );
  }
  const ds = state.uid === upstreamRef.uid ? state.ds : undefined;
  if (!ds) {
    return null;
  }
  const Editor = ds.components?.QueryEditor;
  if (!Editor) {
    return (
      <Alert severity="warning" title="No query editor">
        {`${ds.name} has no query editor that Bandscope can show.`}
      </Alert>
    );
  }
  const upstreamQuery: DataQuery = { ...query.upstreamQuery, refId: query.refId, datasource: ds.getRef() };
  return (
    <div data-testid="bandscope-upstream-editor">
      <Editor
        key={ds.uid}
        datasource={ds}
        query={upstreamQuery}
        onChange={(q: DataQuery) => onUpstreamChange({ ...q, refId: query.refId })}
        onRunQuery={onRunQuery}
        onBlur={onBlur}
        data={data}
        range={range}
        app={app ?? CoreApp.PanelEditor}
        queries={queries?.map((q) => (q as BandscopeQuery).upstreamQuery ?? q)}
      />
    </div>
  );
}
