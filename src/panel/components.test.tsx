import { fireEvent, render, screen } from '@testing-library/react';
import React from 'react';

import { FieldType, toDataFrame } from '@grafana/data';

import { BandLegend } from './bands/BandLegend';
import { ParamEditor } from './editors/ParamEditor';
import { FOCUS_COUNT } from './model/focus';
import { framesToSeries } from './model/series';
import { ProblemView } from './ProblemView';

function editor(param: 'alpha' | 'window', value: number | undefined, preset = 'ewma') {
  const onChange = jest.fn();
  const item = { id: param, name: param, path: param, settings: { param } } as any;
  render(
    <ParamEditor value={value} onChange={onChange} item={item} context={{ data: [], options: { preset } as any }} />
  );
  return { onChange, input: screen.getByTestId(`bandscope-param-${param}`) as HTMLInputElement };
}

describe('ParamEditor', () => {
  it('shows the preset default as placeholder; empty commits undefined', () => {
    const { input, onChange } = editor('alpha', undefined, 'notebook');
    expect(input.placeholder).toBe('0.04 (preset default)');
    fireEvent.blur(input);
    expect(onChange).toHaveBeenCalledWith(undefined);
  });

  it('shows the engine message inline for out-of-range values', () => {
    const { input, onChange } = editor('alpha', 0.2);
    fireEvent.change(input, { target: { value: '1.5' } });
    expect(screen.getByText('alpha must be in (0, 1], got 1.5')).toBeInTheDocument();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onChange).toHaveBeenCalledWith(1.5);
  });

  it('says when the text is not a number and does not commit it', () => {
    const { input, onChange } = editor('window', 20);
    fireEvent.change(input, { target: { value: 'ten' } });
    expect(screen.getByText('window must be a number, got "ten"')).toBeInTheDocument();
    fireEvent.blur(input);
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('BandLegend', () => {
  it('lists each series with its anomaly count; total on the legend', () => {
    const times = Array.from({ length: 600 }, (_, i) => i * 60_000);
    const values = times.map((_, i) => Math.sin(i / 10) + (i > 200 && i % 97 === 0 ? 20 : 0));
    const frame = toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        { name: 'cpu', type: FieldType.number, values },
      ],
    });
    const { series } = framesToSeries([frame], { preset: 'ewma', k: 3 });
    const onToggle = jest.fn();
    render(<BandLegend series={series} rank={[0]} colors={['#f00']} hidden={new Set()} onToggle={onToggle} />);
    expect(screen.getByTestId('bandscope-legend').getAttribute('data-anomaly-count')).toBe(
      String(series[0].anomalyCount)
    );
    expect(screen.getByText(`Anomalies: ${series[0].anomalyCount}`, { exact: false })).toBeInTheDocument();
    fireEvent.click(screen.getByText('cpu'));
    expect(onToggle).toHaveBeenCalledWith(series[0].key, true);
  });
});

describe('BandLegend with many series', () => {
  it('lists the FOCUS_COUNT most anomalous series in rank order and says how many more there are', () => {
    const times = Array.from({ length: 300 }, (_, i) => i * 60_000);
    const frames = Array.from({ length: 25 }, (_, f) =>
      toDataFrame({
        fields: [
          { name: 'time', type: FieldType.time, values: times },
          { name: `pod-${f}`, type: FieldType.number, values: times.map((_, i) => f + Math.sin(i / 10)) },
        ],
      })
    );
    const { series } = framesToSeries(frames, { preset: 'ewma', k: 3 });
    const rank = series.map((_, i) => series.length - 1 - i); // any order: the legend follows it
    render(
      <BandLegend
        series={series}
        rank={rank}
        colors={series.map(() => '#f00')}
        hidden={new Set()}
        onToggle={jest.fn()}
      />
    );
    const items = screen.getAllByTestId('bandscope-legend-item').map((e) => e.getAttribute('data-series'));
    expect(items).toEqual(rank.slice(0, FOCUS_COUNT).map((i) => series[i].name));
    expect(screen.getByTestId('bandscope-legend').getAttribute('data-more')).toBe(String(25 - FOCUS_COUNT));
    expect(screen.getByTestId('bandscope-legend-more').textContent).toContain(`${25 - FOCUS_COUNT} more series`);
  });
});

describe('ProblemView', () => {
  it('shows each message', () => {
    render(<ProblemView title="Cannot draw" messages={['a', 'b']} kinds={['x', 'y']} width={400} height={200} />);
    expect(screen.getAllByTestId('bandscope-problem-message').map((e) => e.textContent)).toEqual(['a', 'b']);
    expect(screen.getByTestId('bandscope-problem').getAttribute('data-kinds')).toBe('x y');
  });
});
