// Shared by the query editor's section tests: real Bandscope datasources, dashboard variables, and props whose
// query is frozen, so a section that mutated its props would throw instead of passing.
import { type DataSourceApi, type DataSourceInstanceSettings } from '@grafana/data';
import { setDataSourceSrv, setTemplateSrv } from '@grafana/runtime';
import { act, fireEvent } from '@testing-library/react';

import { BandscopeDatasource } from '../datasource';
import { type BandscopeJsonData, type BandscopeQuery } from '../types';
import { type SectionProps } from './section';

// jsdom has no canvas (the scaffold's jest setup makes getContext return nothing) and no IntersectionObserver;
// @grafana/ui's Combobox measures its options' text to size its menu and observes the menu's visibility. An
// approximate width per character and an observer that never reports are all these tests need.
HTMLCanvasElement.prototype.getContext = (() => ({
  font: '',
  measureText: (text: string) => ({ width: 7 * text.length }),
})) as unknown as typeof HTMLCanvasElement.prototype.getContext;
globalThis.IntersectionObserver ??= class {
  readonly root = null;
  readonly rootMargin = '';
  readonly thresholds = [];
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
} as unknown as typeof IntersectionObserver;

/** Dashboard variables as Grafana's template service replaces them (`$name`; unknown ones stay as typed). */
export function setVariables(variables: Record<string, string> = {}) {
  setTemplateSrv({
    replace: (text?: string) => (text ?? '').replace(/\$(\w+)/g, (all, name: string) => variables[name] ?? all),
    getVariables: () => [],
    containsTemplate: (text?: string) => /\$\w+/.test(text ?? ''),
    updateTimeRange: () => {},
  } as never);
}

/**
 * The datasources the editors can load (by uid); any other is "not found", as Grafana's service says. The pickers
 * list none: the tests pick through `pickUpstream`.
 */
export function setDataSources(datasources: Record<string, DataSourceApi> = {}) {
  setDataSourceSrv({
    get: async (ref?: { uid?: string } | string | null) => {
      const uid = typeof ref === 'string' ? ref : ref?.uid;
      if (!uid || !datasources[uid]) {
        throw new Error(`Datasource ${uid} was not found`);
      }
      return datasources[uid];
    },
    getInstanceSettings: () => undefined,
    getList: () => [],
    reload: async () => {},
    registerRuntimeDataSource: () => {},
  } as never);
}

export function bandscopeDatasource(jsonData: BandscopeJsonData = {}) {
  const settings = { uid: 'bandscope', type: 'bandscope-datasource', name: 'Bandscope', jsonData };
  return new BandscopeDatasource(settings as DataSourceInstanceSettings<BandscopeJsonData>);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** A section's props around `query` (frozen); `changed()` is the query of the last onChange. */
export function sectionProps(query: BandscopeQuery) {
  const props = {
    query: deepFreeze(query),
    onChange: jest.fn<void, [BandscopeQuery]>(),
    onRunQuery: jest.fn<void, []>(),
  } satisfies SectionProps;
  return { ...props, changed: () => props.onChange.mock.calls.at(-1)?.[0] };
}

/**
 * Picks an option of a @grafana/ui Combobox as a keyboard user does: type to filter, wait for the filtered list,
 * arrow to the first match, Enter. (jsdom draws no option list to click: the Combobox's list is virtual.)
 */
export async function pickOption(combobox: HTMLElement, text: string) {
  fireEvent.click(combobox);
  fireEvent.change(combobox, { target: { value: text } });
  await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
  fireEvent.keyDown(combobox, { key: 'ArrowDown' });
  fireEvent.keyDown(combobox, { key: 'Enter' });
}
