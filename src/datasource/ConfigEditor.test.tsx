import { fireEvent, render, screen } from '@testing-library/react';
import React from 'react';

import { type DataSourceSettings } from '@grafana/data';

import { ConfigEditor } from './ConfigEditor';
import { setDataSources } from './editor/testing'; // also jsdom's canvas, for @grafana/ui's Combobox
import { type BandscopeJsonData } from './types';

function renderConfig(jsonData: BandscopeJsonData) {
  const options = Object.freeze({
    id: 1,
    uid: 'bandscope',
    type: 'bandscope-datasource',
    name: 'Bandscope',
    jsonData: Object.freeze(jsonData),
  }) as unknown as DataSourceSettings<BandscopeJsonData>;
  const onOptionsChange = jest.fn();
  render(<ConfigEditor options={options} onOptionsChange={onOptionsChange} />);
  const saved = () => onOptionsChange.mock.calls.at(-1)?.[0] as DataSourceSettings<BandscopeJsonData>;
  return { options, onOptionsChange, saved };
}

const input = (key: string) => screen.getByTestId(`bandscope-default-${key}`) as HTMLInputElement;

beforeAll(() => setDataSources());

describe('ConfigEditor', () => {
  it("placeholders are the default preset's values; a saved default is shown as typed", () => {
    renderConfig({ defaultPreset: 'robust', defaultParams: { threshold: '60' } });
    expect(input('window').placeholder).toBe('60'); // robust's own window, not the notebook's 20
    expect(input('threshold').value).toBe('60');
  });

  it('typing a default calls onOptionsChange with it in jsonData, the rest of the settings kept', () => {
    const { options, saved } = renderConfig({ defaultPreset: 'ewma', defaultParams: { k: '5' } });
    fireEvent.change(input('alpha'), { target: { value: '0.2' } });
    expect(saved()).toEqual({
      ...options,
      jsonData: { defaultPreset: 'ewma', defaultParams: { k: '5', alpha: '0.2' } },
    });
  });

  it('clearing a default removes the key (the preset default applies again)', () => {
    const { saved } = renderConfig({ defaultParams: { k: '5', alpha: '0.2' } });
    fireEvent.change(input('k'), { target: { value: '  ' } });
    expect(saved().jsonData.defaultParams).toEqual({ alpha: '0.2' });
  });

  it('an invalid default shows the validation message with the allowed range; a variable is not interpolated', () => {
    renderConfig({ defaultParams: { alpha: '2', k: '$k' } });
    expect(screen.getByText('alpha must be in (0, 1], got 2')).toBeInTheDocument();
    expect(screen.getByText('k: the variable in "$k" is not defined on this dashboard')).toBeInTheDocument();
  });
});
