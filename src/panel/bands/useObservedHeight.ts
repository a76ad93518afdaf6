import { useCallback, useRef, useState } from 'react';

/**
 * The element's border-box height, observed. A callback ref that attaches the observer itself: keeping the
 * element in state would render the chart a second time in the commit that mounts it.
 */
export function useObservedHeight(): [number | undefined, (el: HTMLDivElement | null) => void] {
  const [h, setH] = useState<number | undefined>();
  const observer = useRef<ResizeObserver | null>(null);
  const setEl = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) {
      return;
    }
    const ro = new ResizeObserver((entries) => {
      const next = Math.ceil(entries[0].target.getBoundingClientRect().height);
      setH((prev) => (prev === next || next === 0 ? prev : next));
    });
    ro.observe(el);
    observer.current = ro;
  }, []);
  return [h, setEl];
}
