// The `window` preset as one Prometheus rule group: recording rules for predicted/low/high/score and an
// alerting rule on the score. Every recording rule is self-contained (it reads only EXPR), so the group also
// runs under `promtool tsdb create-blocks-from rules`, which cannot see rules recorded in the same run.
// The arithmetic is written in the order presets/window.ts computes it, so both give the same float64.
import { SEVERITY_THRESHOLDS } from '../detect/severity';
import { MIN_HALF_WIDTH, type WindowSettings } from '../detect/presets/window';
import { formatDuration } from '../detect/duration';
import { validateParams } from '../detect/params';

export interface RuleGroupOptions {
  /** The PromQL expression whose every series gets a band; its labels are kept. */
  expr: string;
  /** Rule names are `bandscope:<name>:predicted` etc. */
  name: string;
  settings: WindowSettings;
  /** How long the score must stay at or above the threshold before the alert fires, ms. */
  for: number;
}

export const BAND_SERIES = ['predicted', 'low', 'high', 'score'] as const;
export type BandSeries = (typeof BAND_SERIES)[number];

export const ALERT_NAME = 'BandscopeAnomaly';

/** `bandscope:<name>:<series>`, the recorded series' metric name. */
export const recordName = (name: string, series: BandSeries) => `bandscope:${name}:${series}`;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RECORD_NAME = /^bandscope:([A-Za-z_][A-Za-z0-9_]*):(predicted|low|high|score)$/;

/** The rule name and band series of a recorded series' metric name (`recordName` backwards), or undefined. */
export function parseRecordName(metric: string): { name: string; series: BandSeries } | undefined {
  const m = RECORD_NAME.exec(metric);
  return m ? { name: m[1], series: m[2] as BandSeries } : undefined;
}

/**
 * A bare vector selector (`metric`, `metric{a="b"}`, `{__name__="m"}`) can take a range `[1h]` directly; anything
 * else becomes a subquery `(EXPR)[1h:interval]`, whose points are EXPR evaluated at multiples of the interval.
 * Scans once, honouring quoted strings, so a `}` inside a label value does not end the selector.
 */
export function isVectorSelector(expr: string): boolean {
  let i = 0;
  const n = expr.length;
  const ident = /[A-Za-z0-9_:]/;
  if (i < n && /[A-Za-z_:]/.test(expr[i])) {
    while (i < n && ident.test(expr[i])) {
      i++;
    }
    if (i === n) {
      return true;
    }
  }
  if (expr[i] !== '{') {
    return false;
  }
  for (i++; i < n; i++) {
    const c = expr[i];
    if (c === '}') {
      return i === n - 1;
    }
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < n && expr[i] !== c; i++) {
        if (expr[i] === '\\' && c !== '`') {
          i++;
        }
      }
    }
  }
  return false;
}

/** Every problem with the options, as messages naming the setting and what is allowed; [] when valid. */
export function validateRuleOptions(o: RuleGroupOptions): string[] {
  const errors: string[] = [];
  const expr = o.expr.trim();
  if (expr === '') {
    errors.push('expr must be a PromQL expression, got an empty one');
  } else if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(expr)) {
    errors.push('expr must not contain control characters');
  }
  if (!NAME.test(o.name)) {
    errors.push(`name must be letters, digits and _ (not starting with a digit), got ${JSON.stringify(o.name)}`);
  }
  if (!(Number.isInteger(o.for) && o.for >= 0)) {
    errors.push(`for must be a whole number of milliseconds ≥ 0, got ${o.for}`);
  }
  // each setting's range and how they fit together: the detector's own checks (one place)
  errors.push(...validateParams('window', o.settings).map((e) => e.message));
  return errors;
}

