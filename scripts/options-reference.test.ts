import { readFileSync } from 'fs';

import { PARAM_KEYS, PARAMS } from '../src/detect';
import { optionsReference, README, withOptionsReference } from './options-reference';

describe('README options reference', () => {
  const readme = readFileSync(README, 'utf8');

  it('is the one written from the parameter table (run `npm run docs:options` after changing it)', () => {
    expect(withOptionsReference(readme)).toBe(readme);
  });

  it('has a row per parameter with its range and per-preset defaults, "—" where a preset does not read it', () => {
    const table = optionsReference();
    for (const key of PARAM_KEYS) {
      expect(table).toContain(`| ${PARAMS[key].label} |`);
      expect(table).toContain(`| ${PARAMS[key].range} |`);
    }
    expect(table).toContain('| Season | `--season` |');
    expect(table).toMatch(/\| Season .*\| — \/ — \/ — \/ 1d \/ 0s \|/);
    expect(table).toMatch(/\| Window .*\| — \/ 20 \/ 60 \/ — \/ — \|/);
  });
});
