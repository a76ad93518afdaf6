// Linear-time checks for code that reads strangers' input: the cost of an input 16× longer must grow
// about 16× (a quadratic step makes it 256×). Cost is CPU time of this process (time spent waiting for
// a core on a busy shared machine does not count), the best of several interleaved trials of each size,
// each trial repeating the call for at least a few milliseconds of CPU.

/** CPU milliseconds used by this process so far. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** One trial: CPU time per call of `fn`, in ms. */
function trial(fn: () => void, minMs: number): number {
  let reps = 0;
  const t0 = cpuMs();
  let elapsed = 0;
  do {
    fn();
    reps++;
    elapsed = cpuMs() - t0;
  } while (elapsed < minMs);
  return elapsed / reps;
}

/** `unit` repeated to exactly `length` characters. */
export function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

export const LENGTH_FACTOR = 16;

/**
 * How much more the call costs on the 16× longer input (16 for linear work, 256 for quadratic). A figure above
 * the limit is measured again, up to twice, and the smallest kept: a garbage collection or JIT compilation on a
 * busy machine can inflate one measurement, but quadratic work is over the limit every time.
 */
export function growth(make: (length: number) => string, run: (input: string) => void, n: number): number {
  let g = measureGrowth(make, run, n);
  for (let retry = 0; retry < 2 && g >= LINEAR_GROWTH_LIMIT; retry++) {
    g = Math.min(g, measureGrowth(make, run, n));
  }
  return g;
}

function measureGrowth(make: (length: number) => string, run: (input: string) => void, n: number): number {
  const small = make(n);
  const large = make(LENGTH_FACTOR * n);
  run(large); // warm up both paths before timing
  run(small);
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let t = 0; t < 7; t++) {
    bestSmall = Math.min(
      bestSmall,
      trial(() => run(small), 2)
    );
    bestLarge = Math.min(
      bestLarge,
      trial(() => run(large), 2)
    );
  }
  return bestLarge / bestSmall;
}

/** Growth above this fails: the geometric mean of linear (16) and quadratic (256) growth, 4× from each. */
export const LINEAR_GROWTH_LIMIT = 64;

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

/** `prefix`, then `run` repeated, then `suffix`: `n` characters in all (at least the prefix and suffix). */
function crafted(prefix: string, run: string, suffix: string, n: number): string {
  return prefix + repeatTo(run, Math.max(0, n - prefix.length - suffix.length)) + suffix;
}

/**
 * Agents of `n` characters on which ua-parser-js 1.0.x backtracks polynomially (it reads the first 500): the
 * expressions eslint-plugin-regexp's no-super-linear-backtracking reports in its source, each given a long
 * run its quantifiers can trade and no suffix that lets the match succeed (archos and naver are cubic:
 * ~0.25 s and ~0.03 s per 500-character agent; qbcore quadratic). `i` makes agents distinct.
 */
export const UA_PARSER_POLYNOMIAL: Record<string, (n: number, i?: number) => string> = {
  // /archos ?(5|gamepad2?|([\w ]*[t1789]|hello) ?\d+[\w ]*)( b|\))/i (a device expression)
  archos: (n, i = 0) => crafted(`Mozilla/5.0 (Linux; ${i}; archos `, '1', '', n),
  // /(naver)\(.*?(\d+\.[\w\.]+).*\)/i
  naver: (n, i = 0) => crafted(`Mozilla/5.0 (${i}) naver(`, '1.1', '', n),
  // /\bqbcore\/([\w\.]+).+microm/i
  qbcore: (n, i = 0) => crafted(`Mozilla/5.0 (${i}) qbcore/`, '1', '', n),
};
