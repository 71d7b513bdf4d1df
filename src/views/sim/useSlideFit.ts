/**
 * A simulator's hero view on a slide: fitted into the box the slide gives it, and legible from the
 * back of a room (issue 10 item 2: every text ≥ the slide's minimum, the font size of `minFrom`,
 * 24 px at 1920×1080).
 *
 * - The drawings take the height the text around them leaves: each is zoomed (CSS zoom, so the
 *   view's own layout stays true) to fill the box. Text around the drawings (legends, readouts) is
 *   raised to the minimum first (HTML only; it reflows, nothing is drawn over it).
 * - The drawings' text is sized by their layouts: the hook returns the diagram font size, in SVG
 *   units, that paints at the minimum after the zoom, and the view passes it to its layout, which
 *   spaces its labels for it (the BPTT chain thins its state labels, the plot widens its margins).
 *   The size is found by measuring: at the current size the smallest SVG text paints m px, so the
 *   size the minimum needs is size × min / m; a layout whose drawing grows with its text needs a
 *   second round, so it repeats (a few rounds at most) until the text is legible.
 * - `scalesText: false` (the cell diagrams, whose layouts scale the whole drawing with the text, so
 *   no size paints larger after the fit): their SVG text is raised to the minimum in place, the
 *   stop-gap this hook used for every view before the layouts took a size.
 *
 * KaTeX is left alone (simulator.css sizes it). Re-runs when the box resizes, the view adds or
 * removes elements, or printing starts or ends; a new box size starts again from the default size.
 * Printing keeps the size the screen found (a printed page fits the drawing to the paper, and the
 * browser lays the page out before another render could apply a new size).
 */
import { useLayoutEffect, useState, type RefObject } from 'react';
import { isPrinting, usePrintSignal } from '../kit/printSignal';

const FLOOR = 'slideFloor';
/** the elements that hold a view's drawing; they are zoomed to fill the box */
const HOLDERS = '.dv-grad-layout, .dv-scroll, .uv-scroll';
/** the views' default diagram text size (FONT_SIZE of the layouts) and the most a slide asks for */
const BASE_FONT = 15;
const MAX_FONT = 4 * BASE_FONT;
const MAX_ROUNDS = 8;

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

/**
 * The scale an SVG text is drawn at (slide-canvas px per SVG unit, zoom included), or 0 when it has
 * none; `k` is the canvas's own scale on screen (painted px per canvas px), taken out.
 */
function svgScale(el: SVGElement, k: number): number {
  const svg = el.ownerSVGElement;
  const vb = svg?.viewBox.baseVal;
  if (!svg || !vb || !vb.width) return 0;
  return svg.getBoundingClientRect().width / k / vb.width;
}

/** The smallest painted size of the drawings' text, px (Infinity when there is none). */
function smallestSvgText(root: HTMLElement, k: number): number {
  let min = Infinity;
  for (const el of root.querySelectorAll<SVGElement>('svg text, svg tspan')) {
    if (!hasOwnText(el) || el.closest('.katex, title, desc')) continue;
    const fs = parseFloat(getComputedStyle(el).fontSize);
    const scale = svgScale(el, k);
    if (fs && scale && el.getBoundingClientRect().width > 0) min = Math.min(min, fs * scale);
  }
  return min;
}

/** Raises every text under `min` px (as painted) to `min`; returns how many it raised. */
function floorText(root: HTMLElement, min: number, which: 'html' | 'svg', k: number): number {
  let raised = 0;
  const all = root.querySelectorAll<HTMLElement | SVGElement>(which === 'svg' ? 'svg text, svg tspan' : '*');
  for (const el of all) {
    if (which === 'html' && el instanceof SVGElement) continue;
    if (!hasOwnText(el) || el.closest('.katex, .sr-only')) continue;
    const fs = parseFloat(getComputedStyle(el).fontSize);
    if (!fs) continue;
    let scale = 1;
    if (el instanceof SVGElement) {
      scale = svgScale(el, k);
      if (!scale) continue;
    }
    if (fs * scale >= min - 0.05) continue;
    if (el.dataset[FLOOR] === undefined) el.dataset[FLOOR] = el.style.fontSize || '-';
    el.style.fontSize = `${(min / scale + 0.01).toFixed(2)}px`;
    raised++;
  }
  return raised;
}

