import { useCallback, useLayoutEffect, useRef, useState } from 'react';

/**
 * The element's border-box height, observed, for the content `key` names. After the content changes (a new
 * key) the previous height is stale: it is not returned (the caller's estimate sizes the chart) and the element
 * is observed anew, so the next measurement, in the same frame, is of the new content. A callback ref that
 * attaches the observer itself: keeping the element in state would render the chart a second time in the
 * commit that mounts it.
 */
export function useObservedHeight(key: string): [number | undefined, (el: HTMLDivElement | null) => void] {
  const [measured, setMeasured] = useState<{ h: number; key: string } | undefined>();
  const element = useRef<HTMLDivElement | null>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const observedKey = useRef(key);
  const observe = useCallback(() => {
    observer.current?.disconnect();
    observer.current = null;
    const el = element.current;
    if (!el) {
      return;
    }
    // observe() reports the current size once, then every change
    const ro = new ResizeObserver((entries) => {
      const h = Math.ceil(entries[0].target.getBoundingClientRect().height);
      const key = observedKey.current;
      setMeasured((prev) => (h === 0 || (prev?.h === h && prev.key === key) ? prev : { h, key }));
    });
    ro.observe(el);
    observer.current = ro;
  }, []);
  const setEl = useCallback(
    (el: HTMLDivElement | null) => {
      element.current = el;
      observe();
    },
    [observe]
  );
  useLayoutEffect(() => {
    if (observedKey.current !== key) {
      observedKey.current = key;
      observe();
    }
  }, [key, observe]);
  return [measured?.key === key ? measured.h : undefined, setEl];
}
