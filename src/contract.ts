// The frame contract between the Bandscope datasource and the Bandscope panel (and any other panel):
// one place that names the added fields and the metadata. README "Frame contract" documents it for users.
//
// - One output frame per source series: the original time field and value field untouched (name, labels,
//   unit, display name), followed by the added fields below, which carry the source field's labels.
// - Each added field has `config.custom.bandscope = { role, source }`, where `source` is the source value
//   field's name, so a consumer can tie it to its series without parsing names.
// - `frame.meta.custom.bandscope = { preset, params }` tells a panel the bands are precomputed, and with what.
// - Episodes, when asked for, come as a separate frame named EPISODES_FRAME_NAME with EPISODE_FIELDS.

import type { DetectorParams, PresetName } from './detect/types';

export const BAND_FIELDS = ['predicted', 'low', 'high', 'score', 'anomaly'] as const;
export type BandRole = (typeof BAND_FIELDS)[number];

export interface BandFieldTag {
  role: BandRole;
  /** Name of the source value field in the same frame. */
  source: string;
}

export interface BandscopeFrameMeta {
  preset: PresetName;
  params: DetectorParams;
}

export const EPISODES_FRAME_NAME = 'bandscope-episodes';
export const EPISODE_FIELDS = ['time', 'timeEnd', 'series', 'peakScore', 'severity'] as const;

/** Minimal structural views so engines-free helpers need not import @grafana/data types. */
interface FieldLike {
  name: string;
  config?: { custom?: Record<string, unknown> };
}
interface FrameLike {
  fields: FieldLike[];
  meta?: { custom?: Record<string, unknown> };
}

export function bandTag(field: FieldLike): BandFieldTag | undefined {
  const tag = field.config?.custom?.bandscope as BandFieldTag | undefined;
  return tag && BAND_FIELDS.includes(tag.role) ? tag : undefined;
}

export function bandscopeMeta(frame: FrameLike): BandscopeFrameMeta | undefined {
  return frame.meta?.custom?.bandscope as BandscopeFrameMeta | undefined;
}

/** True when the frame already carries Bandscope bands (from the Bandscope datasource). */
export function hasBands(frame: FrameLike): boolean {
  return bandscopeMeta(frame) !== undefined && frame.fields.some((f) => bandTag(f) !== undefined);
}