/** The PromQL of each recorded series. */
export function bandExpressions(expr: string, s: WindowSettings): Record<BandSeries, string> {
  const e = expr.trim();
  const selector = isVectorSelector(e);
  // a PromQL comment (#) runs to the end of its line: close the parenthesis on the next one
  const wrapped = e.includes('#') ? `(${e}\n)` : `(${e})`;
  const instant = selector ? e : wrapped;
  const interval = formatDuration(s.interval);
  const ranged = selector ? `${e}[${formatDuration(s.range)}]` : `${wrapped}[${formatDuration(s.range)}:${interval}]`;
  const over = (fn: string, offset: number) =>
    offset === 0 ? `${fn}_over_time(${ranged})` : `${fn}_over_time(${ranged} offset ${formatDuration(offset)})`;

  const level = over('avg', s.interval);
  const predicted =
    s.season > 0
      ? `(${level} - ${over('avg', s.season + s.interval)} + ${over('avg', s.season - s.range / 2)})`
      : level;
  const sigma = over('stddev', s.interval);
  const k = String(s.k);
  // the smallest positive float64 keeps 0/0 (a flat window, a value on it) at score 0, any other deviation at 100
  const r = `(abs(${instant} - ${predicted}) / clamp_min(${k} * ${sigma}, ${MIN_HALF_WIDTH}))`;
  // scoreOf(r): 25·r²·r² inside the band, 100 − 75/r outside
  const core = `(25 * ${r} ^ 2 * ${r} ^ 2 and ${r} < 1) or 100 - 75 / ${r}`;
  // 0 wherever there is a band but no score (warm-up, no value within the lookback), as the other presets
  const zero = `0 * ${predicted}`;
  const score =
    s.warmup > 0 ? `(${core}) and ${over('count', s.interval)} >= ${s.warmup} or ${zero}` : `${core} or ${zero}`;
  return {
    predicted,
    low: `${predicted} - ${k} * ${sigma}`,
    high: `${predicted} + ${k} * ${sigma}`,
    score,
  };
}

const quote = (s: string) => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar

/** A YAML block scalar (`|-`) for a generated expression, each line indented; keeps long PromQL readable. */
function block(text: string, indent: string): string {
  return `|-\n${text
    .split('\n')
    .map((line) => (line === '' ? '' : indent + line))
    .join('\n')}`;
}

/** Go template of the alert's current score (`$value`), rounded for the summary. */
const SCORE_TEMPLATE = '{{ printf "%.0f" $value }}';

/** Go-template severity of the alert's current score (`$value`), with the product's severity bands. */
function severityTemplate(): string {
  const bands = (Object.entries(SEVERITY_THRESHOLDS) as Array<[string, number]>).sort((a, b) => b[1] - a[1]);
  const branches = bands.map(
    ([name, min], i) => `{{ ${i === 0 ? 'if' : 'else if'} ge $value ${min.toFixed(1)} }}${name}`
  );
  return `${branches.join('')}{{ else }}none{{ end }}`;
}

/** One rule group (YAML) for Prometheus, Mimir, Cortex, Thanos rulers; throws on invalid options. */
export function ruleGroupYaml(o: RuleGroupOptions): string {
  const errors = validateRuleOptions(o);
  if (errors.length > 0) {
    throw new Error(errors.join('; '));
  }
  const s = o.settings;
  const exprs = bandExpressions(o.expr, s);
  const indent = '        ';
  const lines = [
    `# Bandscope band ${quote(o.name)}: window preset, range ${formatDuration(s.range)}, k ${s.k},`,
    `# season ${s.season > 0 ? formatDuration(s.season) : 'none'}, range start ${s.rangeStart}, ` +
      `warm-up ${s.warmup} samples, threshold ${s.threshold}.`,
    `# Generated by \`bandscope rules\`; the values equal \`bandscope detect --preset window\` with the same settings.`,
    'groups:',
    `  - name: ${quote(`bandscope:${o.name}`)}`,
    `    interval: ${formatDuration(s.interval)}`,
    '    rules:',
  ];
  for (const series of BAND_SERIES) {
    lines.push(`      - record: ${recordName(o.name, series)}`, `        expr: ${block(exprs[series], indent + '  ')}`);
  }
  const expr = o.expr.trim();
  lines.push(
    `      - alert: ${ALERT_NAME}`,
    `        expr: ${recordName(o.name, 'score')} >= ${s.threshold}`,
    `        for: ${formatDuration(o.for)}`,
    '        labels:',
    `          bandscope: ${quote(o.name)}`,
    '        annotations:',
    `          severity: ${quote(severityTemplate())}`,
    `          summary: ${quote(`${o.name} is outside its usual band: anomaly score ${SCORE_TEMPLATE} of 100`)}`,
    `          description: ${quote(
      `The newest value of ${expr} is far from the mean of its last ${formatDuration(s.range)}` +
        `${s.season > 0 ? ` (with the shape of ${formatDuration(s.season)} earlier)` : ''}: the anomaly score ` +
        `has stayed at or above ${s.threshold} for ${formatDuration(o.for)}. ` +
        `Band: bandscope:${o.name}:low .. bandscope:${o.name}:high.`
    )}`
  );
  return lines.join('\n') + '\n';
}

