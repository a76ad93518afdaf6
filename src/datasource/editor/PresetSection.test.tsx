import { fireEvent, render, screen } from '@testing-library/react';
import React from 'react';

import { type BandscopeJsonData, type BandscopeQuery } from '../types';
import { PresetSection } from './PresetSection';
import { problemsOf } from './problems';
import { sectionProps, setVariables } from './testing';

const VARIABLES = { preset: 'robust', typo: 'ewmaa' };

function renderPreset(query: BandscopeQuery, jsonData: BandscopeJsonData = {}) {
  const props = sectionProps(query);
  const problems = problemsOf(query, jsonData, (t) =>
    t.replace(/\$(\w+)/, (all, n: string) => VARIABLES[n as 'preset'] ?? all)
  );
  render(<PresetSection {...props} jsonData={jsonData} problems={problems} />);
  return props;
}

const picker = () => screen.getByRole('combobox', { name: 'Preset' }) as HTMLInputElement;

beforeAll(() => setVariables(VARIABLES));

describe('PresetSection', () => {
  it('an empty preset shows the datasource default as placeholder', () => {
    renderPreset({ refId: 'A' }, { defaultPreset: 'seasonal' });
    expect(picker().value).toBe('');
    expect(picker().placeholder).toBe('seasonal');
  });

  it('a variable typed in the picker is kept as the preset, and the query runs', () => {
    const props = renderPreset({ refId: 'A', preset: 'ewma' });
    fireEvent.change(picker(), { target: { value: '$preset' } });
    fireEvent.keyDown(picker(), { key: 'Enter' });
    expect(props.changed()).toEqual({ refId: 'A', preset: '$preset' });
    expect(props.onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('a variable that holds no preset shows the validation message', () => {
    renderPreset({ refId: 'A', preset: '$typo' });
    expect(screen.getByText(/^preset must be one of ewma, notebook, robust, seasonal, window/)).toBeInTheDocument();
  });

  it('offers the Alert rules in bands mode only', () => {
    renderPreset({ refId: 'A', preset: 'window' });
    expect(screen.getByRole('button', { name: /alert rules/i })).toBeInTheDocument();
    renderPreset({ refId: 'B', preset: 'window', mode: 'weblog' });
    expect(screen.getAllByRole('button', { name: /alert rules/i })).toHaveLength(1);
  });
});
