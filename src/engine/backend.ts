/**
 * Which tfjs backend computes the traces. In a browser or a Web Worker: WebGL (an OffscreenCanvas
 * in a worker), falling back to the CPU when WebGL is missing, refused, imprecise, broken or lost
 * (the reason is recorded for the UI's badge). Outside a browser (Node, the unit tests): the CPU.
 *
 * Preferences: 'webgl' uses WebGL wherever it works; 'auto' also uses it, except on a software
 * renderer (SwiftShader, llvmpipe…, read through WEBGL_debug_renderer_info), where the CPU backend
 * is faster and auto says so; on a hardware GPU, auto times the current size once on both backends
 * (after a warm-up run each, simulate.ts) and computes on the faster one (decideAuto), saying why
 * ("Auto: CPU, 2.1× faster than WebGL at T = 20, 8 units"); 'cpu' always uses the CPU. Auto's
 * first traces do not wait for the worker's renderer probe: until it answers they are computed on
 * the CPU ("Auto: CPU while WebGL is checked"), and its answer decides from then on.
 *
 * Context loss: a lost WebGL context (the webglcontextlost event, gl.isContextLost(), or a readback
 * that does not answer within READBACK_TIMEOUT_MS, see simulate.ts) switches to the CPU at once
 * with a notice; when the context is restored, the next call builds a fresh WebGL backend.
 *
 * Initialisation is lazy (the first simulate call) and shared: concurrent first calls wait on one
 * promise. Changing the preference re-initialises on the next call.
 */
import * as tf from '@tensorflow/tfjs-core';
// Registers the 'cpu' backend.
import '@tensorflow/tfjs-backend-cpu';
import { INTERIM_AUTO_REASON, INTERIM_FALLBACK, SOFTWARE_AUTO_REASON, softwareReason, type AutoPick } from './autoPick';
export { INTERIM_AUTO_REASON, INTERIM_FALLBACK, SOFTWARE_AUTO_REASON } from './autoPick';
import { useShapeUniforms } from './programs';
import { withTimeout } from './timeout';
import { probeRenderer, rendererOf, SOFTWARE_RENDERER } from './rendererProbe';

/**
 * The renderer's name as the worker's probe read it on a thread of its own (worker.ts):
 * undefined when there was no probe (the engine then reads it itself, in probeRenderer).
 */
let rendererProbe: Promise<string | null | undefined> | null = null;
/** true once the probe has answered (or there is none) */
let probeSettled = true;
export function setRendererProbe(p: Promise<string | null | undefined>): void {
  rendererProbe = p;
  probeSettled = false;
  void p.then(
    () => onProbeSettled(p),
    () => onProbeSettled(p),
  );
}

/**
 * Under auto, while the probe has not answered, the CPU computes (always correct, and on this
 * kind of machine the probe takes ~0.3 s of a first trace's ~0.8 s); the badge says so. When the
 * probe answers, auto chooses with it: a software renderer keeps the CPU (and the page is told
 * the reason at once, the trace on screen being what that pick computes); otherwise the next
 * request tries WebGL (and calibrates on a hardware GPU).
 */
/** Told when auto's choice changed without a request (the probe answered): the info to show now. */
let infoListener: ((i: BackendInfo) => void) | null = null;
export function onBackendInfo(f: ((i: BackendInfo) => void) | null): void {
  infoListener = f;
}

function onProbeSettled(p: Promise<string | null | undefined>): void {
  if (p !== rendererProbe) return;
  probeSettled = true;
  // after the initialisation under way (if any), so its interim answer is not taken for the final one
  const cur = initPromise;
  void Promise.all([p, cur?.catch(() => null)]).then(([r]) => {
    if (initPromise !== cur || !cur || preference !== 'auto' || info.autoReason !== INTERIM_AUTO_REASON) return;
    if (typeof r === 'string' && SOFTWARE_RENDERER.test(r)) {
      // the CPU stays: the trace on screen is what auto's pick computes, and the page is told why now
      info = { backend: 'cpu', preference: 'auto', fallbackReason: softwareReason(r), renderer: r, autoReason: SOFTWARE_AUTO_REASON };
      initPromise = Promise.resolve(info);
      infoListener?.({ ...info });
    } else {
      // a hardware GPU (or no answer): the next request tries WebGL (and calibrates)
      initPromise = null;
    }
  });
}

