/**
 * The next animation frame, with a timer standing in when the page is hidden and has no frames,
 * and "after the browser has painted what was just rendered" (the store's training client and
 * simulation controller and the views share them; views/kit/frames.ts re-exports them).
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

/**
 * Resolves once the browser has had the chance to paint `frames` times: that many frames in turn,
 * then a macrotask (each paint follows its frame's callbacks). Two frames cover a render that
 * draws in two tasks (an urgent part, then React's deferred part). Bounded by `maxMs` in all, so
 * a hidden tab, which has no frames, is never held up for long.
 */
export function afterPaint(maxMs = 100, frames = 1): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(bound);
      resolve();
    };
    const bound = setTimeout(finish, maxMs);
    const frame = (left: number): void => {
      nextFrame(() => (left > 1 ? frame(left - 1) : setTimeout(finish, 0)), maxMs);
    };
    frame(Math.max(1, Math.floor(frames)));
  });
}
