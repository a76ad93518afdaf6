// Anomaly episodes → region annotations (the datasource as an annotation source): one region per episode, from
// its first to its last flagged point, titled and coloured by its peak severity (src/palette.ts, the panel's
// marker colours in the current theme).
import type { AnnotationEvent, DataFrame, GrafanaTheme2 } from '@grafana/data';

import { isEpisodesFrame } from '../contract';
import type { Severity } from '../detect';
import { severityColor } from '../palette';

/** Region annotations from episodes frames (one per episode: start, end, series and peak severity). */
export function episodesToAnnotations(frames: DataFrame[], theme: GrafanaTheme2): AnnotationEvent[] {
  const events: AnnotationEvent[] = [];
  for (const frame of frames.filter(isEpisodesFrame)) {
    const col = (name: string) => frame.fields.find((f) => f.name === name)?.values ?? [];
    const [time, timeEnd, series, severity, title, text, peakScore] = [
      'time',
      'timeEnd',
      'series',
      'severity',
      'title',
      'text',
      'peakScore',
    ].map(col);
    for (let i = 0; i < frame.length; i++) {
      const sev = severity[i] as Severity;
      events.push({
        time: time[i],
        timeEnd: timeEnd[i],
        isRegion: true,
        title: title[i],
        text: text[i],
        tags: ['bandscope', String(sev), String(series[i])],
        color: severityColor(theme, sev),
        data: { series: series[i], peakScore: peakScore[i], severity: sev },
      } as AnnotationEvent);
    }
  }
  return events;
}
