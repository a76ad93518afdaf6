// Tests read only the repository and the temporary directories they make (mkdtemp): a fresh clone with nothing
// beside it must pass. Installed by jest-setup.js for every unit test: a file-system read elsewhere fails the test
// that made it, even when the file is there (e.g. ../shared on a developer's machine, or beside a clone that lies
// in the temporary directory itself). Use tests/fixtures (tests/README.md).
const fs = require('fs');
const path = require('path');
const { fileURLToPath } = require('url');

const ROOT = path.resolve(__dirname, '..');
/** The repository (and where its node_modules really is, if a link), then every directory a test made with mkdtemp. */
const ALLOWED = [ROOT, fs.realpathSync.native(ROOT), fs.realpathSync.native(path.join(ROOT, 'node_modules'))];
const INSTALLED = Symbol.for('bandscope.repositoryOnly');

/** The path a call reads, or undefined for a file descriptor. */
function target(p) {
  if (typeof p === 'string' || Buffer.isBuffer(p)) {
    return path.resolve(String(p));
  }
  return p instanceof URL ? fileURLToPath(p) : undefined;
}

function check(p) {
  const file = target(p);
  if (file !== undefined && !ALLOWED.some((dir) => file === dir || file.startsWith(dir + path.sep))) {
    throw new Error(
      `a test read ${file}, outside the repository (${ROOT}): tests read only the repository, so a fresh clone ` +
        'passes with nothing beside it; commit a small licensed fixture under tests/fixtures (see tests/README.md)'
    );
  }
}

function guard(object, names, promises = false) {
  for (const name of names) {
    const original = object[name];
    object[name] = promises
      ? async function (p, ...rest) {
          check(p);
          return original.call(this, p, ...rest);
        }
      : function (p, ...rest) {
          check(p);
          return original.call(this, p, ...rest);
        };
  }
}

/** mkdtemp: the directory it makes may be read. */
function allowMade(object, name, promises = false) {
  const original = object[name];
  const allow = (dir) => {
    ALLOWED.push(path.resolve(dir), fs.realpathSync.native(dir));
    return dir;
  };
  object[name] = promises
    ? async function (...args) {
        return allow(await original.apply(this, args));
      }
    : name.endsWith('Sync')
      ? function (...args) {
          return allow(original.apply(this, args));
        }
      : function (prefix, ...rest) {
          const done = rest.pop();
          return original.call(this, prefix, ...rest, (err, dir) => done(err, err ? dir : allow(dir)));
        };
}

if (!fs[INSTALLED]) {
  fs[INSTALLED] = true;
  guard(fs, [
    'readFileSync',
    'readFile',
    'createReadStream',
    'openSync',
    'open',
    'existsSync',
    'statSync',
    'stat',
    'lstatSync',
    'accessSync',
    'access',
    'readdirSync',
    'readdir',
    'opendirSync',
  ]);
  guard(fs.promises, ['readFile', 'open', 'stat', 'access', 'readdir', 'opendir'], true);
  allowMade(fs, 'mkdtempSync');
  allowMade(fs, 'mkdtemp');
  allowMade(fs.promises, 'mkdtemp', true);
}

module.exports = { check, ROOT };
