import { css } from '@emotion/css';
import React, { useEffect, useState } from 'react';

import { type AppPluginMeta, type GrafanaTheme2, type PluginConfigPageProps } from '@grafana/data';
import { Stack, Text, TextLink, useStyles2 } from '@grafana/ui';

import type { GeoTableInfo } from '../geo/format';
import { loadGeoTableInfo } from '../geo/load';
import { appPublicPath } from '../weblog-client/publicPath';
import { assetFetcher } from '../weblog/job';
import { ATTRIBUTIONS } from './attributions';

/** What the shipped IP→country table is, from its own header (it may have been rebuilt from other data). */
function useIpData(): { info?: GeoTableInfo; error?: string } {
  const [state, setState] = useState<{ info?: GeoTableInfo; error?: string }>({});
  useEffect(() => {
    let live = true;
    loadGeoTableInfo(assetFetcher(appPublicPath())).then(
      (info) => live && setState({ info }),
      (e: unknown) => live && setState({ error: e instanceof Error ? e.message : String(e) })
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

function IpData() {
  const { info, error } = useIpData();
  return (
    <li data-testid="bandscope-attribution" data-kind="ip-data">
      <Text weight="medium">IP → country table</Text> —{' '}
      {info ? (
        <>
          IP data: {info.source}, {info.date}.{' '}
          {info.attribution || 'No attribution was recorded when it was built: the licence of its data applies.'} Counts
          that arrive already per country (geo-enriched upstream) do not use it; fresher data is built in with npm run
          build:geo -- --from … (README, “Fresher IP data”).
        </>
      ) : error ? (
        `The table did not load: ${error}`
      ) : (
        'Loading…'
      )}
    </li>
  );
}

export function AppConfigPage(_props: PluginConfigPageProps<AppPluginMeta<{}>>) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.page} data-testid="bandscope-app-config">
      <Stack direction="column" gap={2}>
        <Text element="h2">Bandscope</Text>
        <Text element="p">
          Bandscope shows when a metric is not normal and where web traffic comes from. The Bandscope datasource wraps
          the query of any other datasource and adds a prediction, a band, per-point anomaly scores and anomaly
          episodes. The Bandscope panel draws band charts with severity markers and a time-lapsed world map of traffic
          by country. Both are included in this app and are enabled with it.
        </Text>
        <Text element="h3">Data and attributions</Text>
        <ul className={styles.list}>
          <IpData />
          {ATTRIBUTIONS.map((a) => (
            <li key={a.name} data-testid="bandscope-attribution">
              <Text weight="medium">{a.name}</Text> — {a.text} Licence: {a.licence}. Data date: {a.dataDate}.{' '}
              <TextLink href={a.url} external>
                {a.url}
              </TextLink>
            </li>
          ))}
        </ul>
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ maxWidth: 900, padding: theme.spacing(2, 0) }),
  list: css({ paddingLeft: theme.spacing(3), li: { marginBottom: theme.spacing(1) } }),
});
