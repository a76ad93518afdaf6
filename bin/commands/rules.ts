// `bandscope rules --expr EXPR --name NAME [...]`: one Prometheus rule group (YAML) on stdout that records the
// window preset's band and score for every series of EXPR and alerts on the score (src/rules).
import type { RangeStart, WindowSettings } from '../../src/detect/presets/window';
import { formatDuration, parseDuration } from '../../src/detect/duration';
import { ruleGroupYaml } from '../../src/rules/rules';
import { writeOut } from '../io';
import { NUMBER } from '../timestamp';

export const SYNOPSIS =
  "rules --expr 'EXPR' --name NAME [--window 1h] [--k 3] [--season none|1d|1w] [--range-start exclusive|inclusive] " +
  '[--interval 1m] [--for 5m] [--threshold T] [--warmup N]';

export const RULE_DEFAULTS: WindowSettings & { for: number } = {
  k: 3,
  range: 3_600_000,
  season: 0,
  interval: 60_000,
  phase: 0,
  rangeStart: 'exclusive',
  warmup: 10,
  threshold: 50,
  for: 300_000,
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

function duration(flag: string, text: string): number {
  const ms = parseDuration(text);
  if (!Number.isFinite(ms)) {
    throw new Error(`${flag} expects a duration like 5m, 1h or 1d, got "${text}"`);
  }
  return ms;
}

function number(flag: string, text: string): number {
  if (!NUMBER.test(text)) {
    throw new Error(`${flag} expects a number, got "${text}"`);
  }
  return Number(text);
}

export async function run(args: string[]): Promise<number> {
  const settings = { ...RULE_DEFAULTS };
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
    switch (flag) {
      case '--expr':
        expr = value;
        break;
      case '--name':
        name = value;
        break;
      case '--window':
        settings.range = duration(flag, value);
        break;
      case '--k':
        settings.k = number(flag, value);
        break;
      case '--season':
        settings.season = value === 'none' ? 0 : duration(flag, value);
        break;
      case '--range-start':
        settings.rangeStart = value as RangeStart; // validated with the other settings
        break;
      case '--interval':
        settings.interval = duration(flag, value);
        break;
      case '--for':
        settings.for = duration(flag, value);
        break;
      case '--threshold':
        settings.threshold = number(flag, value);
        break;
      case '--warmup':
        settings.warmup = number(flag, value);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (expr === undefined || name === undefined) {
    throw new Error(`--expr and --name are required\n${USAGE}`);
  }
  const { for: holdFor, ...window } = settings;
  await writeOut(ruleGroupYaml({ expr, name, settings: window, for: holdFor }));
  return 0;
}
