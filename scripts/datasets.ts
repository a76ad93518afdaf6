// Where evaluations and benchmarks find their datasets: a directory given with --data, by default the shared
// datasets beside the repository (../shared/data). Tests never read these: theirs are in tests/fixtures/.
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';

/** `../shared/data` relative to the repository root. */
export const SHARED_DATA = path.resolve(__dirname, '..', '..', 'shared', 'data');

/** A dataset that is not there. Its message is one line (what is missing, where to get it): print it, exit non-zero. */
export class MissingDataError extends Error {}

/** `dir` as the user would type it: relative to the working directory when that is shorter. */
export function shownPath(dir: string): string {
  const rel = path.relative(process.cwd(), dir) || '.';
  return rel.length < dir.length ? rel : dir;
}

/**
 * Throws MissingDataError unless `dir` holds every path in `needs`: "`what` not found in DIR (needs …): `howToGet`".
 * Directories in `needs` end with a slash.
 */
export function requireData(dir: string, needs: readonly string[], what: string, howToGet: string): void {
  if (needs.some((p) => !existsSync(path.join(dir, p)))) {
    throw new MissingDataError(`${what} not found in ${shownPath(dir)} (needs ${needs.join(' and ')}): ${howToGet}`);
  }
}

/** A text file, or when only `file.gz` exists, that file decompressed (large fixtures are stored gzip-compressed). */
export function readText(file: string): string {
  if (!existsSync(file) && existsSync(`${file}.gz`)) {
    return gunzipSync(readFileSync(`${file}.gz`)).toString('utf8');
  }
  return readFileSync(file, 'utf8');
}
