import { useEffect } from 'react';
import { useShareStore } from '../store/share';

/** How long the page keeps the figure in place while what is above it is still drawn. */
const HOLD_MS = 5000;
/** How long it waits for the figure to be on the page at all. */
const WAIT_MS = 20_000;

/**
 * A link's `at=` (src/sim/link.ts: `#/bptt?v=1&at=bptt&…`, the deck's QR code writes it): the
 * reading page opens scrolled to that figure (a simulator's, or the training lab's) with the focus
 * on it. The figure comes with the section's chunk, and what is above it may still grow as it is
 * drawn: until the reader scrolls, clicks or types (or HOLD_MS), every change of the section's
 * size brings the figure back to the top. Then `at` is spent: the URL the link sync writes next no
 * longer carries it.
 */
export function useOpenAt(slug: string) {
  const at = useShareStore((s) => s.openAt);
  useEffect(() => {
    const root = document.querySelector<HTMLElement>(`[data-lesson="${slug}"]`);
    if (!at || !root) return;
    const selector = at === 'lab' ? '[data-training-lab]' : `figure[data-simulator="${at}"]`;
    let fig: HTMLElement | null = null;
    const done = () => useShareStore.getState().setOpenAt(null);
    const align = () => fig?.scrollIntoView({ block: 'start' });
    const resized = new ResizeObserver(align);
    const stop = () => {
      resized.disconnect();
      done();
    };
    const userMoved = ['wheel', 'touchstart', 'keydown', 'pointerdown'];
    const found = () => {
      fig = root.querySelector<HTMLElement>(selector);
      if (!fig) return false;
      align();
      if (fig.tabIndex < 0 && !fig.hasAttribute('tabindex')) fig.tabIndex = -1;
      fig.focus({ preventScroll: true });
      resized.observe(root);
      for (const t of userMoved) window.addEventListener(t, stop, { once: true, passive: true });
      return true;
    };
    let holdTimer: ReturnType<typeof setTimeout> | undefined;
    const mo = new MutationObserver(() => {
      if (!found()) return;
      mo.disconnect();
      holdTimer = setTimeout(stop, HOLD_MS);
    });
    if (found()) holdTimer = setTimeout(stop, HOLD_MS);
    else mo.observe(root, { childList: true, subtree: true });
    const giveUp = setTimeout(() => !fig && stop(), WAIT_MS);
    return () => {
      mo.disconnect();
      resized.disconnect();
      clearTimeout(holdTimer);
      clearTimeout(giveUp);
      for (const t of userMoved) window.removeEventListener(t, stop);
    };
  }, [at, slug]);
}
