/**
 * Which tfjs backend computes the traces. In a browser: WebGL, falling back to the CPU when WebGL is
 * missing, refused, imprecise or broken (the reason is recorded for the UI's badge). Outside a
 * browser (Node, the unit tests): the CPU.
 *
 * Initialisation is lazy (the first simulate call) and shared: concurrent first calls wait on one
 * promise. Changing the preference re-initialises on the next call.
 */
import * as tf from '@tensorflow/tfjs-core';
// Registers the 'cpu' backend.
import '@tensorflow/tfjs-backend-cpu';
// Registers the 'webgl' backend, but only in a browser (it checks device_util.isBrowser() itself).
import '@tensorflow/tfjs-backend-webgl';

export type BackendPreference = 'auto' | 'webgl' | 'cpu';

export interface BackendInfo {
  /** the backend simulate uses: 'webgl' or 'cpu' ('' before the first simulate call) */
  backend: string;
  /** why WebGL is not used although the preference allowed it; absent when WebGL runs or 'cpu' was asked for */
  fallbackReason?: string;
  preference: BackendPreference;
}

let preference: BackendPreference = 'auto';
let info: BackendInfo = { backend: '', preference };
let initPromise: Promise<BackendInfo> | null = null;
/** the last initialisation, finished or not, so a new one waits for it instead of racing it */
let lastInit: Promise<unknown> = Promise.resolve();

export function isBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.length > 200 ? m.slice(0, 200) + '…' : m;
}

/** null when WebGL works; otherwise why not, in a sentence. Leaves 'webgl' active only on success. */
async function tryWebgl(): Promise<string | null> {
  if (!isBrowser()) return 'WebGL is not available outside a browser';
  try {
    if (!tf.findBackendFactory('webgl')) return 'the WebGL backend is not registered in this build';
    const ok = await tf.setBackend('webgl');
    if (!ok) return 'this browser did not give TensorFlow.js a usable WebGL context (WebGL disabled, blocked or unsupported)';
    await tf.ready();
    if (!tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'))
      return 'this GPU computes only in 16-bit floats on WebGL, too imprecise for the gradients';
    // A tiny op read back: some drivers create a context and then fail (or compute garbage).
    const probe = tf.tidy(() => tf.add(tf.mul(tf.tensor1d([1, 2, 3]), tf.scalar(0.5)), tf.scalar(1e-4)));
    let v: Float32Array | Int32Array | Uint8Array;
    try {
      v = await probe.data();
    } finally {
      probe.dispose();
    }
    const expected = [0.5001, 1.0001, 1.5001];
    if (!expected.every((e, i) => Math.abs(v[i] - e) < 1e-6)) return `WebGL returned wrong numbers in a self-test (${Array.from(v).join(', ')})`;
    return null;
  } catch (e) {
    return `WebGL failed: ${errorText(e)}`;
  }
}

async function initialise(pref: BackendPreference): Promise<BackendInfo> {
  if (pref === 'cpu') {
    await useCpu();
    return { backend: 'cpu', preference: pref };
  }
  const reason = await tryWebgl();
  if (reason === null) return { backend: 'webgl', preference: pref };
  await useCpu();
  return { backend: 'cpu', fallbackReason: reason, preference: pref };
}

async function useCpu(): Promise<void> {
  const ok = await tf.setBackend('cpu');
  if (!ok) throw new Error('TensorFlow.js could not start its CPU backend');
  await tf.ready();
}

/**
 * Makes sure the chosen backend is active (initialising it on first use) and returns it. If other
 * code switched tfjs to another backend meanwhile, switches back.
 */
export async function ensureBackend(): Promise<BackendInfo> {
  if (!initPromise) {
    const pref = preference;
    const p = lastInit.catch(() => undefined).then(() => initialise(pref));
    lastInit = p;
    const mine = p.then((i) => {
      if (pref === preference) info = i;
      return i;
    });
    initPromise = mine;
    // a failed initialisation is retried by the next call
    mine.catch(() => {
      if (initPromise === mine) initPromise = null;
    });
  }
  const result = await initPromise;
  if (tf.getBackend() !== result.backend) {
    const ok = await tf.setBackend(result.backend);
    if (!ok) throw new Error(`TensorFlow.js could not switch back to its ${result.backend} backend`);
    await tf.ready();
  }
  return result;
}

/** What simulate uses (or last used), and why WebGL is not used when it is not. */
export function getBackendInfo(): BackendInfo {
  return { ...info };
}

/**
 * 'auto' (default) and 'webgl': WebGL in a browser, CPU when WebGL is unavailable (with the reason).
 * 'cpu': always the CPU. Takes effect at the next simulate call.
 */
export function setBackendPreference(pref: BackendPreference): void {
  if (pref !== 'auto' && pref !== 'webgl' && pref !== 'cpu')
    throw new Error(`setBackendPreference: expected 'auto', 'webgl' or 'cpu', but got ${String(pref)}.`);
  if (pref === preference) return;
  preference = pref;
  initPromise = null;
  info = { backend: info.backend, preference: pref, ...(info.fallbackReason ? { fallbackReason: info.fallbackReason } : {}) };
}
