/**
 * The views' one tooltip: an HTML box over the host element (position: relative) that repeats the
 * hovered or focused element's exact value for sighted users. It is aria-hidden: the element's own
 * aria-label carries the same text for screen readers.
 */
import { useCallback, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { cx, type TipApi } from './link';
import '../detail-views.css';

interface TipState {
  text: string;
  x: number;
  y: number;
  below: boolean;
}

/**
 * A tooltip positioned over `hostRef` (which must be position: relative). The tooltip repeats the
 * hovered or focused element's aria-label for sighted users, so it is aria-hidden itself.
 */
export function useTooltip<E extends HTMLElement = HTMLDivElement>(): { hostRef: RefObject<E | null>; api: TipApi; node: ReactNode } {
  const hostRef = useRef<E | null>(null);
  const [tip, setTip] = useState<TipState | null>(null);
  const show = useCallback((el: Element, text: string) => {
    const host = hostRef.current;
    if (!host) return;
    const r = el.getBoundingClientRect();
    const h = host.getBoundingClientRect();
    const x = Math.max(70, Math.min(h.width - 70, r.left + r.width / 2 - h.left));
    const top = r.top - h.top;
    const below = top < 48;
    setTip({ text, x, y: below ? r.bottom - h.top : top, below });
  }, []);
  const hide = useCallback(() => setTip(null), []);
  const api = useMemo<TipApi>(() => ({ show, hide }), [show, hide]);
  const node = tip ? (
    <div className={cx('dv-tooltip', tip.below && 'is-below')} aria-hidden="true" style={{ left: tip.x, top: tip.y }}>
      {tip.text}
    </div>
  ) : null;
  return { hostRef, api, node };
}
