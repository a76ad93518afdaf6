import fc from 'fast-check';

import { LineSplitter } from './lines';

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
});
