/**
 * Frame timing shared by the views: the next animation frame (with a timer standing in when the
 * page is hidden and has no frames), and "after the browser has painted what was just rendered".
 */

import { nextFrame } from '../../store/frames';

export { cancelFrame, nextFrame, type FrameHandle } from '../../store/frames';

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
