import { describe, expect, it } from 'vitest';
import katex from 'katex';
import type { Trace } from '../../src/engine/index';
import {
  affine,
  BLOCK_OF,
  biasBlock,
  combinedW,
  concatInput,
  niceExtent,
  prevC,
  prevH,
  vanillaJacobian,
  vanillaPreactivation,
} from '../../src/views/kit/math';
import { isTermId, matchesHighlight, stateAliases, TERM_IDS } from '../../src/views/kit/link';
import { spectralNorm } from '../../src/engine/init';
import { clampForLog, decadeTicks, gradientNorms, l2, logDomain, logPosition, NORM_FLOOR, perStepFactor } from '../../src/views/kit/norms';
import { buildEquations, extractTerms, term, termButtons } from '../../src/views/equations/tex';
import { termValues } from '../../src/views/equations/termValues';
import { FIXTURES, gruFixture, lstmFixture, rnnFixture, vanishingFixture } from '../fixtures/views';

const sig = (x: number) => 1 / (1 + Math.exp(-x));

function traceWith(dCdh: number[][][]): Trace {
  return { h: [], gates: {}, outputs: [], y: [], loss: [], dCdh, grads: { kernel: [], recurrentKernel: [], bias: [] }, backend: 'test' };
}

describe('gradientNorms', () => {
  it('is the L2 norm over units of dCdh[t][k] for k = 0..t', () => {
    const tr = traceWith([
      [
        [1, 0],
        [9, 9],
        [9, 9],
      ],
      [
        [3, 4],
        [0, 0],
        [9, 9],
      ],
    ]);
    expect(gradientNorms(tr, 0)).toEqual([1]);
    expect(gradientNorms(tr, 1)).toEqual([5, 0]);
  });
  it('returns [] for a step outside the trace', () => {
    const tr = traceWith([[[1]]]);
    expect(gradientNorms(tr, 3)).toEqual([]);
    expect(gradientNorms(tr, -1)).toEqual([]);
    expect(gradientNorms(tr, 0.5)).toEqual([]);
  });
  it('neither overflows for exploding nor underflows for vanishing gradients', () => {
    expect(l2([1e200, 1e200]) / 1e200).toBeCloseTo(Math.SQRT2, 12);
    expect(l2([1e-200, 1e-200]) / 1e-200).toBeCloseTo(Math.SQRT2, 12);
    expect(l2([0, 0])).toBe(0);
    expect(l2([1, NaN])).toBeNaN();
    expect(l2([1, -Infinity])).toBe(Infinity);
  });
  it('matches the fixture gradients and shows the vanishing chain', () => {
    const tr = vanishingFixture.trace;
    const t = tr.dCdh.length - 1;
    const n = gradientNorms(tr, t);
    expect(n).toHaveLength(t + 1);
    n.forEach((v, k) => expect(v).toBeCloseTo(Math.hypot(...tr.dCdh[t][k]), 15));
    expect(n[0]).toBeLessThan(NORM_FLOOR); // far below the plot floor: the clamping path is exercised
    const f = perStepFactor(n)!;
    expect(f).toBeGreaterThan(0);
    expect(f).toBeLessThan(1);
  });
});

describe('log-plot helpers', () => {
  it('clamps zeros and underflow to the floor', () => {
    expect(clampForLog(0)).toBe(NORM_FLOOR);
    expect(clampForLog(1e-300)).toBe(NORM_FLOOR);
    expect(clampForLog(0.5)).toBe(0.5);
    expect(clampForLog(NaN)).toBeNaN();
  });
  it('makes a whole-decade domain that is never empty', () => {
    expect(logDomain([0.5, 3e-4])).toEqual([1e-4, 1]);
    expect(logDomain([0, 2])).toEqual([NORM_FLOOR, 10]);
    const [lo, hi] = logDomain([1, 1]);
    expect(lo).toBeLessThan(1);
    expect(hi).toBeGreaterThan(1);
    expect(logDomain([])).toEqual([NORM_FLOOR, 1]);
  });
  it('places norms on [0, 1] by log position', () => {
    const p = logPosition([1, 1e-2, 1e-4]);
    expect(p[0]).toBeCloseTo(1);
    expect(p[1]).toBeCloseTo(0.5);
    expect(p[2]).toBeCloseTo(0);
    expect(logPosition([3, 3])).toEqual([1, 1]);
  });
  it('labels at most 7 decades', () => {
    const ticks = decadeTicks(1e-12, 1e3);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks[ticks.length - 1]).toBeCloseTo(1e3);
    expect(decadeTicks(1e-2, 1)).toEqual([1e-2, 1e-1, 1]);
  });
  it('gives the geometric-mean factor per step back', () => {
    expect(perStepFactor([1, 2, 4, 8])).toBeCloseTo(0.5);
    expect(perStepFactor([5])).toBeNull();
    expect(perStepFactor([0, 1])).toBeNull();
  });
});

