import { fireEvent, render, screen } from '@testing-library/react';
import React from 'react';

import { WeblogBucketField } from './WeblogBucketField';
import { pickOption, sectionProps } from './testing';

const picker = () => screen.getByRole('combobox') as HTMLInputElement;

describe('WeblogBucketField', () => {
  it('shows auto for a query without a bucket', () => {
    render(<WeblogBucketField {...sectionProps({ refId: 'A', mode: 'weblog' })} />);
    expect(picker().value).toBe('auto');
  });

  it('picking a bucket calls onChange with it, the other web-log options kept, and runs the query', async () => {
    const props = sectionProps({ refId: 'A', mode: 'weblog', weblog: { bucket: '5m', maxBuckets: 200 } });
    render(<WeblogBucketField {...props} />);
    await pickOption(picker(), '1h');
    expect(props.changed()).toEqual({ refId: 'A', mode: 'weblog', weblog: { bucket: '1h', maxBuckets: 200 } });
    expect(props.onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('Enter before the typed text has filtered the list changes nothing (the Combobox passes no option: it threw)', () => {
    const props = sectionProps({ refId: 'A', mode: 'weblog', weblog: { bucket: '5m' } });
    render(<WeblogBucketField {...props} />);
    fireEvent.change(picker(), { target: { value: '1h' } });
    fireEvent.keyDown(picker(), { key: 'Enter' });
    expect(props.onChange).not.toHaveBeenCalled();
    expect(props.onRunQuery).not.toHaveBeenCalled();
  });
});
