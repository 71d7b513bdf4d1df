import { useEffect } from 'react';
import { useShareStore, type ShareState } from '../store/share';

/** How long the page keeps the figure in place while what is above it is still drawn. */
const HOLD_MS = 5000;
/** How long it waits for the figure to be on the page at all. */
const WAIT_MS = 20_000;

/** whether the figure `at` names is on the page: simulators and the lab say so in the share store when they mount */
function mounted(s: ShareState, at: string | null): boolean {
  if (!at) return false;
  return at === 'lab' ? s.labOnPage > 0 : (s.onPage[at] ?? 0) > 0;
}

/** `at` is spent: the page no longer holds the figure, and the next URL written drops it */
const done = () => useShareStore.getState().setOpenAt(null);

/**
 * A link's `at=` (src/sim/link.ts: `#/bptt?v=1&at=bptt&…`, the deck's QR code writes it): the
 * reading page opens scrolled to that figure (a simulator's, or the training lab's) with the focus
 * on it, once the figure has mounted (the share store's registry, which the link sync reads too).
 * What is above it may still grow as it is drawn: until the reader scrolls, clicks or types (or
 * HOLD_MS), every change of the section's size brings the figure back to the top. Then `at` is
 * spent: the URL the link sync writes next no longer carries it.
 */
export function useOpenAt(slug: string) {
  const at = useShareStore((s) => s.openAt);
  const onPage = useShareStore((s) => mounted(s, s.openAt));

  // a figure that never comes (a link naming a simulator of another section) does not wait for ever
  useEffect(() => {
    if (!at || onPage) return;
    const giveUp = setTimeout(done, WAIT_MS);
    return () => clearTimeout(giveUp);
  }, [at, onPage]);

  useEffect(() => {
    if (!at || !onPage) return;
    const root = document.querySelector<HTMLElement>(`[data-lesson="${slug}"]`);
    const fig = root?.querySelector<HTMLElement>(at === 'lab' ? '[data-training-lab]' : `figure[data-simulator="${at}"]`);
    if (!root || !fig) return done();
    const align = () => fig.scrollIntoView({ block: 'start' });
    align();
    if (fig.tabIndex < 0 && !fig.hasAttribute('tabindex')) fig.tabIndex = -1;
    fig.focus({ preventScroll: true });
    const resized = new ResizeObserver(align);
    resized.observe(root);
    const userMoved = ['wheel', 'touchstart', 'keydown', 'pointerdown'];
    for (const t of userMoved) window.addEventListener(t, done, { once: true, passive: true });
    const hold = setTimeout(done, HOLD_MS);
    return () => {
      resized.disconnect();
      clearTimeout(hold);
      for (const t of userMoved) window.removeEventListener(t, done);
    };
  }, [at, onPage, slug]);
}
