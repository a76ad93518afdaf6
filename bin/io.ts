// Standard input and output for the commands: input as lines, output that waits for a slow reader and ends
// quietly when the reader goes away.
import { createReadStream } from 'node:fs';

import { LineSplitter } from '../src/weblog/lines';

/** FILE (or stdin for '-') as batches of complete lines, the last batch holding what follows the final newline. */
export async function* inputLines(file: string, highWaterMark?: number): AsyncGenerator<string[]> {
  const input = file === '-' ? process.stdin : createReadStream(file, { highWaterMark });
  input.setEncoding('utf8');
  const splitter = new LineSplitter();
  for await (const chunk of input) {
    yield splitter.push(chunk as string);
  }
  yield splitter.end();
}

/** Writes to stdout, resolving once it has taken the text (at once unless its buffer is full). */
export function writeOut(text: string): Promise<void> {
  return text === '' || process.stdout.write(text)
    ? Promise.resolve()
    : new Promise((resolve) => process.stdout.once('drain', resolve));
}

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
