// The peers messages: the worker's handler (`answerPeers`) is a pure function, tested here in Node with the messages
// cloned as postMessage clones them (v8's serializer: the structured clone).
import { deserialize, serialize } from 'node:v8';

import { POPULATION_DEFAULTS } from '../detect';
import { PeerDetector, type PeerSteps } from '../frames/peers';
import { answerPeers, packSteps, runTransferables, stepsTransferables, unpackRun } from './peers';

const clone = <T>(x: T): T => deserialize(serialize(x)) as T;
const T = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const N = 5;

/** Steps [lo, hi) of N series, series 3 an outlier from step 10. */
function steps(lo: number, hi: number, restart: boolean): PeerSteps {
  const times = Float64Array.from({ length: hi - lo }, (_, j) => T + (lo + j) * MIN);
  const values = Array.from({ length: N }, (_, i) =>
    Float64Array.from(times, (_, j) => (i === 3 && lo + j > 10 ? 90 : 10 + ((i + lo + j) % 3)))
  );
  return { restart, first: restart ? 0 : lo, start: T, params: POPULATION_DEFAULTS, times, values };
}

describe("the worker's answer to a panel's new steps", () => {
  it("continues the panel's detector: the same outputs and episodes as one detector run here, in buffers of their own", () => {
    const worker = new Map<number, PeerDetector>();
    const here = new PeerDetector();
    for (const [lo, hi] of [
      [0, 12],
      [12, 13],
      [13, 20],
    ]) {
      const s = steps(lo, hi, lo === 0);
      const packed = clone(packSteps(s));
      const answer = answerPeers(worker, 7, packed)!;
      const back = unpackRun(clone(answer));
      const expected = here.run(s)!;
      // (plain arrays: the clones are another realm's typed arrays)
      for (const k of ['center', 'low', 'high', 'peers'] as const) {
        expect(Array.from(back.outputs[k])).toEqual(Array.from(expected.outputs[k]));
      }
      expect(back.outputs.score.map((x) => Array.from(x))).toEqual(expected.outputs.score.map((x) => Array.from(x)));
      expect(back.outputs.anomaly.map((x) => Array.from(x))).toEqual(
        expected.outputs.anomaly.map((x) => Array.from(x))
      );
      expect(back.episodes).toEqual(expected.episodes);
      expect(new Set(runTransferables(answer)).size).toBe(6);
    }
    expect(unpackRun(answerPeers(worker, 7, packSteps(steps(20, 21, false)))!).episodes[3]).toHaveLength(1);
  });

  it('answers null when it cannot continue (a lost stream, another step count), and starts again when told', () => {
    const worker = new Map<number, PeerDetector>();
    expect(answerPeers(worker, 1, packSteps(steps(12, 13, false)))).toBeNull(); // it never had the steps before
    expect(answerPeers(worker, 1, packSteps(steps(0, 12, true)))).not.toBeNull();
    expect(answerPeers(worker, 1, packSteps(steps(13, 14, false)))).toBeNull(); // step 12 never came
    expect(worker.has(1)).toBe(false);
    expect(answerPeers(worker, 1, packSteps(steps(0, 13, true)))).not.toBeNull();
    expect(answerPeers(worker, 1, packSteps(steps(13, 14, false)))).not.toBeNull();
  });

  it('one new step of 1,000 series is 1,001 numbers each way (plus the flags and episodes), whatever the window', () => {
    const times = Float64Array.of(T);
    const values = Array.from({ length: 1000 }, (_, i) => Float64Array.of(i % 7));
    const msg = packSteps({ restart: true, first: 0, start: T, params: POPULATION_DEFAULTS, times, values });
    expect(stepsTransferables(msg).reduce((n, b) => n + b.byteLength, 0)).toBe(8 * 1001);
    // transferring detaches them: none may be an array the page's window keeps
    const kept = new Set([times, ...values].map((a) => a.buffer));
    expect(stepsTransferables(msg).some((b) => kept.has(b))).toBe(false);
    const answer = answerPeers(new Map(), 1, msg)!;
    // center, low, high (8 bytes each), peers (4), scores (8 per series), flags (1 per series)
    expect(runTransferables(answer).reduce((n, b) => n + b.byteLength, 0)).toBe(3 * 8 + 4 + 1000 * 9);
  });
});
