// Splits a text stream arriving in arbitrary chunks (a file read, a fetch body, worker messages) into
// lines, carrying the partial last line over to the next chunk.

import { detach } from './strings';

/** Longest line parsed as it is; the aggregator cuts longer ones to this length (and counts them). */
export const MAX_LINE_CHARS = 65_536;

export class LineSplitter {
  private rest = '';

  /**
   * Complete lines in `chunk` (without '\n'; a '\r' before it is left to the parser, which ignores it).
   * A line still open at the end of the chunk is carried over only up to MAX_LINE_CHARS + 1 characters,
   * so a stream without newlines cannot grow memory (the line still comes out as over-long).
   */
  push(chunk: string): string[] {
    const lines = (this.rest + chunk).split('\n');
    const rest = lines.pop()!;
    this.rest = rest.length > MAX_LINE_CHARS ? detach(rest.slice(0, MAX_LINE_CHARS + 1)) : rest;
    return lines;
  }

  /** The last line if the text did not end with a newline. */
  end(): string[] {
    const last = this.rest;
    this.rest = '';
    return last === '' ? [] : [last];
  }
}
