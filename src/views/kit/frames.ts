/**
 * Frame timing shared by the views: the next animation frame (with a timer standing in when the
 * page is hidden and has no frames), and "after the browser has painted what was just rendered"
 * (both live in store/frames.ts, which the store's pipelines use too).
 */

export { afterPaint, cancelFrame, nextFrame, type FrameHandle } from '../../store/frames';
