/**
 * The one flow-front animation clock. In the backward phase the gradient ∂C_t/∂h_k is revealed one
 * step back at a time, from k = t down to 1; every view that shows the flow (the unrolled strip and
 * the BPTT chain and plot) reads the same clock, so they move in step at one speed. Views that
 * show the same loss step share one run; a view that appears mid-run joins it where it is.
 *
 * `front` is the state the gradient has just reached: links into h_k for k < front are still to
 * come, the link into h_front is the moving front, and −1 means the flow is complete. With reduced
 * motion there is no animation: the final state (−1) shows at once. Animation never recomputes the
 * model: it only reveals what the trace holds.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react';

/** Milliseconds per step back for a loss at 0-based step L: about 2.6 s in all, 70–420 ms a step. */
export function flowStepMs(L: number): number {
  return Math.max(70, Math.min(420, Math.round(2600 / (L + 1))));
}

/** The front `elapsed` ms after the flow from C at step L started: L + 1 at the start, −1 at the end. */
export function flowFrontAt(L: number, elapsed: number): number {
  return Math.max(-1, L + 1 - Math.floor(Math.max(0, elapsed) / flowStepMs(L)));
}

/** Total duration of a run, ms (after it the front is −1). */
export const flowDuration = (L: number) => (L + 2) * flowStepMs(L);

interface Run {
  start: number;
  front: number;
  frame: number;
  users: number;
}

export interface FlowTimer {
  now: () => number;
  frame: (cb: (now: number) => void) => number;
  cancel: (id: number) => void;
}

const browserTimer: FlowTimer = {
  now: () => performance.now(),
  frame: (cb) => requestAnimationFrame(cb),
  cancel: (id) => cancelAnimationFrame(id),
};

/** A flow clock: one run per loss step, shared by every view that joins it. Exported for tests. */
export function createFlowClock(timer: FlowTimer = browserTimer) {
  const runs = new Map<number, Run>();
  const listeners = new Set<() => void>();
  const emit = () => listeners.forEach((l) => l());
  const schedule = (L: number, r: Run) => {
    r.frame = timer.frame((now) => {
      if (runs.get(L) !== r) return;
      const f = flowFrontAt(L, now - r.start);
      if (f !== r.front) {
        r.front = f;
        emit();
      }
      if (f > -1) schedule(L, r);
      else r.frame = 0;
    });
  };
  return {
    /** Joins (or starts) the run for L; returns the leave function. The last to leave ends the run. */
    join(L: number): () => void {
      let r = runs.get(L);
      if (!r) {
        r = { start: timer.now(), front: L + 1, frame: 0, users: 0 };
        runs.set(L, r);
        schedule(L, r);
        emit();
      }
      r.users += 1;
      const run = r;
      return () => {
        run.users -= 1;
        if (run.users > 0 || runs.get(L) !== run) return;
        if (run.frame) timer.cancel(run.frame);
        runs.delete(L);
        emit();
      };
    },
    /** Starts the run for L again from the beginning, for every view on it. */
    replay(L: number) {
      const r = runs.get(L);
      if (!r) return;
      if (r.frame) timer.cancel(r.frame);
      r.start = timer.now();
      r.front = L + 1;
      schedule(L, r);
      emit();
    },
    /** The front of the run for L (L + 1 before it has started). */
    front: (L: number) => runs.get(L)?.front ?? L + 1,
    subscribe(l: () => void) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
}

const clock = createFlowClock();

/**
 * The flow front for the loss at step L while `active` (the backward phase); −1 when inactive or
 * with reduced motion. `replay` restarts the run for every view that shows it.
 */
export function useFlowFront(L: number, active: boolean, reducedMotion: boolean): { front: number; replay: () => void; animating: boolean } {
  const run = active && !reducedMotion;
  useEffect(() => (run ? clock.join(L) : undefined), [L, run]);
  const front = useSyncExternalStore(
    clock.subscribe,
    () => (run ? clock.front(L) : -1),
    () => (run ? L + 1 : -1),
  );
  const replay = useCallback(() => clock.replay(L), [L]);
  return { front, replay, animating: front >= 0 };
}
