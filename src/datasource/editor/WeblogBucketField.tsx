import React from 'react';

import { Combobox, InlineField } from '@grafana/ui';

import { type BucketChoice, BUCKETS } from '../../weblog/buckets';
import { applyChange, type SectionProps } from './section';

const BUCKET_OPTIONS = (['auto', ...BUCKETS] as const).map((b: BucketChoice) => ({ label: b, value: b }));

/** Web-log mode: the time bucket the log lines are counted in (`auto`: the finest with at most 500 buckets). */
export function WeblogBucketField(props: SectionProps) {
  const { weblog } = props.query;
  return (
    <InlineField label="Bucket" labelWidth={10} tooltip="Time bucket for counting log lines">
      <Combobox
        width={12}
        data-testid="bandscope-weblog-bucket"
        options={BUCKET_OPTIONS}
        value={weblog?.bucket ?? 'auto'}
        // Enter before the typed text has filtered the list passes no option (whatever the type says): keep the bucket.
        onChange={(o) => o && applyChange(props, { weblog: { ...weblog, bucket: o.value } }, true)}
      />
    </InlineField>
  );
}
