/**
 * Handouts (issue 10, item 6): the printed page, and the whole-lecture handout's window.
 *
 * While presenting (a section, PresentStage) or printing the whole lecture (HandoutPage), a printed
 * page is one 16:9 slide: 13.333in × 7.5in, i.e. 1280 × 720 CSS px, no margins.
 */
export const PRINT_PAGE = '@page { size: 13.333in 7.5in; margin: 0; }';

/** Opens the whole lecture's handout in a window of its own (the presentation goes on), which prints once it is drawn. */
export function openHandout(): void {
  const query = window.location.hash.split('?')[1] ?? '';
  // the simulators' settings on this page travel in the link; the rest arrive by the simulator sync
  const url = `${window.location.pathname}${window.location.search}#/handout/print${query ? `?${query}` : ''}`;
  window.open(url, 'unrolled-handout');
}

/** The smallest type a printed slide shrinks to (of the printed stage's type). */
const MIN_FIT = 0.7;

/** Whether a slide's content is cut off: taller than its page, or an equation wider than its box. */
function cut(slide: HTMLElement): boolean {
  if (slide.scrollHeight > slide.clientHeight + 1) return true;
  for (const k of slide.querySelectorAll<HTMLElement>('.katex-display')) if (k.scrollWidth > k.clientWidth + 1) return true;
  return false;
}

/**
 * Shrinks each printed slide's type in small steps until nothing on it is cut off (at most to
 * MIN_FIT): the printed page is a little smaller in type than the projector's stage, and the deck's
 * own fit (useFit) only ever sees the current slide. Run on the printed layout (the handout's page,
 * or `data-printing`, see src/views/kit/printSignal.ts). Returns how many slides it shrank.
 */
export function fitSlides(root: HTMLElement | null): number {
  let shrunk = 0;
  for (const slide of root?.querySelectorAll<HTMLElement>('.lesson-present .slide') ?? []) {
    let scale = 1;
    slide.style.fontSize = '';
    while (cut(slide) && scale > MIN_FIT + 1e-9) {
      scale = Math.round((scale - 0.04) * 100) / 100;
      slide.style.fontSize = `${scale}em`;
    }
    slide.dataset.printFit = String(scale);
    if (scale < 1) shrunk++;
  }
  return shrunk;
}

/** Undoes fitSlides (back on screen). */
export function clearSlideFits(root: HTMLElement | null): void {
  root?.querySelectorAll<HTMLElement>('.lesson-present .slide[data-print-fit]').forEach((slide) => {
    slide.style.fontSize = '';
    delete slide.dataset.printFit;
  });
}
