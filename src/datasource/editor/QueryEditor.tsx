// The Bandscope query editor: one component per section (editor/*.tsx, each with its test), laid out here.
import React, { useEffect, useMemo } from 'react';

import { type QueryEditorProps } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { InlineFieldRow, Stack, Text } from '@grafana/ui';

import { type BandscopeDatasource } from '../datasource';
import { migrateQuery } from '../migrations';
import { type BandscopeQuery } from '../types';
import { CompareSection } from './CompareSection';
import { ForecastField } from './ForecastField';
import { ModeField } from './ModeField';
import { OutputsSection } from './OutputsSection';
import { ParamsSection } from './ParamsSection';
import { PresetSection } from './PresetSection';
import { problemsOf } from './problems';
import { UpstreamSection } from './UpstreamSection';
import { WeblogBucketField } from './WeblogBucketField';

type Props = QueryEditorProps<BandscopeDatasource, BandscopeQuery>;

export function QueryEditor(props: Props) {
  const { query, onChange, datasource } = props;
  const { jsonData } = datasource;
  const bands = (query.mode ?? 'bands') === 'bands';

  useEffect(() => {
    // A query an older Bandscope saved: write it back migrated, so the editor shows what runs and it is saved so.
    const migrated = migrateQuery(query);
    if (migrated !== query) {
      onChange(migrated);
    }
  }, [query, onChange]);

  const problems = useMemo(() => {
    const templateSrv = getTemplateSrv();
    return problemsOf(query, jsonData, (t) => templateSrv.replace(t));
  }, [query, jsonData]);

  return (
    <Stack direction="column" gap={1} data-testid="bandscope-query-editor">
      <InlineFieldRow>
        <ModeField {...props} />
        {!bands && <WeblogBucketField {...props} />}
      </InlineFieldRow>
      <UpstreamSection {...props} />
      <Text element="h6">Detector</Text>
      <PresetSection {...props} jsonData={jsonData} problems={problems} />
      <ParamsSection {...props} jsonData={jsonData} problems={problems} />
      <Text element="h6">Output</Text>
      <OutputsSection {...props} />
      {bands && <CompareSection {...props} problems={problems} />}
      {bands && <ForecastField {...props} jsonData={jsonData} problems={problems} />}
    </Stack>
  );
}
