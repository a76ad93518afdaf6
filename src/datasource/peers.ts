// Compare = peers / both: the query's series compared with each other at each time step (src/frames/peers.ts),
// continued across a live query's emissions (StreamingPeers: each costs the population only its new time steps).
import { type DataFrame, type QueryResultMetaNotice } from '@grafana/data';

import { type PeersFrameMeta } from '../contract';
import { type Episode, type PopulationParams } from '../detect';
import { atRows, type StreamingPeers } from '../frames/peers';
import { type SeriesInput } from '../frames/read';
import { buildPeersFrame, type PeerColumns } from '../frames/write';

export interface PeersAnswer {
  /** Series i's peer score and flag at its own rows. */
  columns(i: number): PeerColumns;
  meta(i: number): PeersFrameMeta;
  episodes(i: number): Episode[];
  /** The cluster-range frame. */
  frame: DataFrame;
}

/** Stat of the peers frame: time steps the population detector processed for this emission. */
export const PEER_STEPS_STAT = 'Bandscope peer steps processed';

/**
 * `stream`: the query's comparison so far (a new one per query run). Throws PeersError when the series cannot be
 * compared (fewer than 3, no common time step).
 */
export function peersAnswer(
  series: SeriesInput[],
  params: PopulationParams,
  refId: string,
  stream: StreamingPeers
): PeersAnswer {
  const started = performance.now();
  const { aligned, result, notices, processed, restarted, gaps } = stream.update(
    series,
    params,
    series.map((s) => s.key)
  );
  const ms = performance.now() - started;
  if (restarted) {
    notices.push('The upstream window did not continue the previous one; the peer comparison started again.');
  }
  const meta: PeersFrameMeta = { params, series: series.length, refId };
  const frame = buildPeersFrame(
    aligned.times,
    { peerCenter: result.center, peerLow: result.low, peerHigh: result.high, peerCount: result.peers },
    meta,
    notices.map((text): QueryResultMetaNotice => ({ severity: 'warning', text })),
    gaps.range
  );
  frame.meta!.stats = [
    { displayName: PEER_STEPS_STAT, value: processed },
    { displayName: 'Bandscope peers time', value: Math.round(ms * 1000) / 1000, unit: 'ms' },
  ];
  return {
    columns: (i) => ({
      peerScore: atRows(aligned, i, result.score[i]),
      peerOutlier: atRows(aligned, i, result.anomaly[i]),
      scoreGaps: gaps.score[i],
    }),
    meta: (i) => ({ ...meta, outlierScore: result.outlierScore[i] }),
    episodes: (i) => result.episodes[i],
    frame,
  };
}
