/**
 * Shape buckets (src/engine/buckets.ts): computing in padded shapes (units, inputDim, outDim and T
 * padded up, padded steps masked) must give the very trace the unpadded shapes give, and the set
 * of shapes the engine computes in over many (T, units) must be bounded.
 *
 * Bit-exactness: every real number is computed by the same float32 operations in the same order,
 * plus exact zeros (x + 0 = x) from padded units, inputs, outputs and steps. The one exception is
 * tfjs' CPU matMul, which sums its shared dimension in blocks of 48 (MathBackendCPU.blockSize):
 * where padding sits INSIDE the shared dimension (the gate blocks of the backward sweep's
 * dpre · Uᵀ, shared G·units; a concatenated bidirectional output times the readout, shared
 * 2·units) and that dimension is over 48, the real terms fall into different blocks, so the sum is
 * rounded differently. With the blocks wide enough (blockSize raised for both runs) the traces are
 * bit-identical at every size; with tfjs' 48 they are bit-identical up to G·units ≤ 48 and differ by
 * float32 rounding (bounded below) beyond.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { simulate, type SimSpec, type Trace } from '../../src/engine/index';
import { bucketSpec, bucketUp, DIM_BUCKETS, STEP_BUCKETS, UNIT_BUCKETS } from '../../src/engine/buckets';
import { engineTestFlags as testHooks } from '../../src/engine/testHooks';
import type { CheckedSpec } from '../../src/engine/validate';
import { randomSpec, type RandomSpecOptions } from './engine-helpers/reference';

afterEach(() => {
  delete testHooks.bucket;
  delete testHooks.trimRows;
  delete testHooks.onShapes;
  setBlockSize(48);
});

function setBlockSize(n: number) {
  (tf.backend() as unknown as { blockSize: number }).blockSize = n;
}

/** Paths where a and b differ in any bit (Object.is: NaN = NaN, 0 ≠ −0). */
function bitDiffs(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} vs ${b.length}`);
    else for (let i = 0; i < a.length && out.length < 5; i++) bitDiffs(a[i], b[i], `${path}[${i}]`, out);
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) out.push(`${path}: keys ${ka.join()} vs ${kb.join()}`);
    else for (const k of ka) bitDiffs((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out);
  } else if (!Object.is(a, b)) out.push(`${path}: ${String(a)} vs ${String(b)}`);
  return out;
}

/** Largest |a − b| / max(|b|, 1e-3 · scale of b) over every number (the trace's own scale as floor). */
function maxRelDiff(a: unknown, b: unknown): number {
  const xs: number[] = [];
  const ys: number[] = [];
  const walk = (p: unknown, q: unknown) => {
    if (Array.isArray(p) && Array.isArray(q)) p.forEach((v, i) => walk(v, q[i]));
    else if (p && q && typeof p === 'object' && typeof q === 'object')
      for (const k of Object.keys(p)) walk((p as Record<string, unknown>)[k], (q as Record<string, unknown>)[k]);
    else if (typeof p === 'number' && typeof q === 'number') {
      xs.push(p);
      ys.push(q);
    }
  };
  walk(a, b);
  const scale = Math.max(...ys.map(Math.abs));
  let worst = 0;
  xs.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - ys[i]) / Math.max(Math.abs(ys[i]), 1e-3 * scale))));
  return worst;
}

async function both(spec: SimSpec, trimRows?: boolean): Promise<{ plain: Trace; bucketed: Trace; shapes: CheckedSpec[] }> {
  if (trimRows !== undefined) testHooks.trimRows = trimRows;
  testHooks.bucket = false;
  const plain = await simulate(spec);
  testHooks.bucket = true;
  const shapes: CheckedSpec[] = [];
  testHooks.onShapes = (s) => shapes.push(s);
  const before = tf.memory().numTensors;
  const bucketed = await simulate(spec);
  expect(tf.memory().numTensors).toBe(before);
  delete testHooks.onShapes;
  return { plain, bucketed, shapes };
}

/** odd sizes: nothing on a bucket boundary */
const ODD = { T: 7, units: 3, inputDim: 3, outDim: 3 };

const VARIANTS: (Omit<RandomSpecOptions, 'seed'> & { name: string })[] = [];
for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  VARIANTS.push({ name: `${cell}`, cell, ...ODD });
  VARIANTS.push({ name: `${cell}, no readout`, cell, ...ODD, readout: false });
  VARIANTS.push({ name: `${cell}, no targets`, cell, ...ODD, targets: false });
  for (const merge of ['concat', 'sum', 'ave', 'mul'] as const)
    VARIANTS.push({ name: `${cell}, bidirectional ${merge}`, cell, ...ODD, bidirectional: true, merge });
  VARIANTS.push({ name: `${cell}, bidirectional concat, no readout`, cell, ...ODD, bidirectional: true, merge: 'concat', readout: false });
  if (cell !== 'rnn') VARIANTS.push({ name: `${cell}, hardSigmoid (saturating)`, cell, ...ODD, recurrentActivation: 'hardSigmoid', scale: 1.5 });
}
VARIANTS.push({ name: 'gru, resetAfter', cell: 'gru', ...ODD, resetAfter: true });
VARIANTS.push({ name: 'gru, resetAfter, bidirectional', cell: 'gru', ...ODD, resetAfter: true, bidirectional: true, merge: 'ave' });
VARIANTS.push({ name: 'rnn, T = 1, units = 1', cell: 'rnn', T: 1, units: 1, inputDim: 1, outDim: 1 });
VARIANTS.push({ name: 'lstm, T = 13 (padded to 16), units = 5', cell: 'lstm', T: 13, units: 5, inputDim: 1, outDim: 1 });

describe('bucketed traces equal unbucketed ones, bit for bit', () => {
  let seed = 9100;
  for (const v of VARIANTS) {
    it(v.name, async () => {
      const spec = randomSpec({ ...v, seed: seed++ });
      for (const trimRows of [true, false]) {
        const { plain, bucketed, shapes } = await both(spec, trimRows);
        // really padded: units, steps and inputDim all moved up to a bucket
        expect(shapes).toHaveLength(1);
        expect(shapes[0].units).toBe(bucketUp(spec.units, UNIT_BUCKETS));
        expect(shapes[0].steps).toBe(bucketUp(spec.inputs.length, STEP_BUCKETS));
        expect(shapes[0].inputDim).toBe(bucketUp(spec.inputs[0].length, DIM_BUCKETS));
        if (spec.units > 1) expect(shapes[0].units).toBeGreaterThan(spec.units);
        expect(bitDiffs(bucketed, plain), `trimRows ${trimRows}`).toEqual([]);
      }
    });
  }
});

describe('beyond 48-wide sums (tfjs CPU matMul blocks)', () => {
  const big: (Omit<RandomSpecOptions, 'seed'> & { name: string })[] = [
    { name: 'lstm, 13 units (G·u 52 → 64)', cell: 'lstm', T: 9, units: 13, inputDim: 3, outDim: 2 },
    { name: 'gru, 21 units (2u 42 → 64), resetAfter', cell: 'gru', T: 11, units: 21, inputDim: 5, outDim: 3, resetAfter: true },
    { name: 'rnn, 50 units, bidirectional concat', cell: 'rnn', T: 5, units: 50, inputDim: 2, outDim: 3, bidirectional: true, merge: 'concat' },
    { name: 'lstm, T = 50 (→ 64), 7 units', cell: 'lstm', T: 50, units: 7, inputDim: 1, outDim: 1 },
  ];
  let seed = 9300;
  for (const v of big) {
    it(`${v.name}: bit-identical with wide blocks, float32 rounding with tfjs' 48`, async () => {
      const spec = randomSpec({ ...v, seed: seed++ });
      setBlockSize(1 << 20);
      const wide = await both(spec, false);
      expect(bitDiffs(wide.bucketed, wide.plain)).toEqual([]);
      setBlockSize(48);
      const dflt = await both(spec, false);
      const rel = maxRelDiff(dflt.bucketed, dflt.plain);
      console.log(`[buckets] ${v.name}: max relative difference with 48-blocks ${rel.toExponential(2)}`);
      expect(rel).toBeLessThan(1e-4);
    });
  }
});

