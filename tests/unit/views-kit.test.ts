/**
 * The view kit's shared pieces: one flow clock (views on the same loss step move in step; reduced
 * motion shows the final state), one copy of the norm helpers (non-finite input shows as such,
 * never as 0), the engine's spectral norm (the views' former copy agreed with it), the one gate
 * table, and the roving-focus moves.
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { GATE_KEYS, GATES } from '../../src/engine/index';
import { initWeights, spectralNorm } from '../../src/engine/init';
import { createFlowClock, flowDuration, flowFrontAt, flowStepMs } from '../../src/views/kit/flow';
import { gradientNorms, l2, logPosition } from '../../src/views/kit/norms';
import { BLOCK_OF, recurrentBlock, vanillaJacobian } from '../../src/views/kit/math';
import { formatValue, fmtNorm } from '../../src/views/kit/format';
import { gridMove, linearMove } from '../../src/views/kit/roving';
import { UnrolledView } from '../../src/views/unrolled/UnrolledView';
import { FIXTURES } from '../fixtures/views';
import type { Trace } from '../../src/engine/index';
import type { ViewProps } from '../../src/views/types';

/** A hand-driven timer: frames run when the test says so. */
function manualTimer() {
  let now = 0;
  let id = 0;
  const pending = new Map<number, (t: number) => void>();
  return {
    timer: {
      now: () => now,
      frame: (cb: (t: number) => void) => {
        pending.set(++id, cb);
        return id;
      },
      cancel: (i: number) => void pending.delete(i),
    },
    advance(ms: number) {
      now += ms;
      const cbs = [...pending.values()];
      pending.clear();
      for (const cb of cbs) cb(now);
    },
    pending: () => pending.size,
  };
}

describe('flow clock', () => {
  it('front runs from L + 1 down to −1, one step per flowStepMs', () => {
    const L = 5;
    const ms = flowStepMs(L);
    expect(ms).toBe(420); // 2600 / 6 ≈ 433, capped at 420 ms a step
    expect(flowFrontAt(L, 0)).toBe(L + 1);
    expect(flowFrontAt(L, ms - 1)).toBe(L + 1);
    expect(flowFrontAt(L, ms)).toBe(L);
    expect(flowFrontAt(L, (L + 1) * ms)).toBe(0);
    expect(flowFrontAt(L, flowDuration(L))).toBe(-1);
    expect(flowFrontAt(L, 1e9)).toBe(-1);
    expect(flowStepMs(0)).toBe(420);
    expect(flowStepMs(99)).toBe(70);
  });

  it('two views on the same loss step share one run and stay in step; replay restarts both', () => {
    const m = manualTimer();
    const clock = createFlowClock(m.timer);
    const L = 3;
    const seen: number[] = [];
    clock.subscribe(() => seen.push(clock.front(L)));
    const leaveA = clock.join(L); // the unrolled strip
    m.advance(flowStepMs(L) * 2);
    const leaveB = clock.join(L); // the BPTT chain, mounted mid-run: it joins where the run is
    expect(clock.front(L)).toBe(L - 1);
    expect(m.pending()).toBe(1); // one animation frame loop, not one per view
    m.advance(flowStepMs(L));
    expect(clock.front(L)).toBe(L - 2);
    clock.replay(L);
    expect(clock.front(L)).toBe(L + 1);
    for (let i = 0; i < L + 3; i++) m.advance(flowStepMs(L));
    expect(clock.front(L)).toBe(-1);
    expect(m.pending()).toBe(0); // the loop stops at the end
    expect(seen.at(-1)).toBe(-1);
    leaveA();
    expect(clock.front(L)).toBe(-1); // B still holds the finished run
    leaveB();
    expect(clock.front(L)).toBe(L + 1); // gone: the next backward phase starts afresh
    const again = clock.join(L);
    expect(clock.front(L)).toBe(L + 1);
    again();
  });

  it('the views read it: reduced motion renders the final state (every link, no animation)', () => {
    const fx = FIXTURES.vanishing;
    const T = fx.spec.inputs.length;
    const p: ViewProps = {
      spec: fx.spec,
      trace: fx.trace,
      step: 0,
      lossStep: T - 1,
      phase: 'backward',
      reducedMotion: true,
      highlight: null,
      setHighlight: () => {},
    };
    const out = renderToStaticMarkup(createElement(UnrolledView, p));
    expect(out).toContain('data-front="0"');
    expect(out.match(/class="uv-norm/g)?.length).toBe(T);
    // with motion, the first frame shows the flow not yet started (nothing drawn)
    const moving = renderToStaticMarkup(createElement(UnrolledView, { ...p, reducedMotion: false }));
    expect(moving).toContain(`data-front="${T}"`);
    expect(moving).not.toContain('class="uv-norm');
  });
});

describe('norm helpers (one copy)', () => {
  it('non-finite norms show as such, never as 0', () => {
    expect(l2([NaN, 1])).toBeNaN();
    expect(l2([Infinity, 1])).toBe(Infinity);
    expect(l2([])).toBe(0);
    const pos = logPosition([1, NaN, Infinity, 10]);
    expect(pos[0]).toBe(0);
    expect(pos[1]).toBeNaN();
    expect(pos[2]).toBeNaN();
    expect(pos[3]).toBe(1);
    expect(logPosition([NaN, NaN]).every(Number.isNaN)).toBe(true);
    expect(formatValue(NaN)).toBe('not a number');
    expect(fmtNorm(Infinity)).toBe('+∞');
  });

  it('the unrolled strip draws a non-finite gradient as marked, full-size, labelled "not a number"', () => {
    const fx = FIXTURES.rnn;
    const T = fx.spec.inputs.length;
    const dCdh = fx.trace.dCdh!.map((row) => row.map((v) => v.slice()));
    dCdh[T - 1][1] = [NaN, 0, 0];
    const trace: Trace = { ...fx.trace, dCdh };
    expect(gradientNorms(trace, T - 1)[1]).toBeNaN();
    const out = renderToStaticMarkup(
      createElement(UnrolledView, {
        spec: fx.spec,
        trace,
        step: 0,
        lossStep: T - 1,
        phase: 'backward',
        reducedMotion: true,
        highlight: null,
        setHighlight: () => {},
      }),
    );
    const m = /<circle class="uv-norm is-nonfinite" cx="[^"]+" cy="[^"]+" r="([^"]+)" data-term="dCdh" data-step="1" data-value="NaN"/.exec(out);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(7.5);
    expect(out).not.toMatch(/r="NaN"/);
    expect(out).toContain('data-k="1" data-value="NaN">not a number<');
  });
});