/** How long the score must hold before the alert fires, unless told otherwise: five evaluations at the default 1m. */
export const DEFAULT_FOR = 300_000;

/**
 * Grafana datasource types that speak PromQL to a rule engine's storage: Prometheus (also how Grafana connects to
 * Mimir, Cortex and Thanos) and the Amazon and Azure managed Prometheus plugins.
 */
export const PROMETHEUS_TYPES: readonly string[] = [
  'prometheus',
  'grafana-amazonprometheus-datasource',
  'grafana-azureprometheus-datasource',
];

/** Why a query cannot be exported as rules, in words for the query editor; undefined when it can. */
export function exportUnavailable(o: { upstreamType?: string; preset?: string; expr: string }): string | undefined {
  if (o.upstreamType === undefined || !PROMETHEUS_TYPES.includes(o.upstreamType)) {
    return (
      'Alert rules need a Prometheus-type upstream (Prometheus, Mimir, Cortex, Thanos): a rule engine evaluates ' +
      `PromQL${o.upstreamType ? `, and this upstream is ${o.upstreamType}` : ''}.`
    );
  }
  if (o.preset !== 'window') {
    return (
      'Only the window preset exports as rules: the others keep state over the whole history, which a rule ' +
      're-evaluated from a bounded range of samples cannot reproduce.'
    );
  }
  if (o.expr.trim() === '') {
    return 'Write the PromQL query in the upstream editor first.';
  }
  return undefined;
}

/** Words that are not metric names: aggregations (before by/without), modifiers, set operators. */
const PROMQL_WORDS = new Set([
  ...['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile'],
  ...['count_values', 'limitk', 'limit_ratio', 'offset', 'bool', 'and', 'or', 'unless', 'atan2'],
]);
const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/** The index after the string, label matchers or range starting at `i` (quotes honoured inside braces). */
function skipOver(expr: string, i: number): number {
  const open = expr[i];
  const close = open === '{' ? '}' : open === '[' ? ']' : open === '(' ? ')' : open;
  for (let j = i + 1; j < expr.length; j++) {
    const c = expr[j];
    if (c === close) {
      return j + 1;
    }
    if (c === '\\' && open !== '`') {
      j++;
    } else if (open === '{' && (c === '"' || c === "'" || c === '`')) {
      j = skipOver(expr, j) - 1;
    }
  }
  return expr.length;
}

/**
 * A rule name from the expression's first metric name (`sum by (job) (rate(x_total[5m]))` → x_total), else
 * `fallback`. One pass: strings, label matchers, ranges and grouping lists are skipped, calls are entered.
 */
export function suggestRuleName(expr: string, fallback: string): string {
  const start = /[A-Za-z_:]/;
  const part = /[\w:]/;
  for (let i = 0; i < expr.length;) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === '`' || c === '{' || c === '[') {
      i = skipOver(expr, i);
    } else if (start.test(c) && (i === 0 || !/[\w.]/.test(expr[i - 1]))) {
      let j = i + 1;
      while (j < expr.length && part.test(expr[j])) {
        j++;
      }
      const word = expr.slice(i, j);
      let k = j;
      while (k < expr.length && /\s/.test(expr[k])) {
        k++;
      }
      if (expr[k] === '(') {
        i = GROUPING.has(word) ? skipOver(expr, k) : k + 1;
        continue;
      }
      if (!PROMQL_WORDS.has(word) && !GROUPING.has(word)) {
        const name = word.replace(/:/g, '_');
        return NAME.test(name) ? name : fallback;
      }
      i = j;
    } else {
      i++;
    }
  }
  return fallback;
}
