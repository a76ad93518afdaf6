// The worker's half of a band chart's refreshes (message 'bands'): one SeriesDetectors per panel stream, continued
// over the new rows the panel sends (src/panel/model/liveBands.ts keeps the windows); the answer holds only those
// rows' results and each series' episodes in its window. A function of the streams and the message, so Node tests
// run it as the worker does.
import { type PackedResult, runPacked } from '../detect';
import { SeriesDetectors } from '../frames/streaming';
import type { ToWorker } from './protocol';

export type BandsMessage = Extract<ToWorker, { type: 'bands' }>;

/**
 * Runs a 'bands' message: the new rows' results; null when the stream's detectors are gone (the worker restarted,
 * or an error dropped them), so the panel restarts it. Throws what the detector throws (the stream then forgotten).
 */
export function bandsStep(streams: Map<number, SeriesDetectors>, msg: BandsMessage): PackedResult | null {
  const { stream, keys, packed, windowStart } = msg;
  const detectors = msg.restart ? new SeriesDetectors(msg.preset, msg.params) : streams.get(stream);
  if (!detectors) {
    return null;
  }
  streams.delete(stream); // kept again once the run succeeded: a detector that threw may hold a partial state
  const result = runPacked(packed, (bounds, i) => detectors.of(keys[i], bounds));
  result.episodes = keys.map((key, i) => detectors.episodesFrom(key, windowStart[i]));
  streams.set(stream, detectors);
  return result;
}
