// `bandscope geo [FILE|-]`: one IP address per line in (stdin when no FILE or '-'), `ip,country` out;
// country is empty when unknown (private, reserved, unallocated or not an address). Blank lines are skipped.

import { createReadStream } from 'node:fs';

import { nodeGeoTable } from '../../scripts/geo-node';
import { LineSplitter } from '../../src/weblog/lines';

/**
 * Makes a closed stdout (`… | head`) end the command quietly instead of crashing on EPIPE; returns a
 * function telling whether that happened, so producers can stop early.
 */
export function stdoutClosed(): () => boolean {
  let closed = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') {
      throw err;
    }
    closed = true;
    process.stdout.emit('drain');
  });
  return () => closed;
}

export async function run(args: string[]): Promise<number> {
  if (args.length > 1 || (args[0] ?? '-').startsWith('--')) {
    process.stderr.write('usage: bandscope geo [FILE|-]\n');
    return 1;
  }
  const file = args[0] ?? '-';
  const table = nodeGeoTable();
  const input = file === '-' ? process.stdin : createReadStream(file);
  input.setEncoding('utf8');
  const splitter = new LineSplitter();
  const closed = stdoutClosed();
  const write = (lines: string[]) => {
    let out = '';
    for (const raw of lines) {
      const ip = raw.trim();
      if (ip !== '') {
        out += `${ip},${table.lookup(ip)}\n`;
      }
    }
    return out === '' || process.stdout.write(out)
      ? Promise.resolve()
      : new Promise((r) => process.stdout.once('drain', r));
  };
  for await (const chunk of input) {
    await write(splitter.push(chunk as string));
    if (closed()) {
      return 0;
    }
  }
  await write(splitter.end());
  return 0;
}