/** The views' former spectral norm (power iteration on MᵀM, 100 rounds), kept as an oracle. */
function formerSpectralNorm(M: number[][], iterations = 100): number {
  const rows = M.length;
  const cols = rows ? M[0].length : 0;
  if (!rows || !cols) return 0;
  let v = Array.from({ length: cols }, (_, i) => 1 / Math.sqrt(cols) + i * 1e-3);
  let sigma = 0;
  for (let it = 0; it < iterations; it++) {
    const Mv = M.map((r) => r.reduce((s, w, i) => s + w * v[i], 0));
    const w = new Array<number>(cols).fill(0);
    for (let j = 0; j < rows; j++) for (let i = 0; i < cols; i++) w[i] += M[j][i] * Mv[j];
    const n = Math.hypot(...w);
    if (n === 0) return 0;
    v = w.map((x) => x / n);
    sigma = Math.sqrt(n);
  }
  return sigma;
}

describe('spectral norm: the engine’s, used by the views', () => {
  it('agrees with the views’ former copy on every fixture’s W_h and Jacobian, and on seeded weights', () => {
    const mats: number[][][] = [];
    for (const fx of Object.values(FIXTURES)) {
      const G = GATES[fx.spec.cell];
      for (let b = 0; b < G; b++) mats.push(recurrentBlock(fx.spec.weights, fx.spec.units, b));
      if (fx.spec.cell === 'rnn') mats.push(vanillaJacobian(fx.spec, fx.trace, 2));
    }
    for (const seed of [1, 2, 3]) {
      const w = initWeights({ cell: 'rnn', units: 6, inputDim: 2, seed, recurrentScale: 1.3 });
      mats.push(recurrentBlock(w, 6, 0));
    }
    mats.push(
      [
        [3, 0],
        [0, 0.5],
      ],
      [
        [0, 2],
        [0, 0],
      ],
    );
    for (const M of mats) expect(spectralNorm(M)).toBeCloseTo(formerSpectralNorm(M), 6);
    expect(spectralNorm([])).toBe(0);
  });
});

describe('one gate table', () => {
  it('the engine declares the gates once; the block indices derive from it', () => {
    expect(GATES).toEqual({ rnn: 1, lstm: 4, gru: 3 });
    expect(GATE_KEYS.lstm).toEqual(['i', 'f', 'g', 'o']);
    expect(GATE_KEYS.gru).toEqual(['z', 'r', 'hh']);
    expect(BLOCK_OF).toEqual({ i: 0, f: 1, g: 2, o: 3, z: 0, r: 1, hh: 2 });
  });
});

describe('roving focus moves', () => {
  it('linear and grid', () => {
    const lin = linearMove(4);
    expect([lin(0, 'ArrowDown'), lin(3, 'ArrowRight'), lin(0, 'ArrowUp'), lin(2, 'Home'), lin(1, 'End'), lin(1, 'a')]).toEqual([
      1,
      3,
      0,
      0,
      3,
      null,
    ]);
    const grid = gridMove(2, 3); // 0 1 2 / 3 4 5
    expect([
      grid(1, 'ArrowDown'),
      grid(4, 'ArrowUp'),
      grid(4, 'ArrowRight'),
      grid(5, 'ArrowRight'),
      grid(4, 'Home'),
      grid(3, 'End'),
      grid(0, 'x'),
    ]).toEqual([4, 1, 5, 5, 3, 5, null]);
  });
});
