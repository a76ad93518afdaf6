import React, { useEffect, useState } from 'react';

import { CoreApp, type DataSourceApi, type DataSourceInstanceSettings, type QueryEditorProps } from '@grafana/data';
import { DataSourcePicker, getDataSourceSrv } from '@grafana/runtime';
import { type DataQuery } from '@grafana/schema';
import { Alert, InlineField } from '@grafana/ui';

import { type BandscopeDatasource } from '../datasource';
import { type BandscopeQuery } from '../types';

type Props = QueryEditorProps<BandscopeDatasource, BandscopeQuery>;
type UpstreamRef = NonNullable<BandscopeQuery['upstream']>;

/**
 * The query with a newly picked upstream: the upstream query is kept when the type is the same (a query for one
 * Prometheus suits another), else it starts from the new datasource's default query, or from an empty one when
 * the datasource cannot be loaded (its editor then says why).
 */
export async function pickUpstream(
  query: BandscopeQuery,
  settings: DataSourceInstanceSettings
): Promise<BandscopeQuery> {
  const ref = { uid: settings.uid, type: settings.type };
  if (query.upstreamQuery?.datasource?.type === settings.type) {
    return { ...query, upstream: ref, upstreamQuery: { ...query.upstreamQuery, datasource: ref } };
  }
  try {
    const ds = await getDataSourceSrv().get(ref);
    const fresh = ds.getDefaultQuery?.(CoreApp.PanelEditor);
    return { ...query, upstream: ref, upstreamQuery: { ...fresh, refId: query.refId, datasource: ref } };
  } catch {
    return { ...query, upstream: ref, upstreamQuery: { refId: query.refId, datasource: ref } };
  }
}

/** The upstream datasource (the query's, else the datasource's default) and, below it, that datasource's editor. */
export function UpstreamSection(props: Props) {
  const { query, onChange, datasource } = props;
  const upstreamRef = query.upstream ?? datasource.jsonData.defaultUpstream;
  return (
    <>
      <InlineField
        label="Upstream"
        labelWidth={16}
        tooltip="The datasource whose query Bandscope runs; write the query in its own editor below"
        invalid={!upstreamRef}
        error={!upstreamRef ? 'Pick an upstream datasource' : undefined}
      >
        <UpstreamPicker
          current={upstreamRef ?? null}
          onChange={(settings) => pickUpstream(query, settings).then(onChange)}
          metrics={(query.mode ?? 'bands') === 'bands'}
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
  current: UpstreamRef | null;
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
}: Props & { upstreamRef: UpstreamRef; onUpstreamChange: (q: DataQuery) => void }) {
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
