// Grafana refuses a plugin whose plugin.json lacks these fields; the plugin validator needs the network,
// so the same checks run here over the source manifests and, once built, over dist/.
import fs from 'fs';
import path from 'path';
import semver from 'semver';

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
    // We compile against @grafana/* 12.4.x: the range must admit it.
    expect(semver.satisfies('12.4.10', manifest.dependencies.grafanaDependency)).toBe(true);
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
