/**
 * Opt-in setup file (cpu-path.config.ts): every simulate() run of the file computes on the CPU path
 * ENGINE_CPU_PATH names: 'tfjs' (tfjs' CPU kernels), 'wasm' (tfjs' WebAssembly backend, XNNPACK,
 * loaded from node_modules) or 'plain'. Prints how many runs computed there, as proof.
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll } from 'vitest';
import { engineTestFlags as testHooks } from '../../../src/engine/testHooks';

const want = process.env.ENGINE_CPU_PATH;
if (want !== 'tfjs' && want !== 'wasm' && want !== 'plain') throw new Error(`ENGINE_CPU_PATH must be tfjs, wasm or plain, not ${String(want)}`);
testHooks.cpuPath = want;

if (want === 'wasm') {
  beforeAll(async () => {
    // registered only here (it would be tfjs' highest-priority backend), initialised once up front
    // (compiling the module); the engine switches to it per run, and back to the CPU for the rest
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(path.resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
    await tf.setBackend('wasm');
    await tf.ready();
    await tf.setBackend('cpu');
  });
}

let runs = 0;
const kernels = new Set<string>();
const prev = testHooks.onShapes;
testHooks.onShapes = (s) => {
  runs++;
  kernels.add(tf.getBackend());
  prev?.(s);
};
afterAll(() => console.log(`[cpu-path ${want}] ${runs} tfjs simulate() runs in this file, on ${[...kernels].join(', ') || 'none'}`));
