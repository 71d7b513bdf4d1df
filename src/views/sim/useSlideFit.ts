/**
 * A simulator's hero view on a slide: fitted into the box the slide gives it, and legible from the
 * back of a room. Text around the drawings (legends, readouts) is raised to the slide's minimum
 * size (the font size of `minFrom`, ≥ 24 px at 1920×1080); the drawings then take the height that
 * is left: each is zoomed (CSS zoom, so the view's own layout stays true) to fill the box, and any
 * SVG text still under the minimum at that scale is raised to it. KaTeX is left alone (its layout
 * depends on its own sizes).
 *
 * A stop-gap until the view kit has a diagram text-size option; it changes styles only, never the
 * views' code or data. Re-runs when the box resizes or the view adds or removes elements.
 */
import { useLayoutEffect, type RefObject } from 'react';
import { usePrintSignal } from '../kit/printSignal';

const FLOOR = 'slideFloor';
/** the elements that hold a view's drawing; they are zoomed to fill the box */
const HOLDERS = '.dv-grad-layout, .dv-scroll, .uv-scroll';

function clearFloors(root: HTMLElement) {
  root.querySelectorAll<HTMLElement | SVGElement>(`[data-slide-floor]`).forEach((el) => {
    el.style.fontSize = el.dataset[FLOOR] === '-' ? '' : (el.dataset[FLOOR] ?? '');
    delete el.dataset[FLOOR];
  });
}

function hasOwnText(el: Element): boolean {
  for (const n of el.childNodes) if (n.nodeType === Node.TEXT_NODE && n.textContent && n.textContent.trim()) return true;
  return false;
}

/** Raises every text under `min` px (as painted) to `min`; returns how many it raised. */
function floorText(root: HTMLElement, min: number, which: 'html' | 'svg'): number {
  let raised = 0;
  const all = root.querySelectorAll<HTMLElement | SVGElement>(which === 'svg' ? 'svg text, svg tspan' : '*');
  for (const el of all) {
    if (which === 'html' && el instanceof SVGElement) continue;
    if (!hasOwnText(el) || el.closest('.katex, .sr-only')) continue;
    const fs = parseFloat(getComputedStyle(el).fontSize);
    if (!fs) continue;
    let scale = 1;
    if (el instanceof SVGElement) {
      const svg = el.ownerSVGElement;
      const vb = svg?.viewBox.baseVal;
      if (!svg || !vb || !vb.width) continue;
      scale = svg.getBoundingClientRect().width / vb.width;
    }
    if (fs * scale >= min - 0.05) continue;
    if (el.dataset[FLOOR] === undefined) el.dataset[FLOOR] = el.style.fontSize || '-';
    el.style.fontSize = `${(min / scale + 0.01).toFixed(2)}px`;
    raised++;
  }
  return raised;
}

export function useSlideFit(
  box: RefObject<HTMLElement | null>,
  content: RefObject<HTMLElement | null>,
  minFrom: RefObject<HTMLElement | null>,
  active: boolean,
) {
  // printing starts or ends: fit again, at once, to the printed page (kit/printSignal.ts)
  const printing = usePrintSignal();
  useLayoutEffect(() => {
    const b = box.current;
    const c = content.current;
    if (!active || !b || !c) return;
    let raf = 0;
    let busy = false;
    const fit = () => {
      raf = 0;
      if (busy) return;
      busy = true;
      try {
        const min = parseFloat(getComputedStyle(minFrom.current ?? b).fontSize) || 24;
        const availW = b.clientWidth;
        const availH = b.clientHeight;
        if (availW < 10 || availH < 10) return;
        clearFloors(c);
        const holders = [...c.querySelectorAll<HTMLElement>(HOLDERS)].filter((h) => !h.parentElement?.closest(HOLDERS));
        const setZoom = (z: number) => holders.forEach((h) => (h.style.zoom = String(z)));
        let zoom = 1;
        // The drawings take what the text around them leaves: measured at zoom 1, then zoomed.
        const measure = () => {
          setZoom(1);
          // each holder keeps its width in its own pixels, so the zoom scales its layout as a whole
          holders.forEach((h) => (h.style.width = ''));
          holders.forEach((h) => (h.style.width = `${h.getBoundingClientRect().width}px`));
          const total = c.scrollHeight;
          const drawn = holders.reduce((sum, h) => sum + h.offsetHeight, 0);
          // the unrolled strip's drawing may be narrower than its holder: scale to the drawing
          const wide = Math.max(
            1,
            ...holders.map((h) =>
              h.matches('.uv-scroll') ? (h.firstElementChild?.getBoundingClientRect().width ?? h.scrollWidth) : h.scrollWidth,
            ),
          );
          const z = drawn > 0 ? Math.max(0.2, Math.min(availW / wide, (availH - (total - drawn)) / drawn, 3)) : 1;
          setZoom(z);
          // zoomed up (a drawing narrower than the box): the holder narrows so it still fits the box
          if (z > 1) holders.forEach((h) => (h.style.width = `${availW / z}px`));
          return z;
        };
        // the HTML text first (zoom 1), then the drawings' text at their scale; the drawing's
        // text does not change its size, so one more measure settles it
        floorText(c, min, 'html');
        zoom = measure();
        floorText(c, min, 'svg');
        zoom = measure();
        c.dataset.zoom = zoom.toFixed(3);
      } finally {
        busy = false;
        // our own style changes are not a reason to fit again
        mo.takeRecords();
      }
    };
    let late = 0;
    const schedule = () => {
      if (!raf) raf = requestAnimationFrame(fit);
      // and once more when things have settled (an animation may add labels without a resize)
      window.clearTimeout(late);
      late = window.setTimeout(() => {
        if (!raf) raf = requestAnimationFrame(fit);
      }, 400);
    };
    const ro = new ResizeObserver(schedule);
    ro.observe(b);
    ro.observe(c);
    document.fonts?.ready.then(schedule).catch(() => undefined);
    const mo = new MutationObserver(schedule);
    mo.observe(c, { childList: true, subtree: true, characterData: true });
    fit();
    return () => {
      ro.disconnect();
      mo.disconnect();
      if (raf) cancelAnimationFrame(raf);
      window.clearTimeout(late);
      clearFloors(c);
      c.querySelectorAll<HTMLElement>(HOLDERS).forEach((h) => {
        h.style.zoom = '';
        h.style.width = '';
      });
    };
  }, [box, content, minFrom, active, printing]);
}
