/**
 * Handouts (issue 10, item 6): the printed page, and the whole-lecture handout's window.
 *
 * While presenting (a section, PresentStage) or printing the whole lecture (HandoutPage), a printed
 * page is one 16:9 slide: 13.333in × 7.5in, i.e. 1280 × 720 CSS px, no margins: the slide canvas
 * (canvas.ts) scaled to the page (app.css), so a slide that fits the screen fits its page.
 */
export const PRINT_PAGE = '@page { size: 13.333in 7.5in; margin: 0; }';

/** Opens the whole lecture's handout in a window of its own (the presentation goes on), which prints once it is drawn. */
export function openHandout(): void {
  const query = window.location.hash.split('?')[1] ?? '';
  // the simulators' settings on this page travel in the link; the rest arrive by the simulator sync
  const url = `${window.location.pathname}${window.location.search}#/handout/print${query ? `?${query}` : ''}`;
  window.open(url, 'unrolled-handout');
}
