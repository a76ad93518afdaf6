// A mounted panel's peer comparison across refreshes: the window (src/frames/peers.ts PeerWindow) is kept here, on
// the main thread, as views; the population detector (PeerDetector) runs here for small inputs or in the shared
// worker for big ones, where it is kept per panel and given only each refresh's new steps. A refresh whose window
// continues the previous one (the panel's LiveReader says which series it read only the new rows of) costs
// O(series + new rows) on each side; anything else (another series set or order, other settings, a window that
// does not continue, the detector moving between threads or lost by the worker) starts the comparison again from
// the whole window, as StreamingPeers does.
import type { PopulationParams } from '../../detect';
import {
  PeerDetector,
  type PeerRun,
  type PeerSteps,
  PeerWindow,
  peersIdentity,
  type RowCheck,
  stepsOf,
  type StreamingPeersAnalysis,
  type WindowPlan,
} from '../../frames/peers';
import type { SeriesInput } from '../../frames/read';

/** A panel's series as its live reader read them (`extractSeries`' `read`: which read of that reader). */
export interface PanelSeries {
  series: SeriesInput[];
  read?: number;
}

/** The worker's side: a panel's detector kept there. */
export interface RemotePeers {
  /** Whether a worker can be asked (false: compare on the main thread). */
  available(): boolean;
  /** The new steps' run; null when the worker cannot continue (it lost the stream); undefined without a worker. */
  run(steps: PeerSteps): Promise<PeerRun | null | undefined>;
}

export interface PanelComparison {
  analysis: Omit<StreamingPeersAnalysis, 'notices'>;
  ranIn: 'main' | 'worker';
}

type Place = PanelComparison['ranIn'];

export class PanelPeers {
  private readonly window = new PeerWindow();
  private readonly local = new PeerDetector();
  /** Where the window's detector is. */
  private place: Place | undefined;
  /** The reader's read the window was last committed from. */
  private committedRead: number | undefined;
  /** The comparison in the worker: the next one plans on the window it commits. */
  private busy: Promise<unknown> | undefined;

  /** `workerCells`: series × steps from which the worker compares (src/weblog-client/client.ts WORKER_CELLS). */
  constructor(
    private readonly remote: RemotePeers,
    private readonly workerCells: number
  ) {}

  /**
   * The comparison of the panel's series continued: synchronous on the main thread when none runs in the worker,
   * else a promise. Throws (rejects) what the detector throws.
   */
  compare(input: PanelSeries, params: PopulationParams): PanelComparison | Promise<PanelComparison> {
    if (this.busy) {
      const next = () => this.compare(input, params);
      return this.busy.then(next, next);
    }
    const { series, read } = input;
    const identity = peersIdentity(
      series.map((s) => s.key),
      params
    );
    // a series the reader continued from its read before, which this window holds, has its earlier rows kept here
    const synced = read !== undefined && this.committedRead !== undefined && read === this.committedRead + 1;
    const check = series.map((s): RowCheck => (synced && s.continued ? 'ends' : 'all'));
    const again = () => this.window.plan(series, identity, check, true);
    let plan = this.window.plan(series, identity, check);
    const place: Place = series.length * plan.steps >= this.workerCells && this.remote.available() ? 'worker' : 'main';
    plan = place !== this.place && plan.from ? again() : plan;
    if (place === 'main') {
      return this.commit(plan, this.local.run(stepsOf(plan, params))!, 'main', read);
    }
    const inWorker = async () => {
      // the worker lost the stream (restarted, or another step count): the whole window again
      const run =
        (await this.remote.run(stepsOf(plan, params))) ?? (await this.remote.run(stepsOf((plan = again()), params)));
      if (!run) {
        throw new Error('the worker did not compare the series');
      }
      return this.commit(plan, run, 'worker', read);
    };
    const done = inWorker()
      .catch(() => {
        // the worker could not run it: the main thread can, from the start
        const whole = again();
        return this.commit(whole, this.local.run(stepsOf(whole, params))!, 'main', read);
      })
      .finally(() => {
        this.busy = this.busy === done ? undefined : this.busy;
      });
    this.busy = done;
    return done;
  }

  private commit(plan: WindowPlan, run: PeerRun, place: Place, read: number | undefined): PanelComparison {
    const analysis = this.window.commit(plan, run);
    this.place = place;
    this.committedRead = read;
    return { analysis, ranIn: place };
  }
}
