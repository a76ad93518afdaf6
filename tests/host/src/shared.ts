// The libraries Grafana shares with plugins, registered in SystemJS under the names that
// webpack's externals emit (`define(["@grafana/data", "react", …])`), as Grafana's own loader does.
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaI18n from '@grafana/i18n';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as d3 from 'd3';
import * as lodash from 'lodash';
// eslint-disable-next-line no-restricted-imports -- Grafana shares moment with plugins; the host must too.
import moment from 'moment';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as reactDomClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

import { SharedDataSourcePicker } from './corePicker';

const SHARED: Record<string, unknown> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/i18n': grafanaI18n,
  // Its DataSourcePicker renders runtime's picker or Grafana's core one (corePicker.tsx).
  '@grafana/runtime': { ...grafanaRuntime, DataSourcePicker: SharedDataSourcePicker },
  '@grafana/ui': grafanaUi,
  d3,
  lodash,
  moment,
  react,
  'react-dom': reactDom,
  'react-dom/client': reactDomClient,
  'react/jsx-runtime': jsxRuntime,
  rxjs,
  'rxjs/operators': rxjsOperators,
};

interface SystemJS {
  set(id: string, ns: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  import(id: string): Promise<Record<string, unknown>>;
}

export function systemJS(): SystemJS {
  return (window as unknown as { System: SystemJS }).System;
}

/** Injected by build-host.mjs: the @grafana/* packages of the matrix entry, with the versions bundled. */
declare const HOST_SHARED_VERSIONS: Record<string, string>;
export const SHARED_VERSIONS = HOST_SHARED_VERSIONS;

export function registerSharedDependencies(): void {
  const System = systemJS();
  const imports: Record<string, string> = {};
  for (const [name, lib] of Object.entries(SHARED)) {
    // A Grafana older than one of these packages (@grafana/i18n before 12.1) does not share it.
    if (name.startsWith('@grafana/') && !(name in SHARED_VERSIONS)) {
      continue;
    }
    const ns = lib as Record<string, unknown>;
    // Same shape as Grafana's loader: named exports plus a default for CommonJS-style consumers.
    System.set(`app:${name}`, { ...ns, default: ns.default ?? ns, __useDefault: true });
    imports[name] = `app:${name}`;
  }
  System.addImportMap({ imports });
}
