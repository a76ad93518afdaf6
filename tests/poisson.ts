// Reproducible Poisson counts (xorshift32 uniforms, Knuth's product method) for the count-band tests and
// `npm run eval:counts`: the same arguments give the same counts.

/** `n` counts of mean `lambda`, from `seed`. */
export function poissonCounts(lambda: number, n: number, seed: number): number[] {
  let s = seed | 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const limit = Math.exp(-lambda);
  return Array.from({ length: n }, () => {
    let k = -1;
    for (let p = 1; p > limit; k++) {
      p *= uniform();
    }
    return k;
  });
}
