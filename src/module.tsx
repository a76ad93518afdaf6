import { AppPlugin } from '@grafana/data';

import { AppConfigPage } from './app/AppConfigPage';

export const plugin = new AppPlugin<{}>().addConfigPage({
  title: 'About Bandscope',
  icon: 'info-circle',
  body: AppConfigPage,
  id: 'about',
});
