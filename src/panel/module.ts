import { PanelPlugin } from '@grafana/data';

import { BandscopePanel } from './BandscopePanel';

export const plugin = new PanelPlugin(BandscopePanel);
