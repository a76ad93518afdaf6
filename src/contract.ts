// The frame contract between the Bandscope datasource and the Bandscope panel (and any other panel):
// one place that names the added fields and the metadata. README "Frame contract" documents it for users.
//
// - One output frame per source series: the original time field and value field untouched (name, labels,
//   unit, display name), followed by the added fields below, which carry the source field's labels.
// - Each added field has `config.custom.bandscope = { role, source }`, where `source` is the source value
//   field's name, so a consumer can tie it to its series without parsing names.
// - `frame.meta.custom.bandscope = { preset, params }` tells a panel the bands are precomputed, and with what.
// - Episodes, when asked for, come as a separate frame named EPISODES_FRAME_NAME with EPISODE_FIELDS.
// - A forecast, when asked for, adds future rows after the source rows (time at the series' step, value null,
//   predicted/low/high filled, score and anomaly null) and a last field with role FORECAST_ROLE: 1 on future rows.
// - The web-log mode's frames carry `frame.meta.custom.bandscopeWeblog` (WeblogFrameMeta).
// - Compare = peers or both (population outliers): each series' frame gets PEER_FIELDS after its own fields and
//   `meta.custom.bandscopePeers` (PeersFrameMeta, with its outlierScore); one more frame, PEERS_FRAME_NAME, holds
//   the peers' cluster range on the common time axis (PEERS_FRAME_FIELDS). Compare = peers leaves out the band
//   fields and `meta.custom.bandscope`: such a frame carries no bands.

import type { PopulationParams } from './detect/population';
import type { DetectorParams, PresetName } from './detect/types';

/**
 * Added fields, in this order, after the source time and value fields:
 * - `predicted` (number): the detector's estimate for the point; null while it has none (warm-up, no value).
 * - `low`, `high` (number): the band; null while there is no estimate.
 * - `score` (number): 0–100 severity score (warning ≥ 3, minor ≥ 25, major ≥ 50, critical ≥ 75); null without value.
 * - `anomaly` (number): 1 when the point is flagged, else 0.
 */
export const BAND_FIELDS = ['predicted', 'low', 'high', 'score', 'anomaly'] as const;
export type BandRole = (typeof BAND_FIELDS)[number];

/**
 * The field that marks forecast rows: 1 for a row after the last source point (a future row), 0 for the source's
 * own rows. Also the CLI's last column (`bandscope detect --forecast`).
 */
export const FORECAST_ROLE = 'forecast';
export type TagRole = BandRole | typeof FORECAST_ROLE;

export interface BandFieldTag {
  role: TagRole;
  /** Name of the source value field in the same frame. */
  source: string;
}

export interface BandscopeFrameMeta {
  preset: PresetName;
  params: DetectorParams;
  /** Display name of the source series (what the added fields' display names start with). */
  series?: string;
  /** The Bandscope query the frame answers. */
  refId?: string;
  /** Set when the frame carries a forecast: its horizon (ms) and the time of the last source point ("now"). */
  forecast?: { horizonMs: number; from: number };
}

export const EPISODES_FRAME_NAME = 'bandscope-episodes';
export const EPISODE_FIELDS = ['time', 'timeEnd', 'series', 'peakScore', 'severity'] as const;
/** Extra episode fields after EPISODE_FIELDS: the peak's time, the number of flagged points, and annotation text. */
export const EPISODE_EXTRA_FIELDS = ['peakTime', 'points', 'title', 'text'] as const;

/** Which added fields a query asks for; `band` means `low` and `high`. All true when absent. */
export interface BandOutputs {
  predicted?: boolean;
  band?: boolean;
  score?: boolean;
  anomaly?: boolean;
}

/** The added roles a `BandOutputs` selects, in BAND_FIELDS order. */
export function selectedRoles(outputs: BandOutputs = {}): BandRole[] {
  return BAND_FIELDS.filter((role) => {
    switch (role) {
      case 'low':
      case 'high':
        return outputs.band !== false;
      default:
        return outputs[role] !== false;
    }
  });
}

/**
 * What a field's unit says the series can be, for the detector's `min` / `max` (the band is clipped to them, never
 * the score): Grafana's `percent` is 0–100, `percentunit` 0–1. Other units say nothing (a series never negative
 * still gets no band below 0: the detector learns that itself).
 */
export function unitBounds(unit: string | undefined): Pick<DetectorParams, 'min' | 'max'> {
  switch (unit) {
    case 'percent':
      return { min: 0, max: 100 };
    case 'percentunit':
      return { min: 0, max: 1 };
    default:
      return {};
  }
}

/** Display name of an added field, also its `config.displayNameFromDS` (unique per series, so `fillBelowTo` works). */
export function bandDisplayName(series: string, role: TagRole | PeerRole): string {
  return `${series} ${role}`;
}

