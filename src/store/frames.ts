/**
 * The next animation frame, with a timer standing in when the page is hidden and has no frames
 * (the store's training client and the views share it; views/kit/frames.ts re-exports it).
 */

export type FrameHandle = { raf: number; timer: ReturnType<typeof setTimeout> };

/** Runs `fn` once, at the next frame or after `maxMs`, whichever comes first. */
export function nextFrame(fn: () => void, maxMs = 100): FrameHandle {
  let ran = false;
  const once = () => {
    if (ran) return;
    ran = true;
    if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(h.raf);
    clearTimeout(h.timer);
    fn();
  };
  const h: FrameHandle = {
    raf: typeof requestAnimationFrame === 'function' ? requestAnimationFrame(once) : 0,
    timer: setTimeout(once, maxMs),
  };
  return h;
}

/** Cancels a pending nextFrame. */
export function cancelFrame(h: FrameHandle): void {
  if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(h.raf);
  clearTimeout(h.timer);
}
