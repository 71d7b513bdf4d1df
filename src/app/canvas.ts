/**
 * The one slide canvas (issue 23, item 1): every slide is laid out on a fixed logical canvas of
 * CANVAS_W × CANVAS_H CSS px, whatever the window, and shown at one scale, min(width / W,
 * height / H), computed here and applied once: the `--canvas-scale` variable on the frame, which
 * app.css turns into the canvas's transform (and the top-layer popovers multiply their canvas-px
 * sizes by). Text sizes are declared in canvas px (app.css), so a slide's legibility is a property
 * of its design; a slide that does not fit the canvas is an authoring error that
 * tests/e2e/deck.spec.ts reports, never something fixed at run time.
 *
 * Printing uses the same canvas at the page's size: a 1280 × 720 landscape page is the canvas
 * scaled by PRINT_SCALE (app.css, handout.css).
 */
export const CANVAS_W = 1920;
export const CANVAS_H = 1080;

/** The printed page, 1280 × 720 CSS px (13.333in × 7.5in): the canvas at 2/3. */
export const PRINT_SCALE = 1280 / CANVAS_W;

/** The scale that shows the whole canvas in a box of `width` × `height` px. */
export function canvasScale(width: number, height: number): number {
  const s = Math.min(width / CANVAS_W, height / CANVAS_H);
  return Number.isFinite(s) && s > 0 ? s : 1;
}

/** Sets `--canvas-scale` (and `data-scale`, for the tests) on a frame for a box of `w` × `h` px. */
function apply(el: HTMLElement, w: number, h: number) {
  const v = canvasScale(w, h).toFixed(5);
  if (el.dataset.scale === v) return;
  el.style.setProperty('--canvas-scale', v);
  el.dataset.scale = v;
}

/**
 * A ref callback that keeps a frame's `--canvas-scale` at the scale of its box: set as it is
 * attached (before the first paint), and again when the box changes (a window resize, the presenter
 * view's panes). The one place a scale is computed; nothing inside the canvas measures.
 */
export function canvasFrame(el: HTMLElement | null): (() => void) | undefined {
  if (!el) return;
  apply(el, el.clientWidth, el.clientHeight);
  if (typeof ResizeObserver === 'undefined') return;
  const ro = new ResizeObserver((entries) => {
    const r = entries[entries.length - 1].contentRect;
    apply(el, r.width, r.height);
  });
  ro.observe(el);
  return () => ro.disconnect();
}