describe('the shapes the engine computes in are bounded', () => {
  /** every kernel run, with its input and output shapes: what WebGL compiles a program for */
  async function signatures(specs: SimSpec[]): Promise<Set<string>> {
    const sigs = new Set<string>();
    for (const spec of specs) {
      const info = await tf.profile(async () => {
        await simulate(spec);
        return [];
      });
      for (const k of info.kernels) sigs.add(`${k.name} ${JSON.stringify(k.inputShapes)} → ${JSON.stringify(k.outputShapes)}`);
    }
    return sigs;
  }

  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    it(`${cell}: after one run per bucket, 40 more (T, units) add no kernel shape; unbucketed they do`, async () => {
      testHooks.trimRows = false; // WebGL's sweep
      const mk = (T: number, units: number, seed: number) => randomSpec({ cell, seed, T, units, inputDim: 3, outDim: 2 });
      // one run per bucket pair for T ≤ 24, units ≤ 8
      const reps: SimSpec[] = [];
      for (const T of STEP_BUCKETS.filter((t) => t <= 24)) for (const u of UNIT_BUCKETS.filter((x) => x <= 8)) reps.push(mk(T, u, T * 100 + u));
      let r = 7;
      const rand = (n: number) => 1 + ((r = (r * 48271) % 2147483647) % n);
      const more = Array.from({ length: 40 }, (_, i) => mk(rand(24), rand(8), 5000 + i));
      testHooks.bucket = true;
      const seen = await signatures(reps);
      const after = await signatures(more);
      const added = [...after].filter((s) => !seen.has(s));
      expect(added).toEqual([]);
      // each kernel shape stems from one of 5 × 4 bucket pairs
      testHooks.bucket = false;
      const plainReps = await signatures(reps);
      const plainMore = await signatures(more);
      expect([...plainMore].filter((s) => !plainReps.has(s)).length).toBeGreaterThan(20);
    }, 120_000);
  }
});

