import { fireEvent, render, screen } from '@testing-library/react';
import React from 'react';

import { OutputsSection } from './OutputsSection';
import { sectionProps } from './testing';

const checkbox = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;

describe('OutputsSection', () => {
  it('every added field is on and the episodes frame off unless the query says otherwise', () => {
    render(<OutputsSection {...sectionProps({ refId: 'A', outputs: { score: false } })} />);
    expect(checkbox('bandscope-output-predicted').checked).toBe(true);
    expect(checkbox('bandscope-output-band').checked).toBe(true);
    expect(checkbox('bandscope-output-score').checked).toBe(false);
    expect(checkbox('bandscope-output-episodes').checked).toBe(false);
  });

  it('switching one off calls onChange with that output false, the others kept, and runs the query', () => {
    const props = sectionProps({ refId: 'A', outputs: { score: false } });
    render(<OutputsSection {...props} />);
    fireEvent.click(checkbox('bandscope-output-band'));
    expect(props.changed()).toEqual({ refId: 'A', outputs: { score: false, band: false } });
    expect(props.onRunQuery).toHaveBeenCalledTimes(1);
    fireEvent.click(checkbox('bandscope-output-episodes'));
    expect(props.changed()).toEqual({ refId: 'A', outputs: { score: false }, episodes: true });
  });
});
