// The demo playground: "dashboards" of Bandscope panels over the shared datasets.
import React, { useEffect, useState } from 'react';

import { type DataQuery } from '@grafana/schema';
import { Alert, LoadingPlaceholder, Tab, TabsBar, Text } from '@grafana/ui';

import type { Host } from './main';
import { PanelHost } from './PanelHost';
import { buildRequest, runQuery } from './runner';

interface DemoPanel {
  title: string;
  datasource: string;
  targets: DataQuery[];
  options?: Record<string, unknown>;
  width?: number;
  height?: number;
}

export interface DemoDashboard {
  id: string;
  title: string;
  description: string;
  panels: DemoPanel[];
}

const nab = (refId: string, file: string) => ({ refId, file });
/** A Bandscope datasource query wrapping an nab-csv query (bands, scores and episodes computed by the datasource). */
const bandscope = (refId: string, upstreamQuery: DataQuery, preset: string) =>
  ({ refId, upstream: { uid: 'nab-csv', type: 'harness-csv' }, upstreamQuery, preset, episodes: true }) as DataQuery;

export const DASHBOARDS: DemoDashboard[] = [
  {
    id: 'nab',
    title: 'Metrics: NAB series',
    description: 'Real series from the Numenta Anomaly Benchmark with Bandscope bands and anomaly markers.',
    panels: [
      {
        title: 'Machine temperature (system failure) · bands from the Bandscope datasource (ewma)',
        datasource: 'bandscope',
        targets: [bandscope('A', nab('A', 'realKnownCause/machine_temperature_system_failure.csv'), 'ewma')],
        options: { view: 'bands', preset: 'ewma' },
      },
      {
        title: 'NYC taxi passengers · daily seasonal bands from the Bandscope datasource (seasonal preset)',
        datasource: 'bandscope',
        targets: [bandscope('A', nab('A', 'realKnownCause/nyc_taxi.csv'), 'seasonal')],
        options: { view: 'bands', preset: 'seasonal' },
      },
    ],
  },
  {
    id: 'weblog',
    title: 'Web traffic: apache_logs',
    description:
      'The apache_logs sample (10 000 requests, 17–20 May 2015) as a time-lapse: total requests per hour with bands on top, ' +
      'requests by country below. Press play, click the chart or an anomaly to move the map.',
    panels: [
      {
        title: 'Web traffic · raw log lines parsed in a Web Worker (combined view)',
        datasource: 'apache-logs',
        targets: [{ refId: 'A', file: 'apache_logs/apache_logs' } as DataQuery],
        options: { view: 'combined', map: { start: 'first', speed: 4 } },
        height: 760,
      },
      {
        title: 'Requests by country · Bandscope datasource in web-log mode (map with heat overlay)',
        datasource: 'bandscope',
        targets: [
          {
            refId: 'A',
            mode: 'weblog',
            upstream: { uid: 'apache-logs' },
            upstreamQuery: { refId: 'A', file: 'apache_logs/apache_logs' },
            weblog: { bucket: '1h' },
          } as DataQuery,
        ],
        options: { view: 'map', map: { heat: true } },
        height: 520,
      },
    ],
  },
];

export function DemoApp({ host, dashboard }: { host: Host; dashboard?: string }) {
  const [loaded, setLoaded] = useState<string | undefined>(host.panel ? 'ok' : undefined);
  const [active, setActive] = useState(dashboard ?? DASHBOARDS[0].id);
  useEffect(() => {
    if (!loaded) {
      host.load().then(
        () => setLoaded('ok'),
        (e) => setLoaded(String(e))
      );
    }
  }, [host, loaded]);
  if (!loaded) {
    return <LoadingPlaceholder text="Loading Bandscope from dist/…" />;
  }
  if (loaded !== 'ok') {
    return <Alert title="Bandscope failed to load">{loaded}</Alert>;
  }
  const current = DASHBOARDS.find((d) => d.id === active) ?? DASHBOARDS[0];
  return (
    <main data-testid="demo" data-dashboard={current.id}>
      <Text element="h1">Bandscope demo</Text>
      <TabsBar>
        {DASHBOARDS.map((d) => (
          <Tab key={d.id} label={d.title} active={d.id === current.id} onChangeTab={() => setActive(d.id)} />
        ))}
      </TabsBar>
      <p>{current.description}</p>
      {current.panels.map((p) => (
        <DemoPanelView key={`${current.id}/${p.title}`} host={host} panel={p} />
      ))}
    </main>
  );
}

function DemoPanelView({ host, panel }: { host: Host; panel: DemoPanel }) {
  const [data] = useState(() =>
    host.dataSourceSrv.get(panel.datasource).then((ds) => runQuery(ds, buildRequest(panel.targets, { maxDataPoints: 1500 })))
  );
  const [observable, setObservable] = useState<Awaited<typeof data>>();
  useEffect(() => {
    data.then(setObservable);
  }, [data]);
  if (!observable) {
    return null;
  }
  return (
    <PanelHost
      plugin={host.panel!}
      title={panel.title}
      width={panel.width ?? 1200}
      height={panel.height ?? 320}
      data={observable}
      options={panel.options}
    />
  );
}
