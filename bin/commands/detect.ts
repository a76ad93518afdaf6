// `bandscope detect [--preset P] [--<parameter> VALUE]… [--episodes] [--forecast DUR] FILE|-`: CSV in
// (timestamp,value; header optional), CSV out: timestamp,value,predicted,low,high,score,anomaly; with --forecast,
// the future rows follow and a last column `forecast` tells them apart (1) from input rows (0). The parameter
// flags and their help come from the engine's PARAMS.
import { readFileSync } from 'fs';

import {
  createDetector,
  DEFAULT_PRESET,
  describeParam,
  type DetectorParams,
  durationError,
  FORECAST_PRESETS,
  formatParam,
  isPresetName,
  PARAM_KEYS,
  type ParamKey,
  type ParamKind,
  PARAMS,
  parseDuration,
  parseParamText,
  PRESET_INFO,
  PRESETS,
  type PresetName,
  presetUses,
  readsArrivalOrder,
  rowsOutOfOrder,
  runInInputOrder,
} from '../../src/detect';
import { writeOut } from '../io';
import { formatLike, NUMBER, parseTimestamp } from '../timestamp';

/** A parameter's flag: `episodeGap` → `--episode-gap`. */
export const paramFlag = (key: ParamKey) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

const OPTIONS = new Map<string, ParamKey>(PARAM_KEYS.map((key) => [paramFlag(key), key]));

const METAVAR: Record<ParamKind, (key: ParamKey) => string> = {
  number: () => 'X',
  integer: () => 'N',
  duration: () => 'DUR',
  enum: (key) => (PARAMS[key].values ?? []).join('|'),
};

export const SYNOPSIS = `detect [--preset ${PRESETS.join('|')}] ${PARAM_KEYS.map(
  (key) => `[${paramFlag(key)} ${METAVAR[PARAMS[key].kind](key)}]`
).join(' ')} [--episodes] [--forecast DUR] FILE|-`;

/** A parameter's defaults in words: `0.1 (notebook 0.04)`. */
export function defaultsText(key: ParamKey): string {
  const spec = PARAMS[key];
  const others = Object.entries(spec.presetDefaults ?? {}).map(([p, v]) => `${p} ${formatParam(key, v)}`);
  return `${formatParam(key, spec.default)}${others.length > 0 ? ` (${others.join(', ')})` : ''}`;
}

const INDENT = 24;
const WIDTH = 110;

/** `head` in a column of INDENT, then `text` wrapped at WIDTH under it. */
function helpLine(head: string, text: string): string {
  const lines = [`  ${head}`.padEnd(INDENT - 1) + ' '];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (lines[last].length + word.length > WIDTH && lines[last].trim() !== '') {
      lines.push(' '.repeat(INDENT));
    }
    lines[lines.length - 1] += `${word} `;
  }
  return lines.map((l) => l.trimEnd()).join('\n') + '\n';
}

const USAGE = `usage: bandscope ${SYNOPSIS}
Reads CSV (header optional): timestamp (ISO-8601, "YYYY-MM-DD HH:MM:SS" UTC or epoch ms), value (empty/null/NaN =
missing). Writes CSV: timestamp,value,predicted,low,high,score,anomaly, one row per input row, in input order.
Rows out of time order are read sorted by time (stable; the notebook preset reads arrival order) and counted on stderr.
--episodes writes the anomaly episodes instead: start,end,peak_time,peak_score,severity,points (times ISO-8601 UTC).
--forecast DUR (presets ${FORECAST_PRESETS.join(' and ')}): then the prediction and band that far past the last row, one
row per step of the series (value, score and anomaly empty), and a last column forecast (0 for input rows, 1 for
future rows).

presets:
${PRESETS.map((p) => helpLine(p, PRESET_INFO[p])).join('')}
options (unset: the preset's default):
${PARAM_KEYS.map((key) =>
  helpLine(`${paramFlag(key)} ${METAVAR[PARAMS[key].kind](key)}`, `${describeParam(key)} Default ${defaultsText(key)}.`)
).join('')}
Durations: 5m, 1h, 1d, 1w, combinations like 1h30m, or milliseconds.
`;

interface Args {
  preset: PresetName;
  params: Partial<DetectorParams>;
  /** Forecast horizon in ms, when asked for. */
  forecast?: number;
  file: string;
  episodes: boolean;
}

function parseArgs(args: string[]): Args | undefined {
  let preset: PresetName = DEFAULT_PRESET;
  const params: Partial<DetectorParams> = {};
  let forecast: number | undefined;
  const files: string[] = [];
  let episodes = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      return undefined;
    }
    if (arg === '--episodes') {
      episodes = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      files.push(arg); // includes "-" (stdin)
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) {
      throw new Error(`${flag} needs a value`);
    }
    const key = OPTIONS.get(flag);
    if (flag === '--preset') {
      if (!isPresetName(value)) {
        throw new Error(`--preset must be one of ${PRESETS.join(', ')}, got "${value}"`);
      }
      preset = value;
    } else if (flag === '--forecast') {
      const invalid = durationError('--forecast', value);
      if (invalid) {
        throw new Error(invalid);
      }
      forecast = parseDuration(value);
    } else if (key) {
      const parsed = parseParamText(key, value);
      if (typeof parsed === 'object') {
        throw new Error(`${flag}: ${parsed.error}`);
      }
      (params as Record<ParamKey, unknown>)[key] = parsed;
    } else {
      throw new Error(
        `unknown option ${flag} (options: --preset, ${[...OPTIONS.keys()].join(', ')}, --episodes, --forecast)`
      );
    }
  }
  if (files.length !== 1) {
    throw new Error(`expects one input, FILE or - for stdin, got ${files.length}`);
  }
  return { preset, params, forecast, file: files[0], episodes };
}

