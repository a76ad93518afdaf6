import { defineConfig } from 'eslint/config';
import regexp from 'eslint-plugin-regexp';
import baseConfig from './.config/eslint.config.mjs';

// The architecture, enforced (README "Development"): the engines are pure, the two adapters never import each
// other, and what both adapters share (src/weblog-client, src/frames, src/contract.ts, src/palette.ts,
// src/schema.ts) imports neither.
// `moment` stays forbidden everywhere, as in Grafana's base config (a rule's options replace, not merge).
const MOMENT = { name: 'moment', message: 'Use @grafana/data dateTime or plain Date.' };
// ua-parser-js 1.0.x is only the reference of `npm run eval:ua` (a devDependency with polynomial expressions).
const UA_PARSER = { name: 'ua-parser-js', message: 'User agents are classified by src/weblog/agent.ts.' };
const relativeTo = (folders) => `^(\\.\\.?/)+(${folders.join('|')})(/|$)`;
const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths: [MOMENT, UA_PARSER], patterns }] },
});
const ENGINES = ['src/detect/**', 'src/weblog/**', 'src/geo/**', 'src/rules/**'];
const SHARED = ['src/weblog-client/**', 'src/frames/**', 'src/contract.ts', 'src/palette.ts', 'src/schema.ts'];

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'tests/host/.build/',
      'build/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
    ],
  },
  ...baseConfig,
  restrict(ENGINES, [
    {
      regex: '^(@grafana/|@emotion/|react$|react-dom|uplot$)',
      message: 'Engines are pure: no Grafana, React or DOM UI.',
    },
    {
      regex: relativeTo(['datasource', 'panel', 'weblog-client', 'frames', 'app', 'module']),
      message: 'Engines import no adapter (and nothing that imports Grafana): move the shared piece down.',
    },
  ]),
  restrict(
    ['src/datasource/**'],
    [
      {
        regex: relativeTo(['panel']),
        message: 'The datasource never imports the panel: share through src/weblog-client, src/frames or an engine.',
      },
    ]
  ),
  restrict(
    ['src/panel/**'],
    [
      {
        regex: relativeTo(['datasource']),
        message: 'The panel never imports the datasource: share through src/weblog-client, src/frames or an engine.',
      },
    ]
  ),
  restrict(SHARED, [
    { regex: relativeTo(['datasource', 'panel', 'app']), message: 'Shared modules import no adapter.' },
  ]),
  {
    // TypeScript outside src/ (CLI, build scripts, benchmarks, evaluation, browser harness, root configs).
    files: ['{bin,scripts,bench,eval,tests}/**/*.{ts,tsx}', '*.ts'],
  },
  {
    // Logs, labels and series names are written by strangers: every regular expression that reads them must
    // run in linear time (no backtracking blow-up, no quadratic retries from every start position).
    files: ['src/**/*.{ts,tsx}'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { ignoreSticky: false, ignorePartial: false }],
    },
  },
]);
