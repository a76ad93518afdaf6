import { fireEvent, render, screen } from '@testing-library/react';
import React from 'react';

import { ParamField } from './ParamField';

function field(error?: string) {
  const onChange = jest.fn();
  const onCommit = jest.fn();
  render(
    <ParamField
      id="alpha"
      label="Alpha"
      tooltip="Smoothing weight"
      value="0.2"
      placeholder="0.1"
      error={error}
      onChange={onChange}
      onCommit={onCommit}
    />
  );
  return { onChange, onCommit, input: screen.getByLabelText('Alpha') as HTMLInputElement };
}

describe('ParamField', () => {
  it('passes the text as typed (variables and durations are parsed later) and runs on Enter or blur', () => {
    const { input, onChange, onCommit } = field();
    expect(input.value).toBe('0.2');
    expect(input.placeholder).toBe('0.1');
    fireEvent.change(input, { target: { value: '$alpha' } });
    expect(onChange).toHaveBeenCalledWith('$alpha');
    expect(onCommit).not.toHaveBeenCalled();
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.blur(input);
    expect(onCommit).toHaveBeenCalledTimes(2);
  });

  it('shows its error and does not run the query while the value is invalid', () => {
    const { input, onCommit } = field('alpha must be in (0, 1], got 2');
    expect(screen.getByText('alpha must be in (0, 1], got 2')).toBeInTheDocument();
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.blur(input);
    expect(onCommit).not.toHaveBeenCalled();
  });
});
