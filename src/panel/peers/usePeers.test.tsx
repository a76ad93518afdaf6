// The peers view's data: the crowd first, the comparison when it is back, the previous comparison while a new one
// runs; on a refreshing live panel each refresh compares only its new time steps (the panel's StreamingPeers), and
// shows what one comparison of every step shows. jsdom has no Worker: the main-thread path, the same class the
// worker runs.
import { renderHook, waitFor } from '@testing-library/react';

import { createDataFrame, FieldType } from '@grafana/data';

import { readWideFixture } from '../../../tests/fixture-data';
import { PopulationDetector, POPULATION_DEFAULTS } from '../../detect';
import { comparePeers } from '../../frames/peers';
import { peersInput, peersModel } from './model';
import { type PeersState, usePeers } from './usePeers';

// The Apache sample's requests per hour by browser family (tests/fixtures/population).
const sample = readWideFixture('population/apache-browser-1h.csv');
/** Hours lo..hi−1 as one wide frame, as a Prometheus `sum by (browser)` range query returns them. */
const hours = (lo: number, hi: number) =>
  createDataFrame({
    refId: 'A',
    fields: [
      { name: 'time', type: FieldType.time, values: sample.times.slice(lo, hi) },
      ...sample.names.map((name, i) => ({ name, type: FieldType.number, values: sample.columns[i].slice(lo, hi) })),
    ],
  });

describe('usePeers on a live panel', () => {
  it('a refresh with one new hour runs the population over that hour only, and draws what a full comparison draws', async () => {
    const run = jest.spyOn(PopulationDetector.prototype, 'run');
    const stepsRun = () => run.mock.calls.reduce((n, [times]) => n + times.length, 0);
    try {
      const { result, rerender } = renderHook(({ frames }) => usePeers(frames, POPULATION_DEFAULTS), {
        initialProps: { frames: [hours(0, 48)] },
      });
      await waitFor(() => expect(result.current.status).toBe('ready'));
      expect(result.current).toMatchObject({ ranIn: 'main', processed: 48 });
      expect(stepsRun()).toBe(48);
      let counted = stepsRun();
      for (let hi = 49; hi <= 60; hi++) {
        const frames = [hours(hi - 48, hi)]; // the dashboard's last 48 hours, one hour later
        rerender({ frames });
        await waitFor(() => expect(result.current.model?.times.at(-1)).toBe(sample.times[hi - 1]));
        expect(result.current.processed).toBe(1);
        expect(stepsRun() - counted).toBe(1); // what the engine ran, counted independently of `processed`
        // the model equals one comparison of every hour so far, cut to the window
        const all = peersInput([hours(0, hi)]);
        const full = peersModel(all, comparePeers(all.series, POPULATION_DEFAULTS).result, []);
        const model = result.current.model!;
        expect(Array.from(model.high)).toEqual(Array.from(full.high.subarray(hi - 48)));
        for (const s of model.series) {
          const f = full.series.find((x) => x.key === s.key)!;
          expect(Array.from(s.score)).toEqual(Array.from(f.score.subarray(hi - 48)));
        }
        counted = stepsRun(); // after the reference comparison's own steps
      }
    } finally {
      run.mockRestore();
    }
  });

  it('draws the crowd before the first comparison, then keeps a comparison drawn while the next one runs', () => {
    const seen: PeersState[] = [];
    const { rerender } = renderHook(
      ({ frames, k }) => {
        const state = usePeers(frames, { ...POPULATION_DEFAULTS, k });
        seen.push(state);
        return state;
      },
      { initialProps: { frames: [hours(0, 48)], k: 3 } }
    );
    expect(seen.map((s) => s.status)).toEqual(['crowd', 'ready']);
    const [crowd, first] = seen.map((s) => s.model!);
    expect(crowd.compared).toBe(false);
    expect(crowd.series.map((s) => s.name)).toEqual([...sample.names].sort());
    expect(first.compared).toBe(true);
    seen.length = 0;
    rerender({ frames: [hours(0, 48)], k: 2 }); // a change of settings
    rerender({ frames: [hours(1, 49)], k: 2 }); // a refresh
    expect(seen.map((s) => s.status)).toEqual(['updating', 'ready', 'updating', 'ready']);
    expect(seen[0].model).toBe(first); // the previous comparison stays drawn
    expect(seen[2].model).toBe(seen[1].model);
    expect(seen[3].model!.times.at(-1)).toBe(sample.times[48]);
  });
});
