// The query editor's "Alert rules": the rule group `bandscope rules` prints, for the current query (variables
// interpolated), to deploy on the upstream's rule engine. Available for a Prometheus-type upstream and the window
// preset; otherwise the button is disabled and the reason is shown beside it.
import React, { useMemo, useState } from 'react';

import { getTemplateSrv } from '@grafana/runtime';
import { Button, ClipboardButton, Field, Input, Modal, Stack, Text } from '@grafana/ui';

import { formatDuration, parseDuration } from '../detect';
import type { WindowSettings } from '../detect/presets/window';
import { DEFAULT_FOR, exportUnavailable, ruleGroupYaml, suggestRuleName } from '../rules/rules';
import { resolveSettings } from './settings';
import type { BandscopeJsonData, BandscopeQuery } from './types';

interface Props {
  query: BandscopeQuery;
  jsonData: BandscopeJsonData;
  upstreamType?: string;
}

/** The rule group for the query, or why there is none (a message for the user). */
function rulesFor(
  query: BandscopeQuery,
  jsonData: BandscopeJsonData,
  upstreamType: string | undefined,
  name: string,
  holdFor: string
): { yaml?: string; unavailable?: string; error?: string } {
  const interpolate = (text: string) => getTemplateSrv().replace(text);
  const rawExpr = (query.upstreamQuery as { expr?: unknown } | undefined)?.expr;
  const expr = interpolate(typeof rawExpr === 'string' ? rawExpr : '');
  let settings;
  try {
    settings = resolveSettings(query, jsonData, interpolate);
  } catch (e) {
    const unavailable = exportUnavailable({ upstreamType, preset: 'window', expr });
    return unavailable ? { unavailable } : { unavailable: `Fix the detector settings first: ${(e as Error).message}` };
  }
  const unavailable = exportUnavailable({ upstreamType, preset: settings.preset, expr });
  if (unavailable) {
    return { unavailable };
  }
  const forMs = parseDuration(holdFor);
  if (Number.isNaN(forMs)) {
    return { error: `For must be a duration (5m, 1h or milliseconds), got "${holdFor}"` };
  }
  try {
    const yaml = ruleGroupYaml({ expr, name, settings: settings.params as WindowSettings, for: forMs });
    return { yaml };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function AlertRules({ query, jsonData, upstreamType }: Props) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState<string>();
  const [holdFor, setHoldFor] = useState(formatDuration(DEFAULT_FOR));
  const rawExpr = (query.upstreamQuery as { expr?: unknown } | undefined)?.expr;
  const ruleName = name ?? suggestRuleName(typeof rawExpr === 'string' ? rawExpr : '', `query_${query.refId}`);
  const { yaml, unavailable, error } = useMemo(
    () => rulesFor(query, jsonData, upstreamType, ruleName, holdFor),
    [query, jsonData, upstreamType, ruleName, holdFor]
  );
  return (
    <Stack direction="row" gap={1} alignItems="center">
      <Button
        size="sm"
        variant="secondary"
        icon="bell"
        disabled={unavailable !== undefined}
        onClick={() => setOpen(true)}
        data-testid="bandscope-alert-rules"
      >
        Alert rules
      </Button>
      {unavailable && (
        <Text color="secondary" variant="bodySmall" data-testid="bandscope-alert-rules-unavailable">
          {unavailable}
        </Text>
      )}
      <Modal title="Alert rules (Prometheus rule group)" isOpen={open && !unavailable} onDismiss={() => setOpen(false)}>
        <Stack direction="column" gap={1}>
          <Text color="secondary">
            Recording rules bandscope:{ruleName}:predicted, low, high and score, and the alert BandscopeAnomaly: the
            same numbers as this query. Deploy on Prometheus, Mimir, Cortex, Thanos or as Grafana-managed rules (see
            README, Alerting and scale).
          </Text>
          <Stack direction="row" gap={2}>
            <Field label="Rule name" invalid={error?.startsWith('name') ?? false}>
              <Input
                width={30}
                value={ruleName}
                onChange={(e) => setName(e.currentTarget.value)}
                data-testid="bandscope-alert-rules-name"
              />
            </Field>
            <Field label="For" description="How long the score must stay high before the alert fires">
              <Input
                width={10}
                value={holdFor}
                onChange={(e) => setHoldFor(e.currentTarget.value)}
                data-testid="bandscope-alert-rules-for"
              />
            </Field>
          </Stack>
          {error ? (
            <Text color="error" data-testid="bandscope-alert-rules-error">
              {error}
            </Text>
          ) : (
            // text, never HTML: the expression and label values come from the user
            <pre data-testid="bandscope-alert-rules-yaml" style={{ maxHeight: 400, overflow: 'auto' }}>
              {yaml}
            </pre>
          )}
          <Modal.ButtonRow>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Close
            </Button>
            <ClipboardButton icon="copy" variant="primary" disabled={!yaml} getText={() => yaml ?? ''}>
              Copy
            </ClipboardButton>
          </Modal.ButtonRow>
        </Stack>
      </Modal>
    </Stack>
  );
}
