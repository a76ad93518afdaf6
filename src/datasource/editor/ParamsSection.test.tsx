import { fireEvent, render, screen } from '@testing-library/react';
import React from 'react';

import { type BandscopeJsonData, type BandscopeQuery } from '../types';
import { ParamsSection } from './ParamsSection';
import { problemsOf } from './problems';
import { sectionProps, setVariables } from './testing';

const interpolate = (t: string) => t.replace('$wide', '6').replace('$bad', '-1');

function renderParams(query: BandscopeQuery, jsonData: BandscopeJsonData = {}) {
  const props = sectionProps(query);
  render(<ParamsSection {...props} jsonData={jsonData} problems={problemsOf(query, jsonData, interpolate)} />);
  return props;
}

const input = (label: string) => screen.queryByLabelText(label) as HTMLInputElement | null;

beforeAll(() => setVariables());

describe('ParamsSection', () => {
  it('shows the parameters the preset reads: robust has a window and no alpha, ewma the reverse', () => {
    renderParams({ refId: 'A', preset: 'robust' });
    expect(input('Window')).not.toBeNull();
    expect(input('Alpha')).toBeNull();
  });

  it('falls back to the datasource default preset, and shows every parameter for a $preset variable', () => {
    renderParams({ refId: 'A' }, { defaultPreset: 'ewma' });
    expect(input('Alpha')).not.toBeNull();
    expect(input('Window')).toBeNull();
    renderParams({ refId: 'B', preset: '$preset' });
    expect(screen.getAllByLabelText('Window')).toHaveLength(1);
  });

  it('editing a field calls onChange with the query, that parameter set and the others kept', () => {
    const { onChange, onRunQuery, query, changed } = renderParams({ refId: 'A', preset: 'ewma', params: { k: '5' } });
    fireEvent.change(input('Alpha')!, { target: { value: '0.3' } });
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(changed()).toEqual({ refId: 'A', preset: 'ewma', params: { k: '5', alpha: '0.3' } });
    expect(query.params).toEqual({ k: '5' });
    expect(onRunQuery).not.toHaveBeenCalled(); // runs on Enter or blur, not per keystroke
  });

  it('placeholders are the values an empty field runs with: the datasource default, else the preset default', () => {
    renderParams({ refId: 'A', preset: 'notebook' }, { defaultParams: { k: 2.5 } });
    expect(input('k')!.placeholder).toBe('2.5');
    expect(input('Alpha')!.placeholder).toBe('0.04'); // the notebook's own alpha, not ewma's 0.1
  });

  it('an invalid value, typed or from a variable, shows the validation message with the allowed range', () => {
    renderParams({ refId: 'A', preset: 'ewma', params: { alpha: '1.5', k: '$bad' } });
    expect(screen.getByText('alpha must be in (0, 1], got 1.5')).toBeInTheDocument();
    expect(screen.getByText(/^k must be a finite number > 0/)).toBeInTheDocument();
  });
});