/**
 * Fits the hero view into `box` and returns the diagram font size (SVG units) its layouts should
 * use, or undefined for their default; `scalesText` says whether the view's layouts take one.
 */
export function useSlideFit(
  box: RefObject<HTMLElement | null>,
  content: RefObject<HTMLElement | null>,
  minFrom: RefObject<HTMLElement | null>,
  active: boolean,
  scalesText = true,
): number | undefined {
  // the size the layouts are asked for, with the box size it was found for and how many rounds it took
  const [font, setFont] = useState<{ size: number; key: string; rounds: number } | null>(null);
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
        const key = `${Math.round(availW)}×${Math.round(availH)}`;
        // sizes in slide-canvas px: the canvas's scale (a transform, app/canvas.ts) taken out of painted boxes
        const k = b.getBoundingClientRect().width / b.offsetWidth || 1;
        clearFloors(c);
        const holders = [...c.querySelectorAll<HTMLElement>(HOLDERS)].filter((h) => !h.parentElement?.closest(HOLDERS));
        const setZoom = (z: number) => holders.forEach((h) => (h.style.zoom = String(z)));
        // The drawings take what the text around them leaves: measured at zoom 1, then zoomed.
        const measure = () => {
          setZoom(1);
          // each holder keeps its width in its own pixels, so the zoom scales its layout as a whole
          holders.forEach((h) => (h.style.width = ''));
          holders.forEach((h) => (h.style.width = `${h.getBoundingClientRect().width / k}px`));
          const total = c.scrollHeight;
          const drawn = holders.reduce((sum, h) => sum + h.offsetHeight, 0);
          // the unrolled strip's drawing may be narrower than its holder: scale to the drawing
          const wide = Math.max(
            1,
            ...holders.map((h) =>
              h.matches('.uv-scroll')
                ? h.firstElementChild
                  ? h.firstElementChild.getBoundingClientRect().width / k
                  : h.scrollWidth
                : h.scrollWidth,
            ),
          );
          const z = drawn > 0 ? Math.max(0.2, Math.min(availW / wide, (availH - (total - drawn)) / drawn, 3)) : 1;
          setZoom(z);
          // zoomed up (a drawing narrower than the box): the holder narrows so it still fits the box
          if (z > 1) holders.forEach((h) => (h.style.width = `${availW / z}px`));
          return z;
        };
        floorText(c, min, 'html', k);
        let zoom = measure();
        if (scalesText && !isPrinting()) {
          // the layouts size the drawings' text: ask for the size that paints at the minimum
          const now = font && font.key === key ? font : { size: BASE_FONT, key, rounds: 0 };
          const painted = smallestSvgText(c, k);
          if (font && font.key !== key) setFont(null);
          else if (painted < min - 0.05 && now.size < MAX_FONT && now.rounds < MAX_ROUNDS) {
            const size = Math.min(MAX_FONT, Math.ceil(((now.size * min) / painted) * 1.01 * 4) / 4);
            if (size > now.size) setFont({ size, key, rounds: now.rounds + 1 });
          }
        } else if (!scalesText) {
          // a drawing that scales with its text: its text is raised in place (see above)
          floorText(c, min, 'svg', k);
          zoom = measure();
        }
        c.dataset.zoom = zoom.toFixed(3);
        c.dataset.font = String(font && font.key === key ? font.size : BASE_FONT);
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
  }, [box, content, minFrom, active, scalesText, font, printing]);
  return active && scalesText && font ? font.size : undefined;
}
