/**
 * In the backward phase the equation panel's BPTT chain names the loss step t, and playback moves
 * t every tick. The chain's display equations are typeset once per shape (the cache, ../kit/texRender,
 * writes each t's steps into the same HTML) and patched in place; what is new TeX at each t is
 * its note ("Here t = …", inline maths). While the page is idle, this typesets those for the loss
 * steps playback reaches next (t + 1, t + 2, … wrapping round), a string per idle slice, into the
 * cache; the tick then finds them there. Nothing is drawn here and nothing waits for it.
 */
import { useEffect } from 'react';
import type { SimSpec } from '../../engine/index';
import { isTexCached, renderNote, renderTex } from '../kit/texRender';
import { buildEquations, termButtons } from './tex';

type Idle = (cb: (d: { timeRemaining: () => number }) => void) => number;

/** Every TeX string (display equations, notes, term buttons) the panel shows at loss step L in the backward phase. */
export function backwardTex(spec: SimSpec, L: number): { display: string[]; notes: string[]; inline: string[] } {
  const groups = buildEquations(spec, { backward: true, lossStep: L });
  return {
    display: groups.flatMap((g) => g.equations),
    notes: groups.flatMap((g) => g.notes),
    inline: termButtons(groups).map((b) => b.tex),
  };
}

/** The loss steps to warm, nearest coming first: L + 1, L + 2, …, then from 0 (playback wraps round). */
export function warmOrder(L: number, T: number, max = 12): number[] {
  const out: number[] = [];
  for (let k = 1; k < T && out.length < max; k++) out.push((L + k) % T);
  return out;
}

export function useTexWarmup(spec: SimSpec, backward: boolean, lossStep: number, T: number): void {
  // what the TeX depends on: the spec object changes with every trace, its structure rarely
  const shape = [
    spec.cell,
    spec.units,
    !!spec.backward,
    spec.merge,
    spec.recurrentActivation,
    !!spec.resetAfter,
    !!spec.readout,
    !!spec.targets,
  ].join('|');
  useEffect(() => {
    if (!backward || T < 2) return;
    const idle: Idle =
      typeof requestIdleCallback === 'function'
        ? (cb) => requestIdleCallback(cb, { timeout: 2000 })
        : (cb) => window.setTimeout(() => cb({ timeRemaining: () => 50 }), 200);
    const cancel = typeof cancelIdleCallback === 'function' ? cancelIdleCallback : window.clearTimeout;
    // one job per string not yet cached, built a loss step at a time inside the idle slices
    const order = warmOrder(lossStep, T);
    const jobs: (() => void)[] = [];
    const next = () => {
      while (!jobs.length && order.length) {
        const tex = backwardTex(spec, order.shift()!);
        for (const d of tex.display) if (!isTexCached(d, { displayMode: true })) jobs.push(() => renderTex(d, { displayMode: true }));
        for (const n of tex.notes) jobs.push(() => renderNote(n));
        for (const i of tex.inline) if (!isTexCached(i, { displayMode: false })) jobs.push(() => renderTex(i, { displayMode: false }));
      }
      return jobs.shift();
    };
    let handle = 0;
    const run = (d: { timeRemaining: () => number }) => {
      while (d.timeRemaining() > 12) {
        const job = next();
        if (!job) return void (handle = 0);
        job();
      }
      handle = idle(run);
    };
    handle = idle(run);
    return () => {
      if (handle) cancel(handle);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the spec's shape (above), not on the object
  }, [backward, lossStep, T, shape]);
}
