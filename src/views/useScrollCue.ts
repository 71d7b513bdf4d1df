import { useCallback, useEffect, useState, type RefObject } from 'react';

/**
 * Whether a sideways-scrolling box overflows, and which way more content lies: drives a visible
 * scroll cue (edge fade and a hint) on narrow screens.
 */
export function useScrollCue(ref: RefObject<HTMLElement | null>): { overflow: boolean; canLeft: boolean; canRight: boolean; onScroll: () => void } {
  const [s, setS] = useState({ overflow: false, canLeft: false, canRight: false });
  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const overflow = el.scrollWidth > el.clientWidth + 1;
    const canLeft = overflow && el.scrollLeft > 1;
    const canRight = overflow && el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
    setS((p) => (p.overflow === overflow && p.canLeft === canLeft && p.canRight === canRight ? p : { overflow, canLeft, canRight }));
  }, [ref]);
  // the observer's first call comes right after the first layout: measuring in the commit would
  // force a layout of the whole page while the simulator mounts (~80 ms on the LSTM page)
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => ro.disconnect();
  }, [measure, ref]);
  return { ...s, onScroll: measure };
}
