/**
 * Section 13's runnable snippets (lessons/13-tensorflow.mdx), run as printed with TensorFlow.js
 * 4.22 on the CPU backend: the code block under a slide's heading is cut out of the lesson, run
 * with `tf` in scope, and what it logs is compared. Each snippet says it prints the same number
 * twice; a control run of the same code without the feature the slide is about (no mask, no
 * initial state) must print two different numbers, so the equality is the feature's doing.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';

const here = dirname(fileURLToPath(import.meta.url));
const lesson = readFileSync(join(here, '../../lessons/13-tensorflow.mdx'), 'utf8');

/** The first ```js block after the `### <heading>` line. */
function snippetAfter(heading: string): string {
  const at = lesson.indexOf(`### ${heading}\n`);
  if (at < 0) throw new Error(`13-tensorflow.mdx: no heading "${heading}"`);
  const m = /^```js\n([\s\S]*?)^```/m.exec(lesson.slice(at));
  if (!m) throw new Error(`13-tensorflow.mdx: no js block after "${heading}"`);
  return m[1];
}

/**
 * Runs snippet code with `tf` in scope; returns the arguments of each console.log call. The
 * snippets draw their weights and inputs without a seed, which tfjs takes from Math.random: a
 * seeded Math.random makes each run repeatable.
 */
function run(code: string, seed: number): unknown[][] {
  let s = seed >>> 0;
  vi.spyOn(Math, 'random').mockImplementation(() => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  });
  const logged: unknown[][] = [];
  const log = { log: (...args: unknown[]) => logged.push(args) };
  tf.tidy(() => {
    new Function('tf', 'console', code)(tf, log);
  });
  return logged;
}

/** The two numbers the snippet prints (it prints one line of two numbers). */
function printedPair(code: string, seed: number): [number, number] {
  const logged = run(code, seed);
  expect(logged).toHaveLength(1);
  const [a, b] = logged[0];
  expect(logged[0]).toHaveLength(2);
  expect(typeof a).toBe('number');
  expect(typeof b).toBe('number');
  expect(Number.isFinite(a as number) && Number.isFinite(b as number)).toBe(true);
  return [a as number, b as number];
}

/** Equal to float32 rounding (the runs take different paths through the same arithmetic). */
function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1e-3, Math.abs(a));
}

/** The snippet with one piece of code replaced; fails if that piece is not in the snippet. */
function without(code: string, piece: RegExp, by = ''): string {
  expect(code, `the snippet contains ${piece}`).toMatch(piece);
  return code.replace(piece, by);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => {
  vi.restoreAllMocks();
});

const SEEDS = [1, 2, 3];

describe('section 13: padding and masking', () => {
  const code = snippetAfter('Sequences of different lengths: padding and masking');

  it('the snippet prints the same number twice: the padded sequence, masked, ends in the unpadded one’s state', () => {
    expect(code).toContain('// the same number twice');
    for (const seed of SEEDS) {
      const [padded, alone] = printedPair(code, seed);
      expect(padded).not.toBe(0);
      expect(same(padded, alone), `seed ${seed}: ${padded} vs ${alone}`).toBe(true);
    }
  });

  it('a run is repeatable under its seed and another seed draws other weights (so the seeds above are three runs)', () => {
    expect(printedPair(code, 1)).toEqual(printedPair(code, 1));
    expect(printedPair(code, 2)[0]).not.toBe(printedPair(code, 1)[0]);
  });

  it('without maskZero the padding zeros are steps like any other and the two numbers differ', () => {
    for (const seed of SEEDS) {
      const [padded, alone] = printedPair(without(code, /maskZero: true/, 'maskZero: false'), seed);
      expect(same(padded, alone), `seed ${seed}: ${padded} vs ${alone}`).toBe(false);
    }
  });

  it('tf.layers.masking({ maskValue: 0 }) skips zero steps of real-valued features, at the end or in front', () => {
    tf.tidy(() => {
      const model = tf.sequential();
      model.add(tf.layers.masking({ maskValue: 0, inputShape: [null, 2] }));
      model.add(tf.layers.lstm({ units: 4 }));
      const real = [
        [0.5, -1],
        [2, 0.3],
        [-0.7, 1.1],
      ];
      const pad = [0, 0];
      const alone = model.predict(tf.tensor3d([real])) as tf.Tensor;
      const batch = model.predict(
        tf.tensor3d([
          [...real, pad, pad],
          [pad, pad, ...real],
        ]),
      ) as tf.Tensor;
      const [h, hEnd, hFront] = [alone.arraySync(), batch.arraySync()].flat() as number[][];
      h.forEach((v, i) => {
        expect(same(hEnd[i], v), `end-padded unit ${i}: ${hEnd[i]} vs ${v}`).toBe(true);
        expect(same(hFront[i], v), `front-padded unit ${i}: ${hFront[i]} vs ${v}`).toBe(true);
      });
    });
  });
});

describe('section 13: initial_state and return_state', () => {
  const code = snippetAfter('Starting from a given state: initial_state and return_state');

  it('the snippet prints the same number twice: the second half, started from the first half’s state, ends where the whole does', () => {
    expect(code).toContain('// prints the same number twice');
    for (const seed of SEEDS) {
      const [whole, halves] = printedPair(code, seed);
      expect(whole).not.toBe(0);
      expect(same(whole, halves), `seed ${seed}: ${whole} vs ${halves}`).toBe(true);
    }
  });

  it('started from zeros instead, the second half ends elsewhere', () => {
    for (const seed of SEEDS) {
      const [whole, halves] = printedPair(without(code, /, \{ initialState: \[h1, c1\] \}/), seed);
      expect(same(whole, halves), `seed ${seed}: ${whole} vs ${halves}`).toBe(false);
    }
  });

  it('returnState returns [output, h] for a GRU and [output, h, c] for an LSTM; without returnSequences the output is h', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([2, 6, 3]);
      const gru = tf.layers.gru({ units: 5, returnState: true }).apply(x) as tf.Tensor[];
      const lstm = tf.layers.lstm({ units: 5, returnState: true }).apply(x) as tf.Tensor[];
      expect(gru.map((t) => t.shape)).toEqual([
        [2, 5],
        [2, 5],
      ]);
      expect(lstm.map((t) => t.shape)).toEqual([
        [2, 5],
        [2, 5],
        [2, 5],
      ]);
      for (const [out, h] of [gru, lstm]) expect(out.sub(h).abs().max().arraySync()).toBe(0);
      // c is not h
      expect(lstm[2].sub(lstm[1]).abs().max().arraySync()).toBeGreaterThan(0);
    });
  });
});
