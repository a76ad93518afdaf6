import { type DataQueryRequest, type DataQueryResponse, DataSourceApi, type DataSourceInstanceSettings } from '@grafana/data';
import { type DataQuery } from '@grafana/schema';

export interface BandscopeQuery extends DataQuery {}

// Placeholder: the query path lands with the datasource issue.
export class BandscopeDatasource extends DataSourceApi<BandscopeQuery> {
  constructor(settings: DataSourceInstanceSettings) {
    super(settings);
  }

  async query(_request: DataQueryRequest<BandscopeQuery>): Promise<DataQueryResponse> {
    return { data: [] };
  }

  async testDatasource() {
    return { status: 'success', message: 'Bandscope is installed.' };
  }
}