describe('bucketSpec', () => {
  const checked = (o: Partial<CheckedSpec>): CheckedSpec => ({
    cell: 'lstm',
    units: 3,
    steps: 7,
    inputDim: 1,
    gates: 4,
    bidirectional: false,
    merge: 'concat',
    outWidth: 3,
    outDim: 1,
    hasTargets: true,
    recurrentActivation: 'sigmoid',
    resetAfter: false,
    ...o,
  });
  it('pads to the next bucket, keeps outDim = outWidth without a readout, and leaves huge cubes alone', () => {
    expect(bucketSpec(checked({}), true)).toMatchObject({ units: 4, steps: 8, inputDim: 1, outDim: 1, outWidth: 4 });
    expect(bucketSpec(checked({ bidirectional: true, outWidth: 6, outDim: 6 }), false)).toMatchObject({ units: 4, outWidth: 8, outDim: 8 });
    expect(bucketSpec(checked({ units: 4, steps: 8, outWidth: 4 }), true)).toMatchObject({ units: 4, steps: 8 });
    // 200 steps × 200 × 256 units would be 10 million numbers: computed unpadded
    expect(bucketSpec(checked({ units: 130, steps: 100, outWidth: 130 }), true)).toBeNull();
    expect(bucketSpec(checked({ units: 130, steps: 100, outWidth: 130, hasTargets: false }), true)).toMatchObject({ units: 256, steps: 128 });
    expect(bucketUp(201, STEP_BUCKETS)).toBe(201);
  });

  it('maps every size the lessons allow onto a small, fixed set of bucket pairs, and random engine sizes onto the tables', () => {
    // the simulators' ranges (src/sim/schema.ts): units 1–16, T 1–60
    const lesson = new Set<string>();
    for (let u = 1; u <= 16; u++) for (let T = 1; T <= 60; T++) lesson.add(`${bucketUp(T, STEP_BUCKETS)}|${bucketUp(u, UNIT_BUCKETS)}`);
    expect(lesson.size).toBe(5 * 8); // units 1, 2, 4, 8, 16 × T 4, 8, 12, 16, 24, 32, 48, 64
    let r = 11;
    const rand = (n: number) => 1 + ((r = (r * 48271) % 2147483647) % n);
    const pairs = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const T = rand(200);
      const u = rand(256);
      const b = bucketSpec(checked({ steps: T, units: u, outWidth: u, hasTargets: false }), true)!;
      expect(b.steps).toBeGreaterThanOrEqual(T);
      expect(b.units).toBeGreaterThanOrEqual(u);
      pairs.add(`${b.steps}|${b.units}`);
    }
    expect(pairs.size).toBeLessThanOrEqual(STEP_BUCKETS.length * UNIT_BUCKETS.length);
    expect([...pairs].every((p) => p.split('|').every((n, k) => (k === 0 ? STEP_BUCKETS : UNIT_BUCKETS).includes(Number(n))))).toBe(true);
  });
});
