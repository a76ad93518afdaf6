import { render, screen } from '@testing-library/react';
import React from 'react';

import { SCHEMA_VERSION } from '../../schema';
import { type BandscopeJsonData, type BandscopeQuery } from '../types';
import { QueryEditor } from './QueryEditor';
import { bandscopeDatasource, sectionProps, setDataSources, setVariables } from './testing';

function renderEditor(query: BandscopeQuery, jsonData: BandscopeJsonData = {}) {
  const props = sectionProps(query);
  render(<QueryEditor {...props} datasource={bandscopeDatasource(jsonData)} />);
  return props;
}

beforeAll(() => {
  setVariables({ alpha: '0.3', k: '-2' });
  setDataSources();
});

describe('QueryEditor', () => {
  it('should not mutate props with defaults: a current query is shown as is, with no onChange', () => {
    const query: BandscopeQuery = { refId: 'A', schemaVersion: SCHEMA_VERSION };
    const props = renderEditor(query);
    expect(props.onChange).not.toHaveBeenCalled();
    expect(props.onRunQuery).not.toHaveBeenCalled();
    expect(props.query).toEqual({ refId: 'A', schemaVersion: SCHEMA_VERSION });
  });

  it('writes a query an older version saved back migrated (0.1.0 saved no schemaVersion)', () => {
    const props = renderEditor({ refId: 'A', preset: 'ewma', params: { k: 3 } });
    expect(props.onChange).toHaveBeenCalledTimes(1);
    expect(props.changed()).toEqual({ refId: 'A', preset: 'ewma', params: { k: 3 }, schemaVersion: SCHEMA_VERSION });
  });

  it('validates with dashboard variables replaced: $k holding -2 is shown as invalid, $alpha is fine', () => {
    renderEditor({ refId: 'A', schemaVersion: SCHEMA_VERSION, params: { alpha: '$alpha', k: '$k' } });
    expect(screen.getAllByText(/must be/)).toHaveLength(1);
    expect(screen.getByText(/^k must be a finite number > 0/)).toBeInTheDocument();
  });

  it('bands mode has Compare and Forecast; web-log mode has the bucket instead', () => {
    renderEditor({ refId: 'A', schemaVersion: SCHEMA_VERSION });
    expect(screen.getByRole('radio', { name: 'Own history' })).toBeInTheDocument();
    expect(screen.getByLabelText('Forecast')).toBeInTheDocument();
    expect(screen.queryByTestId('bandscope-weblog-bucket')).toBeNull();
  });

  it('web-log mode shows the bucket and no Compare or Forecast', () => {
    renderEditor({ refId: 'A', schemaVersion: SCHEMA_VERSION, mode: 'weblog' });
    expect(screen.getByTestId('bandscope-weblog-bucket')).toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: 'Own history' })).toBeNull();
    expect(screen.queryByLabelText('Forecast')).toBeNull();
  });
});
