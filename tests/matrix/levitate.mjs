// Grafana's API compatibility check (@grafana/levitate `is-compatible`) of the plugin's three entry points
// against the oldest and the newest Grafana of the matrix. The CLI downloads both tarballs of every package
// on every run (minutes each); this runs the same comparison (levitate's own functions and .levignore.js)
// against the packages the matrix already installed. Exit 1 on any incompatibility.
import {
  compareExports,
  createTsProgram,
  getIncompatibilitiesFromComparison,
  getPackageUsage,
  getTypeDefinitionFilePath,
  printIncompatibilities,
} from '@grafana/levitate';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { ENTRIES, installedVersion, packageDir, REPO } from './entries.cjs';

// What the plugin's modules import from Grafana (the dist's AMD externals).
const PACKAGES = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];
const MODULES = ['src/module.tsx', 'src/datasource/module.ts', 'src/panel/module.ts'];
const TARGETS = ENTRIES.filter((e) => e.levitate);

const started = Date.now();
// One program over the three entry points (levitate's is-compatible takes one path: an entry importing them).
const entry = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bandscope-levitate-')), 'entry.ts');
fs.writeFileSync(entry, MODULES.map((m) => `import '${path.join(REPO, m).replace(/\.tsx?$/, '')}';\n`).join(''));
const program = createTsProgram(entry);
// Two of the CLI's own functions the package does not export: the .levignore.js reader (acknowledged changes,
// each with its reason there) and a package's export table.
const internal = (file) => import(pathToFileURL(path.join(packageDir('@grafana/levitate'), 'dist', file)).href);
const { readLevignoreFile } = await internal('utils.js');
const { getExportInfo } = await internal('compiler/exports.js');
const ignored = await readLevignoreFile(REPO);

let failed = false;
for (const target of TARGETS) {
  const problems = [];
  for (const name of PACKAGES) {
    const from = getTypeDefinitionFilePath(packageDir(name));
    const to = getTypeDefinitionFilePath(packageDir(name, target));
    const comparison = compareExports(from, to, ignored);
    for (const [sourceFile, usages] of getPackageUsage(program, getExportInfo(from), name)) {
      problems.push(...getIncompatibilitiesFromComparison({ sourceFile, usages, comparison }));
    }
  }
  const installed = PACKAGES.map((n) => `${n}@${installedVersion(n)}`).join(', ');
  const wanted = PACKAGES.map((n) => `${n}@${installedVersion(n, target)}`).join(',');
  if (problems.length > 0) {
    failed = true;
    console.log(`levitate is-compatible --target ${wanted}: ${problems.length} incompatibilities (from ${installed})`);
    printIncompatibilities(problems);
    // printIncompatibilities leaves out a change whose type texts diff to nothing (e.g. `interface` vs `type`):
    // name every one, so a failure always says what to fix or acknowledge in .levignore.js.
    for (const p of problems) {
      const kind = p.removal ? 'removed' : 'changed';
      console.log(`  ${kind} ${p.name} (${path.relative(REPO, p.sourceFile.fileName)})`);
    }
  } else {
    console.log(`levitate is-compatible --target ${wanted}: compatible`);
  }
}
fs.rmSync(path.dirname(entry), { recursive: true, force: true });
console.log(`levitate: ${TARGETS.length} targets in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
