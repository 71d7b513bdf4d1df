/**
 * Runs idle-time work (the neighbouring sections' prefetch, the service worker's registration) when
 * the page is idle, within `timeout` ms. Each marks `unrolled:idle-work`: the bench's initial-JS
 * count (bench/budgets.mjs) stops at the first. Returns a cancel.
 */
export function whenIdle(work: () => void, timeout: number): () => void {
  const run = () => {
    performance.mark('unrolled:idle-work');
    work();
  };
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(run, { timeout });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(run, Math.min(timeout, 500));
  return () => window.clearTimeout(id);
}
