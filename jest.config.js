// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');
const swc = base.transform['^.+\\.(t|j)sx?$'];
// d3's own modules ship ESM only (the scaffold's list names `d3`, not `d3-array` & co. that it imports).
const ESM_ONLY = [...grafanaESModules, 'd3-[a-z-]+', 'internmap', 'delaunator', 'robust-predicates'];

module.exports = {
  ...base,
  // Inside the repository: unit tests may read nothing outside it (tests/repository-only.js), source maps included.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // Unit tests sit next to the code they test: engines, CLI, scripts and evaluation tools; tests/ holds the harness's.
  testMatch: ['<rootDir>/{src,bin,scripts,eval,bench,tests}/**/*.test.{ts,tsx}'],
  // d3 and friends ship ESM-only .mjs files; the scaffold's transform regex never matches them.
  transform: { ...base.transform, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [nodeModulesToTransform(ESM_ONLY)],
};
