// The web-log total-requests frame with Bandscope bands (src/contract.ts): what the datasource's web-log mode
// returns and what the panel computes itself when it parsed the log lines. Both adapters use it.
import { type DataFrame, type Field, FieldType } from '@grafana/data';

import {
  BAND_FIELDS,
  bandDisplayName,
  type BandFieldTag,
  type BandRole,
  type BandscopeFrameMeta,
  WEBLOG_META_KEY,
  type WeblogFrameMeta,
} from '../contract';
import { createDetector, DEFAULT_PRESET, type BatchResult, type Episode } from '../detect';
import type { GeoTableInfo } from '../geo/format';
import type { WeblogAggregate } from '../weblog/aggregate';
import type { CountryAnomalies, DetectorChoice } from '../weblog/anomaly';

/**
 * Detector defaults for request counts: web traffic has a few dozen to a few hundred buckets per view,
 * so the warm-up is short; k = 3 flags bursts without flagging every busy hour; `counts`: a request count's band is
 * never narrower than its Poisson noise (a country with a handful of requests does not flag on chance).
 */
export const WEBLOG_DETECTOR: DetectorChoice = {
  preset: DEFAULT_PRESET,
  params: { alpha: 0.2, k: 3, warmup: 12, counts: true },
};

/** Names of the web-log frames. */
export const WEBLOG_FRAME_NAMES = {
  total: 'requests',
  country: 'countries',
  browser: 'browsers',
  status: 'status',
} as const;

const nullIfNaN = (x: number) => (Number.isFinite(x) ? x : null);

/** `meta.custom` of a web-log frame (WeblogFrameMeta under WEBLOG_META_KEY); `ipData` for the countries frame. */
export function weblogFrameMeta(
  role: WeblogFrameMeta['role'],
  a: WeblogAggregate,
  ipData?: GeoTableInfo | null
): Record<string, unknown> {
  const m: WeblogFrameMeta = { role, bucket: a.bucket, bucketMs: a.bucketMs };
  if (a.partial) {
    m.partial = { start: a.times[a.times.length - 1], end: a.end };
  }
  if (ipData) {
    m.ipData = { source: ipData.source, date: ipData.date };
  }
  return { [WEBLOG_META_KEY]: m };
}

/** The partial last bucket, in words (a query notice and the requests field's description). */
function partialBucketText(a: WeblogAggregate): string | undefined {
  if (!a.partial) {
    return undefined;
  }
  const start = new Date(a.times[a.times.length - 1]).toISOString();
  const end = new Date(a.end).toISOString();
  return (
    `The last bucket (${start}) is partial: the data ends at ${end}, before the bucket does. ` +
    'It is not scored (no band, score or anomaly).'
  );
}

/** The bucket start times. */
export function bucketTimeField(a: WeblogAggregate): Field {
  return { name: 'time', type: FieldType.time, config: { interval: a.bucketMs }, values: Array.from(a.times) };
}

/** The contract's band fields of `source` (src/contract.ts); NaN → null, and request counts cannot be negative: the
 * band's lower edge stops at 0. `unscored` trailing buckets (a partial last one) get nulls. */
function bandFields(source: string, r: Pick<BatchResult, BandRole>, unscored: number): Field[] {
  const columns: Record<BandRole, ArrayLike<number>> = {
    predicted: r.predicted,
    low: r.low.map((x) => (x < 0 ? 0 : x)),
    high: r.high,
    score: r.score,
    anomaly: r.anomaly,
  };
  const tail: null[] = new Array(unscored).fill(null);
  return BAND_FIELDS.map((role) => {
    const tag: BandFieldTag = { role, source };
    return {
      name: role,
      type: FieldType.number,
      config: { displayNameFromDS: bandDisplayName(source, role), custom: { bandscope: tag } },
      values: [...Array.from(columns[role], role === 'anomaly' ? (x) => x : nullIfNaN), ...tail],
    };
  });
}

/** The total-requests frame with bands (src/contract.ts), and the detector's episodes. */
export function requestsFrame(
  a: WeblogAggregate,
  refId: string,
  detector: DetectorChoice = WEBLOG_DETECTOR
): { frame: DataFrame; episodes: Episode[] } {
  const d = createDetector(detector.preset, detector.params);
  // A partial last bucket is not fed to the detector: fewer requests only because the data stops there
  // would read as a drop (or skew the baseline); its band, score and anomaly stay empty.
  const scored = a.partial ? a.times.length - 1 : a.times.length;
  const r = d.run(a.times.subarray(0, scored), a.total.subarray(0, scored));
  const source = WEBLOG_FRAME_NAMES.total;
  const partial = partialBucketText(a);
  const bandscope: BandscopeFrameMeta = { preset: d.preset, params: { ...d.params } };
  const frame: DataFrame = {
    name: source,
    refId,
    length: a.times.length,
    fields: [
      bucketTimeField(a),
      {
        name: source,
        type: FieldType.number,
        config: { displayNameFromDS: source, unit: 'short', decimals: 0, ...(partial ? { description: partial } : {}) },
        values: Array.from(a.total),
      },
      ...bandFields(source, r, a.times.length - scored),
    ],
    meta: {
      custom: { bandscope: { ...bandscope, series: source, refId }, ...weblogFrameMeta('total', a) },
      ...(partial ? { notices: [{ severity: 'info', text: partial }] } : {}),
    },
  };
  return { frame, episodes: r.episodes };
}

/**
 * One country's requests with its band (the map's anomaly mode computed it: `anomalies`, with `detector`), as a
 * band frame the panel's band chart draws as it is. Undefined for a code the aggregate does not hold.
 */
export function countryFrame(
  a: WeblogAggregate,
  anomalies: CountryAnomalies,
  code: string,
  displayName: string,
  detector: DetectorChoice = WEBLOG_DETECTOR
): DataFrame | undefined {
  const i = anomalies.keys.indexOf(code);
  const counts = a.by.country.find((c) => c.key === code)?.counts;
  if (i < 0 || !counts) {
    return undefined;
  }
  const d = createDetector(detector.preset, detector.params);
  const bandscope: BandscopeFrameMeta = { preset: d.preset, params: { ...d.params }, series: code };
  const band = {
    predicted: anomalies.predicted[i],
    low: anomalies.low[i],
    high: anomalies.high[i],
    score: anomalies.score[i],
    anomaly: anomalies.anomaly[i],
  };
  return {
    name: code,
    length: a.times.length,
    fields: [
      bucketTimeField(a),
      {
        name: code,
        type: FieldType.number,
        config: { displayNameFromDS: displayName, unit: 'short', decimals: 0 },
        values: Array.from(counts),
      },
      ...bandFields(code, band, 0),
    ],
    meta: { custom: { bandscope, ...weblogFrameMeta('country', a) } },
  };
}