/**
 * Per-series fields of the peer comparison (Compare = peers or both), after the series' own fields, tagged
 * `{ role, source }` as the band fields:
 * - `peerScore` (number): 0–100 outlier score against the other series (same scale as `score`); null where the
 *   series has no value or the step fewer than 3 series with one.
 * - `peerOutlier` (number): 1 while the series is an outlier (odd for more than half of its last `window` steps).
 */
export const PEER_FIELDS = ['peerScore', 'peerOutlier'] as const;
export type PeerRole = (typeof PEER_FIELDS)[number];

/**
 * The separate frame with the peers' cluster range, one row per step of the common time axis: `time`, then
 * - `peerCenter`: the median across the series; `peerLow`, `peerHigh`: centre ∓ k·spread (robust: 1.4826·MAD,
 *   never narrower than its one-day mean); null at steps with fewer than 3 series with a value;
 * - `peerCount`: how many series had a value at the step.
 * Tagged `{ role, source: PEERS_FRAME_NAME }`.
 */
export const PEERS_FRAME_NAME = 'bandscope-peers';
export const PEERS_FRAME_FIELDS = ['peerCenter', 'peerLow', 'peerHigh', 'peerCount'] as const;
export type PeersFrameRole = (typeof PEERS_FRAME_FIELDS)[number];

export const PEERS_META_KEY = 'bandscopePeers';

/** `frame.meta.custom.bandscopePeers`: on each compared series' frame and on the cluster-range frame. */
export interface PeersFrameMeta {
  /** The population detector's settings (k, window, episodeGap). */
  params: PopulationParams;
  /** How many series were compared. */
  series: number;
  refId?: string;
  /** On a series' frame: its highest peer score over the range (sort a legend by it). */
  outlierScore?: number;
}

export interface PeerFieldTag {
  role: PeerRole | PeersFrameRole;
  source: string;
}

/** Display name of a cluster-range field: one set per query, so `fillBelowTo` finds its partner. */
export function peersDisplayName(refId: string | undefined, role: PeersFrameRole): string {
  const what = { peerCenter: 'centre', peerLow: 'low', peerHigh: 'high', peerCount: 'count' }[role];
  return `${refId ? `${refId} ` : ''}peers ${what}`;
}

/** Minimal structural views so engines-free helpers need not import @grafana/data types. */
interface FieldLike {
  name: string;
  config?: { custom?: Record<string, unknown> };
}
interface FrameLike {
  name?: string;
  fields: FieldLike[];
  meta?: { custom?: Record<string, unknown> };
}

export function bandTag(field: FieldLike): BandFieldTag | undefined {
  const tag = field.config?.custom?.bandscope as BandFieldTag | undefined;
  return tag && (BAND_FIELDS.includes(tag.role as BandRole) || tag.role === FORECAST_ROLE) ? tag : undefined;
}

/** The peer-comparison tag of a field (PEER_FIELDS or PEERS_FRAME_FIELDS), if it is one. */
export function peerTag(field: FieldLike): PeerFieldTag | undefined {
  const tag = field.config?.custom?.bandscope as PeerFieldTag | undefined;
  const roles: readonly string[] = [...PEER_FIELDS, ...PEERS_FRAME_FIELDS];
  return tag && roles.includes(tag.role) ? tag : undefined;
}

export function peersMeta(frame: FrameLike): PeersFrameMeta | undefined {
  return frame.meta?.custom?.[PEERS_META_KEY] as PeersFrameMeta | undefined;
}

/** True for the separate cluster-range frame (see PEERS_FRAME_FIELDS). */
export function isPeersFrame(frame: FrameLike): boolean {
  return frame.name === PEERS_FRAME_NAME;
}

export function bandscopeMeta(frame: FrameLike): BandscopeFrameMeta | undefined {
  return frame.meta?.custom?.bandscope as BandscopeFrameMeta | undefined;
}

/** True when the frame already carries Bandscope bands (from the Bandscope datasource). */
export function hasBands(frame: FrameLike): boolean {
  return bandscopeMeta(frame) !== undefined && frame.fields.some((f) => bandTag(f) !== undefined);
}

/** `frame.meta.custom.bandscopeWeblog` on the frames of the datasource's web-log mode. */
export interface WeblogFrameMeta {
  role: 'total' | 'country' | 'browser' | 'status';
  bucket: string;
  bucketMs: number;
  /**
   * The last bucket is partial: the data ends (`end`, UTC ms, exclusive) before that bucket (`start`) does.
   * The requests frame leaves its band, score and anomaly empty.
   */
  partial?: { start: number; end: number };
  /** On the countries frame: the IP→country table its addresses were looked up in (absent for counts input). */
  ipData?: { source: string; date: string };
}

export const WEBLOG_META_KEY = 'bandscopeWeblog';

export function weblogMeta(frame: FrameLike): WeblogFrameMeta | undefined {
  return frame.meta?.custom?.[WEBLOG_META_KEY] as WeblogFrameMeta | undefined;
}

/** True for the separate episodes frame (see EPISODE_FIELDS). */
export function isEpisodesFrame(frame: FrameLike): boolean {
  return frame.name === EPISODES_FRAME_NAME;
}
