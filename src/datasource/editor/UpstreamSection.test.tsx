import { act, fireEvent, render, screen } from '@testing-library/react';
import React from 'react';

import {
  DataSourceApi,
  type DataSourceInstanceSettings,
  type QueryEditorProps,
  type TestDataSourceResponse,
} from '@grafana/data';
import { type DataQuery } from '@grafana/schema';

import { type BandscopeQuery } from '../types';
import { bandscopeDatasource, sectionProps, setDataSources } from './testing';
import { pickUpstream, UpstreamSection } from './UpstreamSection';

interface CsvQuery extends DataQuery {
  file?: string;
}

const settings = (uid: string, type: string) =>
  ({ uid, type, name: uid, meta: { id: type, info: {} }, jsonData: {} }) as unknown as DataSourceInstanceSettings;

/** An upstream datasource with its own query editor (a text box for the file) and a default query. */
class CsvDatasource extends DataSourceApi<CsvQuery> {
  constructor(uid: string) {
    super(settings(uid, 'csv'));
    this.components = {
      QueryEditor: ({ query, onChange }: QueryEditorProps<DataSourceApi<CsvQuery>, CsvQuery>) => (
        <input
          aria-label="CSV file"
          value={query.file ?? ''}
          onChange={(e) => onChange({ ...query, file: e.target.value })}
        />
      ),
    };
  }
  getDefaultQuery(): Partial<CsvQuery> {
    return { file: 'default.csv' };
  }
  async query(): Promise<never> {
    throw new Error('not queried in these tests');
  }
  async testDatasource(): Promise<TestDataSourceResponse> {
    return { status: 'success', message: '' };
  }
}

const UPSTREAMS: Record<string, DataSourceApi> = { csv1: new CsvDatasource('csv1'), csv2: new CsvDatasource('csv2') };

beforeAll(() => setDataSources(UPSTREAMS));

function renderUpstream(query: BandscopeQuery, defaultUpstream?: { uid: string; type: string }) {
  const props = sectionProps(query);
  render(<UpstreamSection {...props} datasource={bandscopeDatasource({ defaultUpstream })} />);
  return props;
}

describe('pickUpstream', () => {
  const query: BandscopeQuery = Object.freeze({
    refId: 'B',
    upstream: { uid: 'csv1', type: 'csv' },
    upstreamQuery: { refId: 'B', file: 'cpu.csv', datasource: { uid: 'csv1', type: 'csv' } } as DataQuery,
  });

  it('keeps the upstream query when the new upstream has the same type', async () => {
    expect(await pickUpstream(query, settings('csv2', 'csv'))).toEqual({
      refId: 'B',
      upstream: { uid: 'csv2', type: 'csv' },
      upstreamQuery: { refId: 'B', file: 'cpu.csv', datasource: { uid: 'csv2', type: 'csv' } },
    });
  });

  it("starts from the new upstream's default query when the type differs", async () => {
    const fresh = await pickUpstream({ refId: 'B' }, settings('csv1', 'csv'));
    expect(fresh.upstreamQuery).toEqual({ refId: 'B', file: 'default.csv', datasource: { uid: 'csv1', type: 'csv' } });
  });

  it('an upstream that cannot be loaded gets an empty query with the refId (its editor says why)', async () => {
    const fresh = await pickUpstream(query, settings('gone', 'prometheus'));
    expect(fresh.upstream).toEqual({ uid: 'gone', type: 'prometheus' });
    expect(fresh.upstreamQuery).toEqual({ refId: 'B', datasource: { uid: 'gone', type: 'prometheus' } });
  });
});

describe('UpstreamSection', () => {
  it('without an upstream, asks for one', () => {
    renderUpstream({ refId: 'A' });
    expect(screen.getByText('Pick an upstream datasource')).toBeInTheDocument();
  });

  it("shows the upstream's own editor; its edits reach onChange as upstreamQuery with Bandscope's refId", async () => {
    const props = renderUpstream(
      { refId: 'A', upstreamQuery: { refId: 'X', file: 'a.csv' } as DataQuery },
      {
        uid: 'csv1',
        type: 'csv',
      }
    );
    const file = (await screen.findByLabelText('CSV file')) as HTMLInputElement;
    expect(file.value).toBe('a.csv');
    fireEvent.change(file, { target: { value: 'b.csv' } });
    expect(props.changed()).toEqual({
      refId: 'A',
      upstream: { uid: 'csv1', type: 'csv' }, // the default upstream, written into the query it now belongs to
      upstreamQuery: { refId: 'A', file: 'b.csv', datasource: { uid: 'csv1', type: 'csv' } },
    });
  });

  it('an upstream that cannot be loaded is named in an error', async () => {
    renderUpstream({ refId: 'A', upstream: { uid: 'gone', type: 'csv' } });
    expect(await screen.findByText('Datasource gone was not found')).toBeInTheDocument();
    await act(async () => {});
  });
});
