// `bandscope rules --expr EXPR --name NAME [...]`: one Prometheus rule group (YAML) on stdout that records the
// window preset's band and score for every series of EXPR and alerts on the score (src/rules).
import {
  defaultParams,
  type DetectorParams,
  formatDuration,
  type ParamKey,
  parseDuration,
  parseParamText,
} from '../../src/detect';
import type { WindowSettings } from '../../src/detect/presets/window';
import { DEFAULT_FOR, ruleGroupYaml } from '../../src/rules/rules';
import { writeOut } from '../io';

export const SYNOPSIS =
  "rules --expr 'EXPR' --name NAME [--window 1h] [--k 3] [--season none|1d|1w] [--range-start exclusive|inclusive] " +
  '[--interval 1m] [--for 5m] [--threshold T] [--warmup N]';

const { k, range, season, interval, phase, rangeStart, warmup, threshold } = defaultParams('window');
/** The window preset's defaults, and how long the score must hold before the alert fires. */
export const RULE_DEFAULTS: WindowSettings & { for: number } = {
  k,
  range,
  season,
  interval,
  phase,
  rangeStart,
  warmup,
  threshold,
  for: DEFAULT_FOR,
};

const USAGE = `usage: bandscope ${SYNOPSIS}
Prints one rule group (YAML) for Prometheus, Mimir, Cortex or Thanos rulers: recording rules
bandscope:NAME:predicted, :low, :high and :score (every series of EXPR, its labels kept) whose values equal
\`bandscope detect --preset window\` with the same settings, and an alert BandscopeAnomaly that fires when the
score stays at or above the threshold for --for.
  --window DUR        the mean and standard deviation of the last DUR (default ${formatDuration(RULE_DEFAULTS.range)})
  --k K               band half-width in standard deviations (default ${RULE_DEFAULTS.k})
  --season S          none, or a seasonal baseline S earlier: 1d, 1w (default none)
  --range-start R     exclusive: Prometheus 3.x and Mimir; inclusive: Prometheus 2.x (default ${RULE_DEFAULTS.rangeStart})
  --interval DUR      rule evaluation interval, at most 5m (default ${formatDuration(RULE_DEFAULTS.interval)})
  --for DUR           how long the score must stay high before the alert fires (default ${formatDuration(RULE_DEFAULTS.for)})
  --threshold T       alert when the 0–100 score is at least T (default ${RULE_DEFAULTS.threshold})
  --warmup N          no score until the window holds N samples (default ${RULE_DEFAULTS.warmup})
Durations: 30s, 5m, 1h, 1d, 1w, combinations like 1h30m, or milliseconds.
`;

/** The flags that set a window-preset parameter (`--window` is its range, as in PromQL's `[1h]`). */
const PARAM_FLAGS: Record<string, ParamKey> = {
  '--window': 'range',
  '--k': 'k',
  '--season': 'season',
  '--range-start': 'rangeStart',
  '--interval': 'interval',
  '--threshold': 'threshold',
  '--warmup': 'warmup',
};

/** A flag's value, read as the parameter table reads it (`--season none` = no baseline). */
function paramValue(flag: string, key: ParamKey, text: string): DetectorParams[ParamKey] {
  const parsed = key === 'season' && text === 'none' ? 0 : parseParamText(key, text, `"${text}"`);
  if (parsed === undefined || typeof parsed === 'object') {
    throw new Error(`${flag}: ${parsed?.error ?? 'needs a value'}`);
  }
  return parsed;
}

export async function run(args: string[]): Promise<number> {
  const settings: Record<string, unknown> = { ...RULE_DEFAULTS };
  let expr: string | undefined;
  let name: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      await writeOut(USAGE);
      return 0;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (!flag.startsWith('--')) {
      throw new Error(`unexpected argument "${arg}" (quote EXPR and give it with --expr)\n${USAGE}`);
    }
    if (value === undefined) {
      throw new Error(`${flag} needs a value`);
    }
    if (flag === '--expr') {
      expr = value;
    } else if (flag === '--name') {
      name = value;
    } else if (flag === '--for') {
      const ms = parseDuration(value);
      if (Number.isNaN(ms)) {
        throw new Error(`--for must be a duration (5m, 1h or milliseconds), got "${value}"`);
      }
      settings.for = ms;
    } else if (flag in PARAM_FLAGS) {
      settings[PARAM_FLAGS[flag]] = paramValue(flag, PARAM_FLAGS[flag], value);
    } else {
      throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (expr === undefined || name === undefined) {
    throw new Error(`--expr and --name are required\n${USAGE}`);
  }
  const { for: holdFor, ...window } = settings as typeof RULE_DEFAULTS;
  await writeOut(ruleGroupYaml({ expr, name, settings: window, for: holdFor }));
  return 0;
}
