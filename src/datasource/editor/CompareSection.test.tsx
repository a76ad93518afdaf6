import { fireEvent, render, screen } from '@testing-library/react';
import React from 'react';

import { type BandscopeQuery } from '../types';
import { CompareSection } from './CompareSection';
import { problemsOf } from './problems';
import { sectionProps } from './testing';

function renderCompare(query: BandscopeQuery) {
  const props = sectionProps(query);
  render(<CompareSection {...props} problems={problemsOf(query, {}, (t) => t)} />);
  return props;
}

describe('CompareSection', () => {
  it('own history by default, with no peer settings', () => {
    renderCompare({ refId: 'A' });
    expect(screen.getByRole('radio', { name: 'Own history' })).toBeChecked();
    expect(screen.queryByLabelText('Peer k')).toBeNull();
  });

  it('choosing peers calls onChange with compare = peers and runs the query', () => {
    const props = renderCompare({ refId: 'A' });
    fireEvent.click(screen.getByRole('radio', { name: 'Peers' }));
    expect(props.changed()).toEqual({ refId: 'A', compare: 'peers' });
    expect(props.onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('peer settings show the population defaults and write into query.peers', () => {
    const props = renderCompare({ refId: 'A', compare: 'both', peers: { window: '12' } });
    const k = screen.getByLabelText('Peer k') as HTMLInputElement;
    expect(k.placeholder).toBe('3');
    expect((screen.getByLabelText('Peer window') as HTMLInputElement).value).toBe('12');
    fireEvent.change(k, { target: { value: '2.5' } });
    expect(props.changed()).toEqual({ refId: 'A', compare: 'both', peers: { window: '12', k: '2.5' } });
  });

  it('an invalid peer setting shows its message', () => {
    renderCompare({ refId: 'A', compare: 'peers', peers: { window: '0' } });
    expect(screen.getByText(/window must be/)).toBeInTheDocument();
  });
});
