import { useEffect } from 'react';
import { useSimulatorStore } from '../../store/simulator';

/**
 * requestAnimationFrame playback: runs every frame while playing and advances the step at a
 * steady rate (speed steps per second). It only moves the step in the store — it never
 * recomputes the model; the views tween their own visual transitions.
 */
export function usePlayback(id: string, playing: boolean, speed: number): void {
  useEffect(() => {
    if (!playing) return;
    const interval = 1000 / Math.max(0.25, speed);
    let last = performance.now();
    let acc = 0;
    let raf = 0;
    const tick = (now: number) => {
      // a background tab pauses rAF: don't jump several steps when it comes back
      acc += Math.min(now - last, interval);
      last = now;
      if (acc >= interval) {
        acc -= interval;
        useSimulatorStore.getState().advance(id);
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [id, playing, speed]);
}
