// Counting what a live path reads, for unit tests: arrays whose element reads are counted, so a test can say "one
// new step reads the same handful of values for a day's window as for a week's" without timings.

export interface ReadCounter {
  /** `values` wrapped: each read of one of its elements counts. */
  counted<T>(values: T[]): T[];
  /** The element reads since the last call. */
  take(): number;
}

export function readCounter(): ReadCounter {
  let reads = 0;
  return {
    counted: (values) =>
      new Proxy(values, {
        get(target, prop, receiver) {
          reads += typeof prop === 'string' && /^\d+$/.test(prop) ? 1 : 0;
          return Reflect.get(target, prop, receiver);
        },
      }),
    take: () => {
      const r = reads;
      reads = 0;
      return r;
    },
  };
}