describe('cell maths (layout of the Keras weights as the lecture’s W [x; h])', () => {
  it('W [x; h] + b equals x·kernel + h·recurrentKernel + bias, per gate block', () => {
    const { spec, trace } = lstmFixture;
    const u = spec.units;
    const s = 2;
    const x = spec.inputs[s];
    const h = prevH(trace, s, u);
    for (let b = 0; b < 4; b++) {
      const a = affine(combinedW(spec.weights, u, b), concatInput(spec, trace, s), biasBlock(spec.weights, u, b));
      for (let j = 0; j < u; j++) {
        const col = b * u + j;
        let keras = (spec.weights.bias as number[])[col];
        x.forEach((xi, i) => (keras += xi * spec.weights.kernel[i][col]));
        h.forEach((hi, i) => (keras += hi * spec.weights.recurrentKernel[i][col]));
        expect(a[j]).toBeCloseTo(keras, 12);
      }
    }
  });
  it('vanilla: tanh of the pre-activation is the traced h_t at every step', () => {
    const { spec, trace } = rnnFixture;
    for (let s = 0; s < spec.inputs.length; s++) {
      vanillaPreactivation(spec, trace, s).forEach((a, j) => expect(Math.tanh(a)).toBeCloseTo(trace.h[s][j], 8));
    }
  });
  it('LSTM: gate blocks i, f, g, o and the conveyor c_t = f ⊗ c_{t−1} + i ⊗ g, h_t = o ⊗ tanh c_t', () => {
    const { spec, trace } = lstmFixture;
    const u = spec.units;
    for (let s = 0; s < spec.inputs.length; s++) {
      const v = concatInput(spec, trace, s);
      for (const g of ['i', 'f', 'g', 'o']) {
        const a = affine(combinedW(spec.weights, u, BLOCK_OF[g]), v, biasBlock(spec.weights, u, BLOCK_OF[g]));
        a.forEach((z, j) => expect(g === 'g' ? Math.tanh(z) : sig(z)).toBeCloseTo(trace.gates[g][s][j], 8));
      }
      const cp = prevC(trace, s, u);
      for (let j = 0; j < u; j++) {
        const c = trace.gates.f[s][j] * cp[j] + trace.gates.i[s][j] * trace.gates.g[s][j];
        expect(trace.c![s][j]).toBeCloseTo(c, 8);
        expect(trace.h[s][j]).toBeCloseTo(trace.gates.o[s][j] * Math.tanh(c), 8);
      }
    }
  });
  it('GRU: h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃ (Keras convention)', () => {
    const { spec, trace } = gruFixture;
    for (let s = 0; s < spec.inputs.length; s++) {
      const hp = prevH(trace, s, spec.units);
      trace.h[s].forEach((h, j) => {
        const z = trace.gates.z[s][j];
        expect(h).toBeCloseTo(z * hp[j] + (1 - z) * trace.gates.hh[s][j], 8);
      });
    }
  });
  it('vanilla Jacobian carries ∂C/∂h back one step: ∂C/∂h_{k−1} = Jᵀ ∂C/∂h_k', () => {
    const { spec, trace } = rnnFixture;
    const t = spec.inputs.length - 1;
    for (let k = t; k >= 1; k--) {
      const J = vanillaJacobian(spec, trace, k);
      const g = trace.dCdh[t][k];
      const back = J[0].map((_, i) => J.reduce((s, row, j) => s + row[i] * g[j], 0));
      back.forEach((v, i) => expect(v).toBeCloseTo(trace.dCdh[t][k - 1][i], 7));
    }
  });
  it('h_0 and c_0 are the zero state', () => {
    expect(prevH(lstmFixture.trace, 0, 3)).toEqual([0, 0, 0]);
    expect(prevC(lstmFixture.trace, 0, 3)).toEqual([0, 0, 0]);
  });
  it('spectral norm and nice extents', () => {
    expect(
      spectralNorm([
        [3, 0],
        [0, 0.5],
      ]),
    ).toBeCloseTo(3, 6);
    expect(
      spectralNorm([
        [0, 2],
        [0, 0],
      ]),
    ).toBeCloseTo(2, 6);
    expect(spectralNorm([])).toBe(0);
    expect(niceExtent(0.27, 0.1)).toBeCloseTo(0.3);
    expect(niceExtent(1.2)).toBe(1.5);
    expect(niceExtent(0)).toBe(1);
    expect(niceExtent(Infinity)).toBe(1);
  });
});

