// Linear-time checks for code that reads strangers' input: the time for an input 8× longer must grow
// about 8× (a quadratic step would make it 64×). Timings are the best of several trials, each repeating
// the call for at least a few milliseconds, so a busy shared machine only ever makes the ratio noisier
// upwards on one side and the best trial of each side stays comparable.

/** Best time per call of `fn`, in ms. */
export function bestTimePerCall(fn: () => void, trials = 5, minMs = 3): number {
  let best = Infinity;
  for (let t = 0; t < trials; t++) {
    let reps = 0;
    const t0 = performance.now();
    let elapsed = 0;
    do {
      fn();
      reps++;
      elapsed = performance.now() - t0;
    } while (elapsed < minMs);
    best = Math.min(best, elapsed / reps);
  }
  return best;
}

/** `unit` repeated to exactly `length` characters. */
export function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** How much longer the call takes on the 8× longer input (8 for linear work, 64 for quadratic). */
export function growth(make: (length: number) => string, run: (input: string) => void, n: number): number {
  const small = make(n);
  const large = make(8 * n);
  run(large); // warm up both paths before timing
  run(small);
  return bestTimePerCall(() => run(large)) / bestTimePerCall(() => run(small));
}

/** Growth above this fails: 3× the linear 8, well below the quadratic 64. */
export const LINEAR_GROWTH_LIMIT = 24;

/** Strangers' favourite characters and words: delimiters, quotes, escapes, brackets and bot keywords. */
export const HOSTILE_PIECES = [
  'a',
  'A',
  '1',
  ' ',
  '"',
  '\\',
  '\\"',
  '(',
  ')',
  '[',
  ']',
  ';',
  '/',
  '-',
  '.',
  '+',
  '!',
  '_',
  ':',
  '%',
  'bot',
  'Bot',
  'crawl',
  'crawler',
  'spider',
  'slurp',
  'http://',
  '+http://',
  'compatible; ',
  'Mozilla/5.0 ',
  'facebookexternalhit',
  'headless',
  'curl',
  '\\x41',
  '" "',
  '" 200 1 "',
];
