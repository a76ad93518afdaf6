// Leave-one-category-out check of the default parameters: `npm run eval:loco [-- --data DIR] [--preset P]`.
// For each category of the NAB corpus, the parameter set that scores best on the OTHER categories is chosen from a
// grid around the defaults (threshold × k × alpha × gamma), and the held-out category is scored with it and with
// the defaults. Scores are NAB's standard profile at the detector's own threshold (what a user gets, no
// optimiser), normalised over the scored files' windows (null → 0, perfect → 100) as eval:nab does (a category
// without windows: its raw score). If the defaults generalise, the choice made without a category is the default,
// or scores about as well on it. The last line is JSON.
import * as path from 'path';

import {
  createDetector,
  defaultParams,
  type DetectorParams,
  PRESETS,
  type PresetName,
  runInInputOrder,
} from '../src/detect';
import { MissingDataError } from '../scripts/datasets';
import { DEFAULT_DATA_DIR, readCorpus, readSeries } from './nab/corpus';
import { buildTruth, evaluateAtThreshold, type ScoredFile } from './nab/scorer';

const GRID = {
  threshold: [40, 50, 60],
  k: [3, 4, 5],
  alpha: [0.05, 0.1, 0.2],
  gamma: [0.005, 0.01, 0.02],
} as const;
type GridKey = keyof typeof GRID;

const USAGE = `usage: npm run eval:loco -- [--data DIR] [--preset ${PRESETS.join('|')}]`;

function parseArgs(argv: string[]): { dataDir: string; preset: PresetName } {
  let dataDir = DEFAULT_DATA_DIR;
  let preset: PresetName = 'ewma';
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--data' && value !== undefined) {
      dataDir = path.resolve(value);
      i++;
    } else if (argv[i] === '--preset' && value !== undefined && (PRESETS as readonly string[]).includes(value)) {
      preset = value as PresetName;
      i++;
    } else {
      throw new Error(`${USAGE}\ngot "${argv[i]}"`);
    }
  }
  return { dataDir, preset };
}

function combinations(): Array<Partial<DetectorParams>> {
  let out: Array<Partial<DetectorParams>> = [{}];
  for (const key of Object.keys(GRID) as GridKey[]) {
    out = out.flatMap((p) => GRID[key].map((v) => ({ ...p, [key]: v })));
  }
  return out;
}

const label = (p: Partial<DetectorParams>) => (Object.keys(GRID) as GridKey[]).map((k) => `${k} ${p[k]}`).join(', ');

function main(): void {
  const { dataDir, preset } = parseArgs(process.argv.slice(2));
  const corpus = readCorpus(dataDir);
  const files = corpus.files.map((f) => {
    const s = readSeries(f.file);
    return { category: f.category, truth: buildTruth(f.name, s.times, f.windows), ...s };
  });
  const cost = corpus.profiles.standard;
  const defaults = defaultParams(preset);
  const grid = combinations();
  // flagged[combination][file]: the detector's anomaly flag (score ≥ its threshold), as eval:nab's fixed row
  const flagged: ScoredFile[][] = grid.map((params) =>
    files.map((f) => ({
      truth: f.truth,
      anomalyScores: Float64Array.from(
        runInInputOrder(createDetector(preset, { ...defaults, ...params }), f.times, f.values).anomaly
      ),
    }))
  );
  // normalised over the categories' windows; without windows (artificialNoAnomaly) the raw score: the cost of
  // false detections, 0 when there are none
  const over = (combo: number, categories: string[]) => {
    const r = evaluateAtThreshold(
      flagged[combo].filter((_, i) => categories.includes(files[i].category)),
      'standard',
      cost,
      1
    );
    return r.windowCount > 0 ? r.normalized : r.raw;
  };
  const isDefault = (p: Partial<DetectorParams>) => (Object.keys(GRID) as GridKey[]).every((k) => p[k] === defaults[k]);
  const def = grid.findIndex(isDefault);
  console.log(`leave-one-category-out, ${preset}, ${files.length} files in ${dataDir}, ${grid.length} parameter sets`);
  console.log(`defaults: ${label(defaults)}; scores: NAB standard at the detector's own threshold`);
  const rows = corpus.categories.map((held) => {
    const others = corpus.categories.filter((c) => c !== held);
    const onOthers = grid.map((_, i) => over(i, others));
    // ties go to the defaults: a different set must be better, not only as good
    let best = def;
    onOthers.forEach((s, i) => {
      if (s > onOthers[best] + 1e-9) {
        best = i;
      }
    });
    const row = {
      category: held,
      chosen: grid[best],
      chosenIsDefault: best === def,
      heldOutChosen: Math.round(over(best, [held]) * 100) / 100,
      heldOutDefault: Math.round(over(def, [held]) * 100) / 100,
    };
    console.log(
      `${held.padEnd(22)} chosen without it: ${best === def ? 'the defaults' : label(grid[best])}` +
        `  held-out: ${row.heldOutChosen.toFixed(2)} (defaults ${row.heldOutDefault.toFixed(2)})`
    );
    return row;
  });
  console.log(JSON.stringify({ preset, grid: GRID, categories: rows }));
}

try {
  main();
} catch (e: unknown) {
  console.error(e instanceof MissingDataError ? `eval:loco: ${e.message}` : e instanceof Error ? e.message : e);
  process.exitCode = e instanceof MissingDataError ? 2 : 1;
}
