import { fireEvent, render, screen } from '@testing-library/react';
import React from 'react';

import { type BandscopeJsonData, type BandscopeQuery } from '../types';
import { ForecastField } from './ForecastField';
import { problemsOf } from './problems';
import { sectionProps } from './testing';

function renderForecast(query: BandscopeQuery, jsonData: BandscopeJsonData = {}) {
  const props = sectionProps(query);
  render(<ForecastField {...props} jsonData={jsonData} problems={problemsOf(query, jsonData, (t) => t)} />);
  return props;
}

const horizon = () => screen.getByLabelText('Forecast') as HTMLInputElement;

describe('ForecastField', () => {
  it('shows a horizon saved in ms as a duration, and typing calls onChange with the text', () => {
    const props = renderForecast({ refId: 'A', preset: 'ewma', forecast: 3_600_000 });
    expect(horizon().value).toBe('1h');
    fireEvent.change(horizon(), { target: { value: '2d' } });
    expect(props.changed()).toEqual({ refId: 'A', preset: 'ewma', forecast: '2d' });
  });

  it('a preset without a model of the future says so; the datasource default preset counts too', () => {
    renderForecast({ refId: 'A' }, { defaultPreset: 'robust' });
    expect(screen.getByTestId('bandscope-forecast-unavailable')).toHaveTextContent(
      /^The robust preset cannot forecast/
    );
  });

  it('presets that forecast, and $preset variables, show no such note', () => {
    renderForecast({ refId: 'A', preset: 'seasonal' });
    renderForecast({ refId: 'B', preset: '$preset' });
    expect(screen.queryByTestId('bandscope-forecast-unavailable')).toBeNull();
  });

  it('a horizon that is not a duration shows the validation message', () => {
    renderForecast({ refId: 'A', preset: 'ewma', forecast: 'soon' });
    expect(
      screen.getByText(/^forecast must be a duration \(5m, 1h, 1d, 1w or milliseconds\), got "soon"$/)
    ).toBeInTheDocument();
  });

  it('a horizon typed for a preset that cannot forecast is the field error, not a note', () => {
    renderForecast({ refId: 'A', preset: 'robust', forecast: '1h' });
    expect(screen.getByText(/the robust preset cannot forecast/)).toBeInTheDocument();
    expect(screen.queryByTestId('bandscope-forecast-unavailable')).toBeNull();
  });
});
