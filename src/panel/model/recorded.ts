// Bands a rule engine recorded, queried with any datasource (Grafana's own Prometheus one, typically): the series of
// `bandscope rules` (bandscope:NAME:{predicted,low,high,score}) and of grafana/promql-anomaly-detection
// (anomaly:level, anomaly:upper_band, anomaly:lower_band). Each is paired with its source series by labels (all
// but __name__, which recording rules keep) and drawn as that series' band: no detector runs in the browser.
import { type DataFrame, type Field, FieldType, type Labels } from '@grafana/data';

import { hasBands } from '../../contract';
import { scoreOf } from '../../detect/severity';
import { toMillis, toNumber } from '../../frames/read';
import { parseRecordName } from '../../rules/rules';

type BandRole = 'predicted' | 'low' | 'high' | 'score';

/** The promql-anomaly-detection framework's series: the level is the source itself, the bands have no score. */
const ANOMALY_FRAMEWORK: Readonly<Record<string, BandRole | 'level'>> = {
  'anomaly:level': 'level',
  'anomaly:upper_band': 'high',
  'anomaly:lower_band': 'low',
};
const ANOMALY_GROUP = 'anomaly';

/** One recorded band: its rule group and, per role, the field holding it and that field's time field. */
export interface RecordedBand {
  /** `bandscope:NAME`, or `anomaly` for promql-anomaly-detection. */
  group: string;
  fields: Partial<Record<BandRole, { time: Field; value: Field }>>;
}

export interface RecordedPairing {
  /** Source value field → the recorded bands drawn over it. */
  bands: Map<Field, RecordedBand[]>;
  /** Recorded fields: drawn as their source's band, never as series of their own. */
  consumed: Set<Field>;
  /** Recorded bands without exactly one source series, in words a user can act on. */
  problems: string[];
}

/** The metric name of a numeric field as Prometheus-type datasources return it (label `__name__`, else its name). */
function metricOf(field: Field): string {
  return field.labels?.__name__ ?? field.name;
}

/** A series' identity without its metric name: what a recording rule keeps from its source. */
function labelsKey(labels: Labels | undefined): string {
  return JSON.stringify(
    Object.keys(labels ?? {})
      .filter((k) => k !== '__name__')
      .sort()
      .map((k) => [k, labels![k]])
  );
}

function shownLabels(key: string): string {
  const pairs = JSON.parse(key) as Array<[string, string]>;
  return `{${pairs.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

function classify(metric: string): { group: string; role: BandRole | 'level' } | undefined {
  const bandscope = parseRecordName(metric);
  if (bandscope) {
    return { group: `bandscope:${bandscope.name}`, role: bandscope.series };
  }
  const role = ANOMALY_FRAMEWORK[metric];
  return role ? { group: ANOMALY_GROUP, role } : undefined;
}

/** Finds the recorded bands among the frames' numeric fields and the source series each belongs to. */
export function pairRecorded(frames: DataFrame[]): RecordedPairing {
  const groups = new Map<string, RecordedBand & { labels: string; level?: Field }>();
  const sources = new Map<string, Field[]>();
  const consumed = new Set<Field>();
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    // the Bandscope datasource's frames carry their own band (their source is the same series, computed)
    if (!time || hasBands(frame)) {
      continue;
    }
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      const labels = labelsKey(field.labels);
      const recorded = classify(metricOf(field));
      if (!recorded) {
        sources.set(labels, [...(sources.get(labels) ?? []), field]);
        continue;
      }
      const id = `${recorded.group}\u0000${labels}`;
      const band = groups.get(id) ?? { group: recorded.group, labels, fields: {} };
      groups.set(id, band);
      if (recorded.role === 'level') {
        band.level = field;
      } else {
        band.fields[recorded.role] = { time, value: field };
        consumed.add(field);
      }
    }
  }
  const bands = new Map<Field, RecordedBand[]>();
  const problems: string[] = [];
  for (const { group, labels, level, fields } of groups.values()) {
    if (Object.keys(fields).length === 0) {
      continue; // anomaly:level alone is an ordinary series
    }
    const candidates = level ? [level] : (sources.get(labels) ?? []);
    if (candidates.length !== 1) {
      const what = `The recorded band ${group}:* ${shownLabels(labels)}`;
      problems.push(
        candidates.length === 0
          ? `${what} has no source series with the same labels in the query: add the expression it was recorded from.`
          : `${what} matches ${candidates.length} series with the same labels ` +
              `(${candidates.map(metricOf).join(', ')}): query only one of them.`
      );
      continue;
    }
    bands.set(candidates[0], [...(bands.get(candidates[0]) ?? []), { group, fields }]);
  }
  return { bands, consumed, problems };
}

/** A recorded field's values at the source's times (NaN where it recorded nothing then). */
function at(recorded: { time: Field; value: Field } | undefined, times: Float64Array): Float64Array {
  const out = new Float64Array(times.length).fill(NaN);
  if (!recorded) {
    return out;
  }
  const byTime = new Map<number, number>();
  const t = recorded.time.values;
  const v = recorded.value.values;
  for (let i = 0; i < t.length; i++) {
    byTime.set(toMillis(t[i]), toNumber(v[i]));
  }
  for (let i = 0; i < times.length; i++) {
    out[i] = byTime.get(times[i]) ?? NaN;
  }
  return out;
}

/**
 * The band columns at the source's times. A recorded score flags where it is ≥ threshold (the alert's condition);
 * without one (promql-anomaly-detection) the flag is a value outside the band (that framework's alert) and the score
 * is the product's scoreOf of the distance from the band's middle in half-widths.
 */
export function recordedColumns(band: RecordedBand, times: Float64Array, values: Float64Array, threshold: number) {
  const n = times.length;
  const predicted = at(band.fields.predicted, times);
  const low = at(band.fields.low, times);
  const high = at(band.fields.high, times);
  const recordedScore = band.fields.score ? at(band.fields.score, times) : undefined;
  const score = recordedScore ?? new Float64Array(n);
  const anomaly = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (recordedScore) {
      anomaly[i] = score[i] >= threshold ? 1 : 0;
      continue;
    }
    const half = (high[i] - low[i]) / 2;
    const mid = low[i] + half;
    // on a zero-width band 0, off it 100 (r = ∞), as the window preset; NaN without a value or a band
    score[i] = scoreOf(x === mid ? 0 : Math.abs(x - mid) / half);
    anomaly[i] = x < low[i] || x > high[i] ? 1 : 0;
  }
  return { predicted, low, high, score, anomaly };
}
