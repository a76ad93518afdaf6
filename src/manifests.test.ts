// Grafana refuses a plugin whose plugin.json lacks these fields; the plugin validator needs the network,
// so the same checks run here over the source manifests and, once built, over dist/.
import { execFileSync } from 'child_process';
import { unzipSync } from 'fflate';
import fs from 'fs';
import os from 'os';
import path from 'path';
import semver from 'semver';

import { declaredVersions, ENTRIES } from '../tests/matrix/entries.cjs';

const repo = path.resolve(__dirname, '..');
const ID_PATTERN = /^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource)$/;
const { version } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));

// [manifest, directory its relative paths resolve against]
const SOURCE: Array<[string, string]> = [
  ['plugin.json', 'src'],
  ['src/datasource/plugin.json', 'src/datasource'],
  ['src/panel/plugin.json', 'src/panel'],
];
const DIST: Array<[string, string]> = [
  ['dist/plugin.json', 'dist'],
  ['dist/datasource/plugin.json', 'dist/datasource'],
  ['dist/panel/plugin.json', 'dist/panel'],
];
const built = fs.existsSync(path.join(repo, 'dist', 'plugin.json'));
const MATRIX_GRAFANA = ENTRIES.map((e) => declaredVersions(e).grafana);
const FLOOR = semver.parse([...MATRIX_GRAFANA].sort(semver.compare)[0])!;

function load(file: string) {
  return JSON.parse(fs.readFileSync(path.join(repo, file), 'utf8'));
}

describe.each([...SOURCE, ...(built ? DIST : [])])('%s', (file, dir) => {
  const manifest = load(file);

  it('has the fields Grafana requires', () => {
    expect(manifest.id).toMatch(ID_PATTERN);
    expect(['app', 'panel', 'datasource']).toContain(manifest.type);
    expect(manifest.id.endsWith(`-${manifest.type}`)).toBe(true);
    expect(typeof manifest.name).toBe('string');
    expect(manifest.name.length).toBeGreaterThan(0);
    expect(manifest.info.keywords.length).toBeGreaterThan(0);
    expect(typeof manifest.info.version).toBe('string');
    expect(typeof manifest.info.updated).toBe('string');
    expect(semver.validRange(manifest.dependencies.grafanaDependency)).not.toBeNull();
    // Every Grafana of the browser-spec matrix (tests/matrix) is admitted, and the floor is the oldest one.
    for (const v of MATRIX_GRAFANA) {
      expect(semver.satisfies(v, manifest.dependencies.grafanaDependency, { includePrerelease: true })).toBe(true);
    }
    expect(manifest.dependencies.grafanaDependency).toBe(`>=${FLOOR.major}.${FLOOR.minor}.0-0`);
  });

  it('points at logo files that exist', () => {
    for (const logo of [manifest.info.logos.small, manifest.info.logos.large]) {
      expect(fs.existsSync(path.join(repo, dir, logo))).toBe(true);
    }
  });

  if (file.startsWith('dist/')) {
    it('has version and date filled in by the build', () => {
      expect(manifest.info.version).toBe(version);
      expect(manifest.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });
  }
});

describe('the bundle', () => {
  it('app includes the datasource, the panel and the demo dashboards, enabled automatically', () => {
    const app = load('plugin.json');
    expect(app.id).toBe('bandscope-app');
    expect(app.autoEnabled).toBe(true);
    const includes: Array<{ type: string; path: string }> = app.includes;
    for (const type of ['datasource', 'panel', 'dashboard']) {
      const included = includes.filter((i) => i.type === type);
      expect(included.length).toBeGreaterThan(0);
      for (const i of included) {
        expect(fs.existsSync(path.join(repo, 'src', i.path))).toBe(true);
      }
    }
    expect(includes.find((i) => i.type === 'datasource')!.path).toBe('datasource/plugin.json');
    expect(includes.find((i) => i.type === 'panel')!.path).toBe('panel/plugin.json');
  });

  it('datasource is frontend-only and serves metrics and annotations', () => {
    const ds = load('src/datasource/plugin.json');
    expect(ds.id).toBe('bandscope-datasource');
    expect(ds.backend).toBeUndefined();
    expect(ds.executable).toBeUndefined();
    expect(ds.metrics).toBe(true);
    expect(ds.annotations).toBe(true);
  });

  it('panel id', () => {
    expect(load('src/panel/plugin.json').id).toBe('bandscope-panel');
  });

  it('demo dashboards are valid dashboard JSON', () => {
    for (const i of load('plugin.json').includes.filter((x: { type: string }) => x.type === 'dashboard')) {
      const dashboard = load(path.join('src', i.path));
      expect(typeof dashboard.title).toBe('string');
      expect(Array.isArray(dashboard.panels)).toBe(true);
    }
  });
});

describe('what the version matrix proves, said everywhere', () => {
  it('README and docker-compose.yml name the floor', () => {
    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
    expect(readme).toContain(`Requires Grafana **${FLOOR.major}.${FLOOR.minor} or later**`);
    const compose = fs.readFileSync(path.join(repo, 'docker-compose.yml'), 'utf8');
    expect(compose).toMatch(new RegExp(`image: grafana/grafana:\\$\\{GRAFANA_VERSION:-${FLOOR.version.replace(/\./g, '\\.')}\\}`));
  });
});

// What Grafana's plugin validator checks that can be checked offline.
describe('plugin-validator hygiene', () => {
  const code = (dir: string): string[] =>
    fs.readdirSync(path.join(repo, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(tsx?|js)$/.test(f) && !/\.test\.tsx?$/.test(f))
      .map((f) => path.join(dir, f));

  it('no `this.refs`, which the React 19 scanner reports as a legacy string ref', () => {
    const files = [...code('src'), ...(built ? code('dist') : [])];
    expect(files.length).toBeGreaterThan(10);
    const offending = files.filter((f) => /\bthis\.refs\b/.test(fs.readFileSync(path.join(repo, f), 'utf8')));
    expect(offending).toEqual([]);
  });

  it('the app lists screenshots (PNG files that exist) and links', () => {
    const { info } = load('plugin.json');
    expect(info.screenshots.length).toBeGreaterThan(0);
    for (const shot of info.screenshots) {
      expect(shot.name.length).toBeGreaterThan(0);
      const png = fs.readFileSync(path.join(repo, 'src', shot.path));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    expect(info.links.length).toBeGreaterThan(0);
    for (const link of info.links) {
      expect(link.name.length).toBeGreaterThan(0);
      expect(link.url).toMatch(/^https:\/\//);
    }
  });

  it('CHANGELOG.md has an entry for the version being released', () => {
    const changelog = fs.readFileSync(path.join(repo, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(new RegExp(`^## ${version.replace(/\./g, '\\.')}\\b`, 'm'));
  });

  (built ? it : it.skip)('the zip carries the licence, changelog and readme beside plugin.json', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bandscope-zip-'));
    try {
      execFileSync(process.execPath, [path.join(repo, 'scripts', 'package.mjs'), '--out', out]);
      const zip = unzipSync(fs.readFileSync(path.join(out, `bandscope-app-${version}.zip`)));
      const licence = zip['bandscope-app/LICENSE'];
      expect(licence).toBeDefined();
      expect(Buffer.from(licence).equals(fs.readFileSync(path.join(repo, 'LICENSE')))).toBe(true);
      for (const file of ['CHANGELOG.md', 'README.md', 'plugin.json', 'img/screenshot-combined.png']) {
        expect(zip[`bandscope-app/${file}`]).toBeDefined();
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
