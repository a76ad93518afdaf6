// `bandscope geo [FILE|-]`: one IP address per line in (stdin when no FILE or '-'), `ip,country` out;
// country is empty when unknown (private, reserved, unallocated or not an address). Blank lines are skipped.

import { nodeGeoTable } from '../../scripts/geo-node';
import { inputLines, stdoutClosed, writeOut } from '../io';

export const SYNOPSIS = 'geo [FILE|-]';

export async function run(args: string[]): Promise<number> {
  if (args.length > 1 || (args[0] ?? '-').startsWith('--')) {
    process.stderr.write(`usage: bandscope ${SYNOPSIS}\n`);
    return 1;
  }
  const table = nodeGeoTable();
  const closed = stdoutClosed();
  for await (const lines of inputLines(args[0] ?? '-')) {
    let out = '';
    for (const raw of lines) {
      const ip = raw.trim();
      if (ip !== '') {
        out += `${ip},${table.lookup(ip)}\n`;
      }
    }
    await writeOut(out);
    if (closed()) {
      return 0;
    }
  }
  return 0;
}
