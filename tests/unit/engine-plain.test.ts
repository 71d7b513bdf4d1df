/**
 * The engine's CPU paths against each other and against the float64 reference, on random shapes:
 * the plain typed-array path (src/engine/plain/, the CPU's default), tfjs' CPU kernels and tfjs'
 * WebAssembly backend (testHooks.cpuPath 'tfjs' / 'wasm'), for every cell (GRU in both reset
 * forms), both gate activations, unidirectional and bidirectional with every merge, with a readout,
 * without one, and without targets.
 *
 * - Forward values (h, c, gates, hBackward, outputs, y) of the plain path are bit-identical to tfjs'
 *   CPU kernels: the plain path performs the same float32 operations in the same order (its
 *   matMuls sum in float64 in tfjs' blocks of 48, so sizes past 48 are drawn too).
 * - Everything else (losses, ∂C_t/∂h_k, ∂C_t/∂c_k, weight gradients, ∂y_T/∂x_k) agrees with the
 *   float32 tfjs paths to their rounding (atol 1e-5 + rtol 1e-4; 1e-4 + 1e-3 for the 50-wide sums), and with the float64 reference
 *   (engine-helpers/reference.ts: its forward values, and its central finite differences for
 *   ∂C_t/∂h_k and the weight gradients; tolerances as engine-fd.test.ts).
 * - The plain path creates no tensor at all; no path leaks one.
 * The existing engine suites also run whole on each path: engine-helpers/cpu-path.config.ts.
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { simulate, type SimSpec, type Trace } from '../../src/engine/index';
import { engineTestFlags as testHooks } from '../../src/engine/testHooks';
import { fdDcdc, fdDcdh, fdGrads, MERGES, RANDOM_CELLS, randomSpec, refForward } from './engine-helpers/reference';
import { expectClose } from './engine-helpers/expect';

beforeAll(async () => {
  await simulate(randomSpec({ cell: 'rnn', seed: 1 })); // the engine's CPU backend up first
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(path.resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
  await tf.setBackend('wasm');
  await tf.ready();
  await tf.setBackend('cpu');
});

afterEach(() => {
  delete testHooks.cpuPath;
  delete testHooks.onShapes;
});

async function on(pathName: 'plain' | 'tfjs' | 'wasm', spec: SimSpec): Promise<{ trace: Trace; tfjsRuns: number }> {
  testHooks.cpuPath = pathName;
  let tfjsRuns = 0;
  testHooks.onShapes = () => tfjsRuns++;
  const before = tf.memory().numTensors;
  try {
    const trace = await simulate(spec);
    expect(tf.memory().numTensors, `${pathName}: tensors leaked`).toBe(before);
    return { trace, tfjsRuns };
  } finally {
    delete testHooks.cpuPath;
    delete testHooks.onShapes;
  }
}

const FORWARD = ['h', 'c', 'gates', 'hBackward', 'outputs', 'y'] as const;
const BACKWARD = ['loss', 'dCdh', 'dCdc', 'grads', 'dyTdx', 'inputConnectivity'] as const;

async function comparePaths(spec: SimSpec, label: string, atol = 1e-5, rtol = 1e-4): Promise<Trace> {
  const plain = await on('plain', spec);
  const cpu = await on('tfjs', spec);
  const wasm = await on('wasm', spec);
  // the plain path ran no tfjs computation; the other two did
  expect([plain.tfjsRuns, cpu.tfjsRuns, wasm.tfjsRuns], label).toEqual([0, 1, 1]);
  const p = plain.trace;
  expect(Object.keys(p).sort(), `${label}: fields`).toEqual(Object.keys(cpu.trace).sort());
  for (const f of FORWARD) expect(p[f], `${label}: ${f} plain vs tfjs cpu, bit for bit`).toEqual(cpu.trace[f]);
  for (const f of [...FORWARD, ...BACKWARD]) {
    if (cpu.trace[f] === undefined) {
      expect([p[f], wasm.trace[f]], `${label}: ${f} absent on every path`).toEqual([undefined, undefined]);
      continue;
    }
    expectClose(p[f], cpu.trace[f], atol, rtol, `${label}: ${f} plain vs tfjs cpu`);
    expectClose(wasm.trace[f], cpu.trace[f], atol, rtol, `${label}: ${f} wasm vs tfjs cpu`);
  }
  expect(p.backend).toBe('cpu');
  // each trace says which CPU path computed it (the badge and the simulators' status line show it)
  expect([p.cpuPath, cpu.trace.cpuPath, wasm.trace.cpuPath], label).toEqual(['plain', 'tfjs', 'wasm']);
  // k > t: exactly zero, as on tfjs
  for (let t = 0; t < p.dCdh.length; t++) for (let k = t + 1; k < p.dCdh.length; k++) expect(p.dCdh[t][k].every((v) => v === 0)).toBe(true);
  return p;
}

function compareWithReference(p: Trace, spec: SimSpec, label: string) {
  const ref = refForward(spec);
  expectClose(p.h, ref.h, 2e-6, 1e-5, `${label}: h vs float64`);
  if (spec.cell === 'lstm') expectClose(p.c, ref.c, 2e-6, 1e-5, `${label}: c vs float64`);
  if (spec.backward) expectClose(p.hBackward, ref.hb, 2e-6, 1e-5, `${label}: hBackward vs float64`);
  expectClose(p.y, ref.y, 2e-6, 1e-5, `${label}: y vs float64`);
  expectClose(p.loss, ref.loss, 2e-6, 1e-5, `${label}: loss vs float64`);
  if (!spec.targets) return;
  expectClose(p.dCdh, fdDcdh(spec), 2e-5, 2e-4, `${label}: dCdh vs finite differences`);
  if (spec.cell === 'lstm') expectClose(p.dCdc, fdDcdc(spec), 2e-5, 2e-4, `${label}: dCdc vs finite differences`);
  expectClose(p.grads, fdGrads(spec), 2e-5, 2e-4, `${label}: grads vs finite differences`);
}

describe('every CPU path gives the same trace (random shapes)', () => {
  let seed = 31_000;
  for (const { name, o } of RANDOM_CELLS) {
    for (const act of ['sigmoid', 'hardSigmoid'] as const) {
      if (name === 'rnn' && act === 'hardSigmoid') continue;
      it(`${name}, ${act}: readout, none, no targets; bidirectional, every merge; and the float64 reference`, async () => {
        const r = { ...o, recurrentActivation: act, scale: act === 'hardSigmoid' ? 1.5 : 1 };
        const specs: [string, SimSpec][] = [
          ['readout', randomSpec({ ...r, seed: seed++ })],
          ['no readout', randomSpec({ ...r, seed: seed++, readout: false })],
          ['no targets', randomSpec({ ...r, seed: seed++, targets: false })],
          ...MERGES.map((merge): [string, SimSpec] => [`bidirectional ${merge}`, randomSpec({ ...r, seed: seed++, bidirectional: true, merge })]),
          ['T = 1', randomSpec({ ...r, seed: seed++, T: 1 })],
        ];
        for (const [label, spec] of specs) compareWithReference(await comparePaths(spec, label), spec, label);
      });
    }
  }
});

describe('past tfjs’ 48-wide matMul blocks the plain path still sums as tfjs’ CPU does', () => {
  for (const { name, o } of RANDOM_CELLS) {
    it(`${name}: 50 units, 50 input features, bidirectional concat (shared dimensions 50 and 100)`, async () => {
      const spec = randomSpec({ ...o, seed: 41_000 + name.length, T: 6, units: 50, inputDim: 50, outDim: 2, bidirectional: true, scale: 0.3 });
      // sums of 50–100 float32 products, in another order on each path: atol 1e-4, rtol 1e-3
      await comparePaths(spec, `${name} wide`, 1e-4, 1e-3);
    });
  }
});

describe('the plain path', () => {
  it('creates no tensor at all, and is the CPU’s default', async () => {
    const spec = randomSpec({ cell: 'lstm', seed: 7, bidirectional: true, merge: 'mul' });
    let tfjsRuns = 0;
    testHooks.onShapes = () => tfjsRuns++;
    const seen = new Set<number>();
    const id = setInterval(() => seen.add(tf.memory().numTensors), 0);
    const before = tf.memory().numTensors;
    const t = await simulate(spec);
    clearInterval(id);
    expect(tfjsRuns).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    expect([...seen].every((n) => n === before)).toBe(true);
    expect(t.backend).toBe('cpu');
  });

  it('is deterministic and does not keep or alias the spec’s arrays', async () => {
    const spec = randomSpec({ cell: 'gru', seed: 8, resetAfter: true });
    const a = await simulate(spec);
    spec.inputs[0][0] += 1;
    const b = await simulate(randomSpec({ cell: 'gru', seed: 8, resetAfter: true }));
    expect(b).toEqual(a);
    a.h[0][0] = 99;
    expect(b.h[0][0]).not.toBe(99);
  });
});