/**
 * The WebGL backend (370 KB of tfjs code) is loaded only when WebGL may compute: not at all under
 * auto on a software renderer (read from a throwaway context first, probeRenderer) or under 'cpu',
 * so the worker's first chunk is tfjs-core and the CPU backend alone. Importing it registers the
 * 'webgl' backend, but only in a browser or worker (device_util.isBrowser()).
 */
type WebglModule = typeof import('@tensorflow/tfjs-backend-webgl');
let webglModule: Promise<WebglModule> | null = null;
export function loadWebglBackend(): Promise<WebglModule> {
  if (!webglModule) startupMark?.('webgl-load');
  webglModule ??= import('@tensorflow/tfjs-backend-webgl').catch((e) => {
    webglModule = null;
    throw e;
  });
  return webglModule;
}
let webglCtor: WebglModule['MathBackendWebGL'] | null = null;

export type BackendPreference = 'auto' | 'webgl' | 'cpu';

export interface BackendInfo {
  /** the backend simulate uses: 'webgl' or 'cpu' ('' before the first simulate call) */
  backend: string;
  /** why WebGL is not used although the preference allowed it; absent when WebGL runs or 'cpu' was asked for */
  fallbackReason?: string;
  preference: BackendPreference;
  /** set while WebGL has been lost and the CPU stands in: a sentence for the UI */
  notice?: string;
  /** the WebGL renderer's name, where the browser tells it */
  renderer?: string;
  /** preference 'auto': its pick and why, in a few words for the badge ("Auto: CPU, 2.1× faster than WebGL at T = 20, 8 units") */
  autoReason?: string;
}

/** auto's calibrated picks, per size class (simulate.ts's key), on a hardware GPU */
const autoPicks = new Map<string, AutoPick>();
let currentPick: AutoPick | null = null;
/** for the browser tests: calibrate even on a software renderer (this machine has no hardware GPU) */
let calibrateOnSoftware = false;

/** A readback slower than this is taken as a lost (or hung) WebGL context. */
export const READBACK_TIMEOUT_MS = 8000;

export const LOST_NOTICE = 'WebGL was lost; computing on the CPU';

let preference: BackendPreference = 'auto';
let info: BackendInfo = { backend: '', preference };
let initPromise: Promise<BackendInfo> | null = null;
/** the last initialisation, finished or not, so a new one waits for it instead of racing it */
let lastInit: Promise<unknown> = Promise.resolve();

/** the WebGL context in use (or last used), watched for loss and restoration */
interface Watched {
  gl: WebGLRenderingContext | WebGL2RenderingContext;
  /** forced: a readback timed out or a run failed on WebGL (cleared by a webglcontextrestored event) */
  lost: boolean;
  loseExt: WEBGL_lose_context | null;
}
let watched: Watched | null = null;

export function isBrowser(): boolean {
  if (typeof window !== 'undefined' && typeof document !== 'undefined') return true;
  // a (module) Web Worker: tfjs WebGL works there through OffscreenCanvas
  const g = globalThis as { WorkerGlobalScope?: unknown; importScripts?: unknown };
  return typeof g.WorkerGlobalScope !== 'undefined' && typeof g.importScripts !== 'undefined';
}

function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.length > 200 ? m.slice(0, 200) + '…' : m;
}

function webglContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  const b = tf.engine().findBackend('webgl') as unknown as { gpgpu?: { gl?: WebGLRenderingContext } } | null;
  return b?.gpgpu?.gl ?? null;
}

function watch(gl: WebGLRenderingContext | WebGL2RenderingContext): void {
  if (watched?.gl === gl) return;
  const w: Watched = { gl, lost: false, loseExt: gl.getExtension('WEBGL_lose_context') };
  const canvas = gl.canvas as (HTMLCanvasElement | OffscreenCanvas) & EventTarget;
  canvas.addEventListener?.('webglcontextrestored', () => (w.lost = false));
  watched = w;
}

function contextLost(): boolean {
  if (!watched) return false;
  try {
    return watched.lost || watched.gl.isContextLost();
  } catch {
    return true;
  }
}

/** Throws away the WebGL backend (its programs and textures) and registers a fresh factory. */
function rebuildWebgl(): void {
  try {
    if (tf.getBackend() === 'webgl') tf.setBackend('cpu');
  } catch {
    /* ignore */
  }
  try {
    if (tf.findBackendFactory('webgl')) tf.removeBackend('webgl');
  } catch {
    /* a lost context may fail to free; it is gone anyway */
  }
  const Ctor = webglCtor;
  if (Ctor) tf.registerBackend('webgl', () => new Ctor(), 2);
  watched = null;
}

