import { DataSourcePlugin } from '@grafana/data';

import { BandscopeDatasource } from './datasource';
import { ConfigEditor } from './ConfigEditor';
import { QueryEditor } from './editor/QueryEditor';

export const plugin = new DataSourcePlugin(BandscopeDatasource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
