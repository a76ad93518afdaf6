import { css } from '@emotion/css';
import React from 'react';

import { type AppPluginMeta, type GrafanaTheme2, type PluginConfigPageProps } from '@grafana/data';
import { Stack, Text, TextLink, useStyles2 } from '@grafana/ui';

import { ATTRIBUTIONS } from './attributions';

export function AppConfigPage(_props: PluginConfigPageProps<AppPluginMeta<{}>>) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.page} data-testid="bandscope-app-config">
      <Stack direction="column" gap={2}>
        <Text element="h2">Bandscope</Text>
        <Text element="p">
          Bandscope shows when a metric is not normal and where web traffic comes from. The Bandscope datasource wraps
          the query of any other datasource and adds a prediction, a band, per-point anomaly scores and anomaly episodes.
          The Bandscope panel draws band charts with severity markers and a time-lapsed world map of traffic by country.
          Both are included in this app and are enabled with it.
        </Text>
        <Text element="h3">Data and attributions</Text>
        <ul className={styles.list}>
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
