// Splits a text stream arriving in arbitrary chunks (a file read, a fetch body, worker messages) into
// lines, carrying the partial last line over to the next chunk.

export class LineSplitter {
  private rest = '';

  /** Complete lines in `chunk` (without '\n'; a '\r' before it is left to the parser, which ignores it). */
  push(chunk: string): string[] {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop()!;
    return lines;
  }

  /** The last line if the text did not end with a newline. */
  end(): string[] {
    const last = this.rest;
    this.rest = '';
    return last === '' ? [] : [last];
  }
}
