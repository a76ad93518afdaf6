import { fireEvent, render, screen } from '@testing-library/react';
import React from 'react';

import { ModeField } from './ModeField';
import { sectionProps } from './testing';

describe('ModeField', () => {
  it('shows bands for a query without a mode', () => {
    render(<ModeField {...sectionProps({ refId: 'A' })} />);
    expect(screen.getByRole('radio', { name: 'Bands' })).toBeChecked();
  });

  it('switching to web log calls onChange with the mode set and runs the query', () => {
    const props = sectionProps({ refId: 'A', preset: 'robust' });
    render(<ModeField {...props} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Web log' }));
    expect(props.changed()).toEqual({ refId: 'A', preset: 'robust', mode: 'weblog' });
    expect(props.onRunQuery).toHaveBeenCalledTimes(1);
  });
});
