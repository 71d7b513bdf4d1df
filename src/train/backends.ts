/**
 * The training worker's tfjs backend. 'auto' tries AUTO_ORDER and keeps the first that works;
 * a named choice tries that one, then the CPU. The order comes from measurement (npm run bench
 * training, headless Chromium, 2 cores): see the comment on AUTO_ORDER.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, TrainBackend } from './protocol';

/**
 * Measured (npm run bench training, headless Chromium, 2 cores, SwiftShader WebGL) at the default
 * race (adding, T 30, 16 units, batch 32), training steps per second per model in the worker:
 *
 *   |        | RNN  | LSTM | GRU  |
 *   | wasm   | 39.8 | 27.2 | 28.1 |
 *   | cpu    | 52.1 | 17.0 | 17.6 |
 *   | webgl  |  1.9 |  2.6 |  1.6 |
 *
 * For models this small per-op overhead dominates: WASM (SIMD, one thread: static hosting has no
 * cross-origin isolation for threads) is 1.6× the CPU backend on the gated cells that decide the
 * race's pace, and WebGL is 10–18× slower here; even a real GPU gains little on 16 units. So WASM
 * goes first, the CPU second (where WebAssembly is blocked), WebGL last.
 */
export const AUTO_ORDER: TrainBackend[] = ['wasm', 'cpu', 'webgl'];

let wasmLoaded: Promise<void> | null = null;

/**
 * The WebAssembly binaries the lab ships: plain and SIMD, one thread. The threaded build needs
 * SharedArrayBuffer, which a page gets only when its host sends cross-origin isolation headers
 * (COOP/COEP) that static hosting does not; the measurement above is single-threaded too. So
 * threads stay off everywhere (WASM_HAS_MULTITHREAD_SUPPORT false), the threaded binary is neither
 * built into dist/ nor precached, and its entry in the path map (tfjs asks for all three names)
 * points at the SIMD binary, which tfjs then never requests under that name. Both binaries are
 * precached by the service worker (vite.config.ts), so the lab trains on WebAssembly offline too.
 */
async function loadWasm(): Promise<void> {
  wasmLoaded ??= (async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const [plain, simd] = await Promise.all([
      import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'),
      import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'),
    ]);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': plain.default,
      'tfjs-backend-wasm-simd.wasm': simd.default,
      'tfjs-backend-wasm-threaded-simd.wasm': simd.default,
    });
  })();
  return wasmLoaded;
}

async function tryBackend(b: TrainBackend): Promise<string | null> {
  try {
    if (b === 'wasm') await loadWasm();
    if (b === 'webgl' && typeof OffscreenCanvas === 'undefined') return 'WebGL in a worker needs OffscreenCanvas, which this browser lacks';
    const ok = await tf.setBackend(b);
    if (!ok) return `${b} did not start`;
    await tf.ready();
    if (b === 'webgl' && !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) return 'WebGL here computes only in 16-bit floats';
    const probe = tf.tidy(() => tf.add(tf.mul(tf.tensor1d([1, 2, 3]), tf.scalar(0.5)), tf.scalar(1e-4)));
    const v = await probe.data();
    probe.dispose();
    if (![0.5001, 1.0001, 1.5001].every((e, i) => Math.abs(v[i] - e) < 1e-6)) return `${b} returned wrong numbers in a self-test`;
    return null;
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    return `${b} failed: ${m.slice(0, 160)}`;
  }
}

const WHY: Record<TrainBackend, string> = {
  wasm: 'WebAssembly: fastest for models this small (measured)',
  cpu: 'the CPU backend',
  webgl: 'WebGL through OffscreenCanvas',
};

export async function chooseBackend(choice: BackendChoice): Promise<{ backend: TrainBackend; reason: string }> {
  const order: TrainBackend[] = choice === 'auto' ? AUTO_ORDER : [choice, ...AUTO_ORDER.filter((b) => b !== choice)];
  const failures: string[] = [];
  for (const b of order) {
    const why = await tryBackend(b);
    if (why === null) {
      const reason =
        choice === 'auto' || choice === b
          ? `${WHY[b]}${failures.length ? ` (${failures.join('; ')})` : ''}`
          : `${choice} was asked for but ${failures.join('; ')}; using ${WHY[b]}`;
      return { backend: b, reason };
    }
    failures.push(why);
  }
  throw new Error(`No TensorFlow.js backend works in this worker: ${failures.join('; ')}`);
}