describe('term linking', () => {
  it('matches on term, and on step unless either side leaves it open', () => {
    expect(matchesHighlight({ term: 'f', t: 2 }, { term: 'f', step: 2 })).toBe(true);
    expect(matchesHighlight({ term: 'f', t: 2 }, { term: 'f', step: 3 })).toBe(false);
    expect(matchesHighlight({ term: 'f' }, { term: 'f', step: 3 })).toBe(true);
    expect(matchesHighlight({ term: 'f', t: 2 }, { term: 'f' })).toBe(true);
    expect(matchesHighlight({ term: 'i', t: 2 }, { term: 'f', step: 2 })).toBe(false);
    expect(matchesHighlight(null, { term: 'f' })).toBe(false);
  });
  it('h at step t−1 is the h_{t−1} of step t', () => {
    expect(matchesHighlight({ term: 'h', t: 1 }, stateAliases('hprev', 2))).toBe(true);
    expect(matchesHighlight({ term: 'hprev', t: 3 }, stateAliases('h', 2))).toBe(true);
    expect(matchesHighlight({ term: 'c', t: 0 }, stateAliases('cprev', 1))).toBe(true);
  });
  it('knows every term id of the contract', () => {
    for (const id of TERM_IDS) expect(isTermId(id)).toBe(true);
    expect(isTermId('nope')).toBe(false);
  });
});

const KATEX = {
  displayMode: true,
  output: 'htmlAndMathml' as const,
  trust: (ctx: { command: string }) => ctx.command === '\\htmlData',
  strict: 'ignore' as const,
};