const MISSING = /^(|null|nan)$/i;

interface Table {
  /** Timestamp text as given, echoed unchanged. */
  stamps: string[];
  times: Float64Array;
  values: Float64Array;
  /** 1-based line number of each row, for error messages. */
  lines: number[];
}

const unquote = (cell: string) => {
  const c = cell.trim();
  return c.length >= 2 && c[0] === '"' && c[c.length - 1] === '"' ? c.slice(1, -1) : c;
};

/**
 * Line 1 is a header when its first cell is not a timestamp and its second is not a number (so a data row with
 * a bad timestamp is still reported); any other malformed line is an error, never skipped.
 */
export function parseCsv(text: string): Table {
  const rows = text.split(/\r?\n/);
  if (rows.length > 0 && rows[rows.length - 1] === '') {
    rows.pop(); // the final newline
  }
  const table: Table = {
    stamps: [],
    times: new Float64Array(rows.length),
    values: new Float64Array(rows.length),
    lines: [],
  };
  let n = 0;
  rows.forEach((row, r) => {
    const line = r + 1;
    const cells = row.split(',').map(unquote);
    const t = parseTimestamp(cells[0]);
    if (r === 0 && Number.isNaN(t) && !NUMBER.test(cells[1] ?? '')) {
      return;
    }
    if (cells.length < 2) {
      throw new Error(`line ${line}: expected "timestamp,value", got ${JSON.stringify(row)}`);
    }
    if (!Number.isFinite(t)) {
      throw new Error(
        `line ${line}: timestamp must be ISO-8601, "YYYY-MM-DD HH:MM:SS" (UTC) or epoch ms, got ${JSON.stringify(cells[0])}`
      );
    }
    const v = cells[1];
    if (!NUMBER.test(v) && !MISSING.test(v)) {
      throw new Error(`line ${line}: value must be a number or empty/null/NaN, got ${JSON.stringify(v)}`);
    }
    table.stamps.push(cells[0]);
    table.times[n] = t;
    table.values[n] = MISSING.test(v) ? NaN : Number(v);
    table.lines.push(line);
    n++;
  });
  table.times = table.times.subarray(0, n);
  table.values = table.values.subarray(0, n);
  return table;
}

/** Shortest round-trip text (JavaScript's number → string); missing is an empty cell. */
const num = (x: number) => (Number.isNaN(x) ? '' : String(x));

function readInput(file: string): string {
  return readFileSync(file === '-' ? 0 : file, 'utf8');
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (!parsed) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { preset, params, forecast, file, episodes } = parsed;
  const detector = createDetector(preset, params);
  if (forecast !== undefined && !FORECAST_PRESETS.includes(preset)) {
    throw new Error(
      `--forecast needs a preset with a model of the future (${FORECAST_PRESETS.join(', ')}), got ${preset}`
    );
  }
  if (forecast !== undefined && episodes) {
    throw new Error('--forecast and --episodes write different tables: choose one');
  }
  const unread = (Object.keys(params) as ParamKey[]).filter((key) => !presetUses(preset, key));
  if (unread.length > 0) {
    process.stderr.write(`bandscope detect: the ${preset} preset does not read ${unread.map(paramFlag).join(', ')}\n`);
  }
  const table = parseCsv(readInput(file));
  const late = rowsOutOfOrder(table.times);
  if (late.count > 0) {
    const how = readsArrivalOrder(preset)
      ? 'the notebook preset reads them in arrival order, as the notebook did'
      : 'the detector read the rows sorted by time (stable)';
    process.stderr.write(
      `bandscope detect: ${late.count} row(s) earlier than a row above them (first: line ${table.lines[late.first]}); ` +
        `${how}; output rows are in input order\n`
    );
  }
  const res = runInInputOrder(detector, table.times, table.values);
  if (episodes) {
    const iso = (t: number) => new Date(t).toISOString();
    const rows = res.episodes.map(
      (e) => `${iso(e.start)},${iso(e.end)},${iso(e.peakTime)},${e.peakScore},${e.severity},${e.points}\n`
    );
    await writeOut(['start,end,peak_time,peak_score,severity,points\n', ...rows].join(''));
    return 0;
  }
  const future = forecast === undefined ? undefined : detector.forecast(forecast);
  const n = table.stamps.length;
  const tail = future ? ',0\n' : '\n';
  const sample = table.stamps[n - 1] ?? '';
  const line = (row: number) => {
    if (row >= n && future) {
      const h = row - n;
      return `${formatLike(sample, future.times[h])},,${num(future.predicted[h])},${num(future.low[h])},${num(future.high[h])},,,1\n`;
    }
    return `${table.stamps[row]},${num(table.values[row])},${num(res.predicted[row])},${num(res.low[row])},${num(res.high[row])},${num(res.score[row])},${res.anomaly[row]}${tail}`;
  };
  const CHUNK = 50_000;
  let out = [`timestamp,value,predicted,low,high,score,anomaly${future ? ',forecast' : ''}\n`];
  for (let row = 0; row < n + (future?.times.length ?? 0); row++) {
    out.push(line(row));
    if (out.length >= CHUNK) {
      await writeOut(out.join(''));
      out = [];
    }
  }
  await writeOut(out.join(''));
  return 0;
}
