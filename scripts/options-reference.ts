// The README's options reference, written from the detector's parameter table (src/detect/params.ts), so the
// README cannot drift from the editors and the CLI: `npm run docs:options` rewrites it in README.md, and
// scripts/options-reference.test.ts fails when README.md disagrees with the table.
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';

import { paramFlag } from '../bin/commands/detect';
import { DEFAULT_PRESET, formatParam, PARAM_KEYS, paramDefault, PARAMS, PRESETS } from '../src/detect';

export const README = path.resolve(__dirname, '..', 'README.md');
const START = '<!-- options-reference: written by `npm run docs:options` from src/detect/params.ts -->';
const END = '<!-- /options-reference -->';

const code = (s: string) => `\`${s}\``;

/** The options table (markdown), one row per preset choice and parameter. */
export function optionsReference(): string {
  const header = `| option | CLI flag | meaning | allowed | default (${PRESETS.join(' / ')}) |`;
  const rows = PARAM_KEYS.map((key) => {
    const spec = PARAMS[key];
    const defaults = PRESETS.map((p) => (spec.presets.includes(p) ? formatParam(key, paramDefault(p, key)) : '—'));
    return `| ${spec.label} | ${code(paramFlag(key))} | ${spec.help} | ${spec.range} | ${defaults.join(' / ')} |`;
  });
  return [
    header,
    '|---|---|---|---|---|',
    `| Preset | \`--preset\` | the detector (see below) | ${PRESETS.map(code).join(', ')} | ${code(DEFAULT_PRESET)} |`,
    ...rows,
  ].join('\n');
}

/** `readme` with the text between the markers replaced by the current table. */
export function withOptionsReference(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no "${START}" … "${END}" block`);
  }
  return `${readme.slice(0, start + START.length)}\n${optionsReference()}\n${readme.slice(end)}`;
}

if (require.main === module) {
  writeFileSync(README, withOptionsReference(readFileSync(README, 'utf8')));
  process.stdout.write('README.md: options reference written from src/detect/params.ts\n');
}