describe('equations', () => {
  it('wraps terms for \\htmlData', () => {
    expect(term('f', 'f_t')).toBe('\\htmlData{term=f}{f_t}');
    expect(term('jac', 'J', 3)).toBe('\\htmlData{term=jac, step=3}{J}');
    expect(extractTerms(`${term('g', `\\tanh ${term('x', 'x_t')}`)} + ${term('jac', '{a}', 1)}`)).toEqual([
      { term: 'g', step: undefined, tex: '\\tanh \\htmlData{term=x}{x_t}' },
      { term: 'x', step: undefined, tex: 'x_t' },
      { term: 'jac', step: 1, tex: '{a}' },
    ]);
  });

  const cases = [
    { name: 'rnn', spec: rnnFixture.spec, must: ['h', 'W', 'x', 'hprev', 'y', 'C', 'GT'] },
    { name: 'lstm', spec: lstmFixture.spec, must: ['f', 'i', 'o', 'g', 'c', 'cprev', 'h', 'W', 'x', 'hprev'] },
    { name: 'gru', spec: gruFixture.spec, must: ['z', 'r', 'hh', 'h', 'hprev', 'W', 'x'] },
    { name: 'biRnn', spec: FIXTURES.biRnn.spec, must: ['h', 'hb', 'out', 'y'] },
  ];
  for (const c of cases) {
    it(`${c.name}: every term renders with data-term, in both phases`, () => {
      for (const backward of [false, true]) {
        const groups = buildEquations(c.spec, { backward, lossStep: 3 });
        const found = new Set<string>();
        for (const g of groups)
          for (const eq of g.equations) {
            const html = katex.renderToString(eq, KATEX);
            for (const occ of extractTerms(eq)) {
              expect(isTermId(occ.term)).toBe(true);
              expect(html).toContain(`data-term="${occ.term}"`);
              found.add(occ.term);
            }
            expect(html).not.toContain('katex-error');
          }
        for (const t of c.must) expect(found).toContain(t);
        expect(groups.some((g) => g.id === 'bptt')).toBe(backward);
        if (backward) for (const t of ['dCdh', 'dCdy', 'dydh', 'jac']) expect(found).toContain(t);
      }
    });
  }
  it('renders notes’ inline TeX without errors', () => {
    for (const c of cases)
      for (const g of buildEquations(c.spec, { backward: true, lossStep: 2 }))
        for (const n of g.notes)
          n.split('$')
            .filter((_, i) => i % 2 === 1)
            .forEach((tex) => expect(katex.renderToString(tex, { ...KATEX, displayMode: false })).not.toContain('katex-error'));
  });
  it('GRU uses the Keras form h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃', () => {
    const eq = buildEquations(gruFixture.spec, { backward: false, lossStep: 0 })[0].equations.join(' ');
    expect(eq).toMatch(/term=z\}\{z_t\} \\otimes \\htmlData\{term=hprev\}\{h_\{t-1\}\} \+ \\left\(1 - \\htmlData\{term=z\}/);
  });
  it('the BPTT chain marks ∂C_t/∂h_1 and ∂h_2/∂h_1 with their steps', () => {
    const g = buildEquations(rnnFixture.spec, { backward: true, lossStep: 4 }).find((x) => x.id === 'bptt')!;
    const occ = g.equations.flatMap(extractTerms);
    expect(occ).toContainEqual(expect.objectContaining({ term: 'dCdh', step: 0 }));
    expect(occ).toContainEqual(expect.objectContaining({ term: 'jac', step: 1 }));
    expect(occ).toContainEqual(expect.objectContaining({ term: 'jac', step: 4 }));
  });
  it('one accessible button per distinct term', () => {
    const buttons = termButtons(buildEquations(lstmFixture.spec, { backward: true, lossStep: 3 }));
    const keys = buttons.map((b) => b.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(buttons.find((b) => b.term === 'f')!.label).toBe('f_t, forget gate');
    for (const b of buttons) expect(katex.renderToString(b.tex, { ...KATEX, displayMode: false })).not.toContain('katex-error');
  });
});

describe('termValues', () => {
  it('reads gates, states and inputs at the step', () => {
    const { spec, trace } = lstmFixture;
    const f = termValues(spec, trace, 'f', 2, 4);
    expect(f.kind).toBe('vector');
    expect(f.vector).toEqual(trace.gates.f[2]);
    expect(f.color).toBe('sequential');
    expect(f.title).toContain('f_3');
    expect(termValues(spec, trace, 'c', 1, 4).vector).toEqual(trace.c![1]);
    expect(termValues(spec, trace, 'cprev', 1, 4).vector).toEqual(trace.c![0]);
    expect(termValues(spec, trace, 'x', 3, 4).vector).toEqual(spec.inputs[3]);
    const h0 = termValues(spec, trace, 'hprev', 0, 4);
    expect(h0.vector).toEqual([0, 0, 0]);
    expect(h0.note).toMatch(/zero/);
  });
  it('W is units × (inputs + units) for the vanilla cell, one block per gate otherwise', () => {
    const r = termValues(rnnFixture.spec, rnnFixture.trace, 'W', 0, 0);
    expect(r.kind).toBe('matrix');
    expect(r.matrix).toHaveLength(3);
    expect(r.matrix![0]).toHaveLength(1 + 3);
    expect(r.note).toMatch(/singular value/);
    const l = termValues(lstmFixture.spec, lstmFixture.trace, 'W', 0, 0);
    expect(l.matrix).toHaveLength(4 * 3);
    expect(l.labels![3]).toBe('W_f unit 1');
  });
  it('gradient terms refer to the chosen loss', () => {
    const { spec, trace } = rnnFixture;
    expect(termValues(spec, trace, 'dCdh', 1, 4).vector).toEqual(trace.dCdh[4][1]);
    expect(termValues(spec, trace, 'dCdh', 5, 4).kind).toBe('none');
    const jac = termValues(spec, trace, 'jac', 3, 4);
    expect(jac.kind).toBe('matrix');
    expect(jac.matrix).toEqual(vanillaJacobian(spec, trace, 3));
    const gj = termValues(lstmFixture.spec, lstmFixture.trace, 'jac', 2, 4);
    const n = gradientNorms(lstmFixture.trace, 4);
    expect(gj.scalar).toBeCloseTo(n[1] / n[2], 12);
  });
  it('∂C/∂y is the derivative of the mean squared error; ∂y/∂h is the readout kernel transposed', () => {
    const { spec, trace } = rnnFixture;
    const d = termValues(spec, trace, 'dCdy', 0, 4);
    expect(d.vector![0]).toBeCloseTo(2 * (trace.y[4][0] - spec.targets![4][0]), 12);
    // consistency with the traced gradient: ∂C/∂h_t = (∂C/∂y)(∂y/∂h_t) = K ∂C/∂y for a dense readout
    const K = spec.readout!.kernel;
    trace.dCdh[4][4].forEach((g, j) =>
      expect(g).toBeCloseTo(
        K[j].reduce((s, k, o) => s + k * d.vector![o], 0),
        6,
      ),
    );
    const dy = termValues(spec, trace, 'dydh', 0, 4);
    expect(dy.matrix).toEqual([K.map((r) => r[0])]);
    expect(termValues({ ...spec, readout: undefined }, trace, 'dydh', 0, 4).note).toMatch(/identity/);
  });
  it('says so when a term is not part of the cell', () => {
    expect(termValues(rnnFixture.spec, rnnFixture.trace, 'f', 0, 0).kind).toBe('none');
    expect(termValues(rnnFixture.spec, rnnFixture.trace, 'hb', 0, 0).note).toMatch(/Not part/);
    const noTargets = { ...rnnFixture.spec, targets: undefined };
    expect(termValues(noTargets, rnnFixture.trace, 'C', 0, 0).kind).toBe('none');
  });
});
