// `bandscope geo [FILE|-]`: one IP address per line in (stdin when no FILE or '-'), `ip,country` out, one row
// per non-blank line, in order; country is empty when unknown (private, reserved, unallocated or not an
// address). Inputs that are not addresses are counted on stderr with their first line numbers.

import { nodeGeoTable } from '../../scripts/geo-node';
import { isIPAddress } from '../../src/geo/ip';
import type { GeoTable } from '../../src/geo/table';
import { inputLines, stdoutClosed, writeOut } from '../io';

export const SYNOPSIS = 'geo [FILE|-]';
const MAX_LINE_NUMBERS = 10;

function help(table: GeoTable): string {
  return `usage: bandscope ${SYNOPSIS}
One IP address (IPv4 or IPv6) per line in; "ip,country" out (ISO 3166-1 alpha-2, empty when unknown).

IP data: ${table.source}, ${table.date}
${table.attribution || 'Licence: not recorded when the table was built.'}
Rebuild it from fresher data with npm run build:geo -- --from FILE… (see README, "Fresher IP data").
`;
}

export async function run(args: string[]): Promise<number> {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    process.stdout.write(help(nodeGeoTable()));
    return 0;
  }
  if (args.length > 1 || (args[0] ?? '-').startsWith('--')) {
    process.stderr.write(`usage: bandscope ${SYNOPSIS}\n`);
    return 1;
  }
  const table = nodeGeoTable();
  const closed = stdoutClosed();
  let lineNo = 0;
  let inputs = 0;
  const invalid: number[] = [];
  let invalidCount = 0;
  for await (const lines of inputLines(args[0] ?? '-')) {
    let out = '';
    for (const raw of lines) {
      lineNo++;
      const ip = raw.trim();
      if (ip === '') {
        continue;
      }
      inputs++;
      const country = table.lookup(ip);
      // '' is also the answer for valid addresses without a country: only those need the parse.
      if (country === '' && !isIPAddress(ip)) {
        if (invalidCount++ < MAX_LINE_NUMBERS) {
          invalid.push(lineNo);
        }
      }
      out += `${ip},${country}\n`;
    }
    await writeOut(out);
    if (closed()) {
      return 0;
    }
  }
  if (invalidCount > 0) {
    const more = invalidCount > invalid.length ? ', …' : '';
    process.stderr.write(
      `bandscope geo: ${invalidCount} of ${inputs} inputs are not IP addresses (country left empty): ` +
        `line${invalidCount > 1 ? 's' : ''} ${invalid.join(', ')}${more}\n`
    );
  }
  return 0;
}