/** The worker's start-up marks (for the benchmark's first-trace breakdown). */
let startupMark: ((name: string) => void) | null = null;
export function setStartupMark(f: (name: string) => void): void {
  startupMark = f;
}

/** null when WebGL works; otherwise why not, in a sentence. Leaves 'webgl' active only on success. */
async function tryWebgl(pref: BackendPreference): Promise<{ reason: string | null; renderer?: string }> {
  if (!isBrowser()) return { reason: 'WebGL is not available outside a browser' };
  try {
    if (pref === 'auto' && !calibrateOnSoftware && !webglCtor) {
      // auto on a software renderer never needs tfjs' WebGL backend: skip loading and starting it
      startupMark?.('probe-start');
      const early = rendererProbe ? await rendererProbe : undefined;
      const probed = early === undefined ? probeRenderer() : (early ?? undefined);
      startupMark?.('probe-done');
      if (probed && SOFTWARE_RENDERER.test(probed)) return { reason: softwareReason(probed), renderer: probed };
    }
    try {
      webglCtor = (await loadWebglBackend()).MathBackendWebGL;
    } catch (e) {
      return { reason: `the WebGL backend could not be loaded (${errorText(e)})` };
    }
    if (!tf.findBackendFactory('webgl')) return { reason: 'the WebGL backend is not registered in this build' };
    tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', useShapeUniforms());
    const ok = await tf.setBackend('webgl');
    if (!ok) return { reason: 'this browser did not give TensorFlow.js a usable WebGL context (WebGL disabled, blocked or unsupported)' };
    await tf.ready();
    const gl = webglContext();
    const renderer = gl ? rendererOf(gl) : undefined;
    if (gl) watch(gl);
    if (pref === 'auto' && renderer && SOFTWARE_RENDERER.test(renderer) && !calibrateOnSoftware)
      return { reason: softwareReason(renderer), renderer };
    if (!tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'))
      return { reason: 'this GPU computes only in 16-bit floats on WebGL, too imprecise for the gradients', renderer };
    // A tiny op read back: some drivers create a context and then fail (or compute garbage).
    const probe = tf.tidy(() => tf.add(tf.mul(tf.tensor1d([1, 2, 3]), tf.scalar(0.5)), tf.scalar(1e-4)));
    let v: Float32Array | Int32Array | Uint8Array;
    try {
      v = await withTimeout(probe.data(), READBACK_TIMEOUT_MS, 'the WebGL self-test did not answer');
    } finally {
      probe.dispose();
    }
    const expected = [0.5001, 1.0001, 1.5001];
    if (!expected.every((e, i) => Math.abs(v[i] - e) < 1e-6))
      return { reason: `WebGL returned wrong numbers in a self-test (${Array.from(v).join(', ')})`, renderer };
    return { reason: null, renderer };
  } catch (e) {
    return { reason: `WebGL failed: ${errorText(e)}` };
  }
}

async function initialise(pref: BackendPreference): Promise<BackendInfo> {
  if (pref === 'auto' && !probeSettled && !calibrateOnSoftware && !webglCtor) {
    await useCpu();
    startupMark?.('interim-cpu');
    return { backend: 'cpu', preference: pref, fallbackReason: INTERIM_FALLBACK, autoReason: INTERIM_AUTO_REASON };
  }
  if (pref === 'cpu') {
    await useCpu();
    return { backend: 'cpu', preference: pref };
  }
  // A context lost earlier and restored since: start over with a fresh WebGL backend.
  if (watched && !contextLost() && lostSince) {
    rebuildWebgl();
    lostSince = false;
  }
  if (watched && contextLost()) {
    lostSince = true;
    await useCpu();
    return { backend: 'cpu', preference: pref, fallbackReason: LOST_NOTICE, notice: LOST_NOTICE };
  }
  const { reason, renderer } = await tryWebgl(pref);
  const r = renderer ? { renderer } : {};
  if (reason === null) return { backend: 'webgl', preference: pref, ...r };
  await useCpu();
  const why = pref === 'auto' && renderer && SOFTWARE_RENDERER.test(renderer) ? { autoReason: SOFTWARE_AUTO_REASON } : {};
  return { backend: 'cpu', fallbackReason: reason, preference: pref, ...r, ...why };
}

/** true from a loss until the backend has been rebuilt after the restore */
let lostSince = false;

async function useCpu(): Promise<void> {
  const ok = await tf.setBackend('cpu');
  if (!ok) throw new Error('TensorFlow.js could not start its CPU backend');
  await tf.ready();
}

/**
 * Makes sure the chosen backend is active (initialising it on first use) and returns it. If other
 * code switched tfjs to another backend meanwhile, switches back. A WebGL context lost (or
 * restored) since the last call re-initialises.
 */
export async function ensureBackend(): Promise<BackendInfo> {
  if (initPromise && preference !== 'cpu') {
    const current = info;
    // lost since the last call, or restored after a loss: choose again
    if ((current.backend === 'webgl' && contextLost()) || (lostSince && !contextLost())) initPromise = null;
  }
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
  const target = result.backend === 'webgl' && result.preference === 'auto' && currentPick ? currentPick.backend : result.backend;
  if (tf.getBackend() !== target) {
    const ok = await tf.setBackend(target);
    if (!ok) throw new Error(`TensorFlow.js could not switch back to its ${target} backend`);
    await tf.ready();
  }
  return result;
}

/**
 * True when auto runs on a working hardware WebGL backend, so simulate.ts calibrates (or reuses the
 * pick for) the current size. Call after ensureBackend.
 */
export function autoCalibrates(): boolean {
  return preference === 'auto' && info.preference === 'auto' && info.backend === 'webgl' && !contextLost();
}

/** The calibrated pick for a size class, if it was timed before. */
export function autoPickFor(key: string): AutoPick | undefined {
  return autoPicks.get(key);
}

/** Records (and applies) auto's pick for a size class; null: no pick (plain WebGL). */
export function applyAutoPick(key: string | null, pick: AutoPick | null): void {
  if (key && pick) autoPicks.set(key, pick);
  currentPick = pick;
}

/** For the browser tests: calibrate on this software renderer as if it were a hardware GPU. */
export function setCalibrateOnSoftware(on: boolean): void {
  calibrateOnSoftware = on;
  autoPicks.clear();
  currentPick = null;
  initPromise = null;
}

/**
 * Called by simulate when a WebGL run failed or its readback timed out: treats the context as
 * lost, so the next ensureBackend computes on the CPU with the notice.
 */
export function markWebglLost(): void {
  if (watched) watched.lost = true;
  else watched = { gl: { isContextLost: () => true } as unknown as WebGLRenderingContext, lost: true, loseExt: null };
  lostSince = true;
  initPromise = null;
}

/** What simulate uses (or last used), and why WebGL is not used when it is not. */
export function getBackendInfo(): BackendInfo {
  if (info.backend === 'webgl' && info.preference === 'auto' && currentPick) {
    const p = currentPick;
    return p.backend === 'cpu'
      ? {
          ...info,
          backend: 'cpu',
          autoReason: p.reason,
          fallbackReason: `auto timed both backends: ${p.reason.replace(/^Auto: CPU, /, 'the CPU was ')}`,
        }
      : { ...info, autoReason: p.reason };
  }
  return { ...info };
}

/**
 * 'auto' (default): WebGL on a hardware GPU, the CPU on a software renderer or without WebGL
 * (with the reason). 'webgl': WebGL wherever it works. 'cpu': always the CPU. Takes effect at the
 * next simulate call.
 */
export function setBackendPreference(pref: BackendPreference): void {
  if (pref !== 'auto' && pref !== 'webgl' && pref !== 'cpu')
    throw new Error(`setBackendPreference: expected 'auto', 'webgl' or 'cpu', but got ${String(pref)}.`);
  if (pref === preference) return;
  preference = pref;
  initPromise = null;
  info = { backend: info.backend, preference: pref, ...(info.fallbackReason ? { fallbackReason: info.fallbackReason } : {}) };
}

/**
 * For the browser tests (through the worker's test messages): lose or restore the WebGL context
 * in use, with the WEBGL_lose_context extension. Returns false when there is none.
 */
export function loseWebglContext(): boolean {
  const gl = watched?.gl ?? webglContext();
  if (!gl) return false;
  watch(gl);
  if (!watched?.loseExt) return false;
  watched.loseExt.loseContext();
  return true;
}

export function restoreWebglContext(): boolean {
  if (!watched?.loseExt) return false;
  watched.loseExt.restoreContext();
  return true;
}
