import { createDataFrame, createTheme, FieldType } from '@grafana/data';

import { EPISODES_FRAME_NAME } from '../contract';
import { buildEpisodesFrame } from '../frames/write';
import { severityColor } from '../palette';
import { episodesToAnnotations } from './annotations';

const THEMES = (['dark', 'light'] as const).map((mode) => createTheme({ colors: { mode } }));

describe('episodesToAnnotations', () => {
  it('one region per episode, titled by series and severity, coloured from the palette in the theme shown', () => {
    const episodes = (['warning', 'minor', 'major', 'critical'] as const).map((severity, i) => ({
      start: i * 1000,
      end: i * 1000 + 500,
      peakTime: i * 1000 + 100,
      peakScore: 10 + 20 * i,
      severity,
      points: 2,
      series: 'cpu',
    }));
    const frames = [buildEpisodesFrame(episodes, 'A')];
    for (const theme of THEMES) {
      const events = episodesToAnnotations(frames, theme);
      expect(events.map((e) => e.color)).toEqual(episodes.map((e) => severityColor(theme, e.severity)));
      expect(events[3]).toMatchObject({
        time: 3000,
        timeEnd: 3500,
        isRegion: true,
        title: 'cpu: critical anomaly',
        tags: ['bandscope', 'critical', 'cpu'],
      });
    }
    // A severity a foreign frame made up falls back to the neutral colour instead of no colour.
    const odd = createDataFrame({
      name: EPISODES_FRAME_NAME,
      fields: [
        { name: 'time', type: FieldType.time, values: [0] },
        { name: 'severity', type: FieldType.string, values: ['apocalyptic'] },
      ],
    });
    expect(episodesToAnnotations([odd], THEMES[0])[0].color).toBe(THEMES[0].colors.text.secondary);
  });
});
