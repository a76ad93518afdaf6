// The worker's half of a band chart's refreshes (message 'bands'): one SeriesDetectors per panel stream, continued
// over the new rows the panel sends (src/panel/model/liveBands.ts keeps the windows); the answer holds only those
// rows' results and each series' episodes in its window. A function of the streams and the message, so Node tests
// run it as the worker does.
import { type PackedResult, runPacked } from '../detect';
import { SeriesDetectors } from '../frames/streaming';
import type { ToWorker } from './protocol';

export type BandsMessage = Extract<ToWorker, { type: 'bands' }>;

/** The stream's detectors are gone (the worker restarted, or an error dropped them): the panel restarts it. */
export class LostStream extends Error {}

/** Runs a 'bands' message: the new rows' results; throws LostStream or what the detector throws (then forgotten). */
export function bandsStep(streams: Map<number, SeriesDetectors>, msg: BandsMessage): PackedResult {
  const { stream, keys, packed, windowStart } = msg;
  const detectors = msg.restart ? new SeriesDetectors(msg.preset, msg.params) : streams.get(stream);
  if (!detectors) {
    throw new LostStream(`band stream ${stream} is not in the worker`);
  }
  streams.delete(stream); // kept again once the run succeeded: a detector that threw may hold a partial state
  const result = runPacked(packed, (bounds, i) => detectors.of(keys[i], bounds));
  result.episodes = keys.map((key, i) => detectors.episodesFrom(key, windowStart[i]));
  streams.set(stream, detectors);
  return result;
}
