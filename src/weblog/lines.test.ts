import fc from 'fast-check';

import { LineSplitter, MAX_LINE_CHARS } from './lines';

describe('LineSplitter', () => {
  it('yields the same lines however the text is chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-c\r]*$/), { maxLength: 8 }), fc.array(fc.nat(40)), (lines, cuts) => {
        const text = lines.join('\n');
        const points = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((a, b) => a - b);
        const s = new LineSplitter();
        const got: string[] = [];
        let prev = 0;
        for (const p of [...points, text.length]) {
          got.push(...s.push(text.slice(prev, p)));
          prev = p;
        }
        got.push(...s.end());
        const want = text === '' ? [] : text.endsWith('\n') ? text.split('\n').slice(0, -1) : text.split('\n');
        expect(got).toEqual(want);
      })
    );
  });

  it('carries at most MAX_LINE_CHARS + 1 characters of a line that does not end', () => {
    const s = new LineSplitter();
    const got: string[] = [];
    for (let i = 0; i < 1000; i++) {
      got.push(...s.push('x'.repeat(1000))); // 1 MB without a newline
    }
    got.push(...s.push('\nnext\n'), ...s.end());
    expect(got.map((l) => l.length)).toEqual([MAX_LINE_CHARS + 1, 4]);
    expect(got[0]).toBe('x'.repeat(MAX_LINE_CHARS + 1));
    expect(got[1]).toBe('next');
  });
});
