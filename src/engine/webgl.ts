/**
 * tfjs' WebGL backend for one engine instance (backend.ts): loading it, starting and self-testing
 * it (tryWebgl), watching its context for loss and restoration, rebuilding it after a restore, and
 * the test hooks that lose and restore the context. No decisions: backendMachine.ts makes those.
 */
import * as tf from '@tensorflow/tfjs-core';
import { softwareReason } from './autoPick';
import { useShapeUniforms } from './programs';
import { probeRenderer, rendererOf, SOFTWARE_RENDERER } from './rendererProbe';
import { withTimeout } from './timeout';

/** A readback slower than this is taken as a lost (or hung) WebGL context. */
export const READBACK_TIMEOUT_MS = 8000;

type WebglModule = typeof import('@tensorflow/tfjs-backend-webgl');
/**
 * The WebGL backend (370 KB of tfjs code) is imported only when WebGL may compute: not at all under
 * auto on a software renderer or under 'cpu', so the worker's first chunk is tfjs-core and the CPU
 * backend alone. Importing it registers the 'webgl' backend, but only in a browser or worker
 * (device_util.isBrowser()). One import per realm (a module, like any other).
 */
let webglModule: Promise<WebglModule> | null = null;
function importWebgl(): Promise<WebglModule> {
  webglModule ??= import('@tensorflow/tfjs-backend-webgl').catch((e) => {
    webglModule = null;
    throw e;
  });
  return webglModule;
}

export function isBrowser(): boolean {
  if (typeof window !== 'undefined' && typeof document !== 'undefined') return true;
  // a (module) Web Worker: tfjs WebGL works there through OffscreenCanvas
  const g = globalThis as { WorkerGlobalScope?: unknown; importScripts?: unknown };
  return typeof g.WorkerGlobalScope !== 'undefined' && typeof g.importScripts !== 'undefined';
}

export function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.length > 200 ? m.slice(0, 200) + '…' : m;
}

function tfWebglContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  const b = tf.engine().findBackend('webgl') as unknown as { gpgpu?: { gl?: WebGLRenderingContext } } | null;
  return b?.gpgpu?.gl ?? null;
}

/** the WebGL context in use (or last used), watched for loss and restoration */
interface Watched {
  gl: WebGLRenderingContext | WebGL2RenderingContext;
  /** forced: a readback timed out or a run failed on WebGL (cleared by a webglcontextrestored event) */
  lost: boolean;
  loseExt: WEBGL_lose_context | null;
}

export class WebglBackend {
  private ctor: WebglModule['MathBackendWebGL'] | null = null;
  private watched: Watched | null = null;

  constructor(
    /** told when the watched context is restored */
    private readonly onRestored: () => void,
    private readonly mark: (name: string) => void,
  ) {}

  /** tfjs' WebGL code has been loaded (and its backend class is known) */
  get loaded(): boolean {
    return this.ctor !== null;
  }

  load(): Promise<WebglModule> {
    if (!webglModule) this.mark('webgl-load');
    return importWebgl();
  }

  private watch(gl: WebGLRenderingContext | WebGL2RenderingContext): void {
    if (this.watched?.gl === gl) return;
    const w: Watched = { gl, lost: false, loseExt: gl.getExtension('WEBGL_lose_context') };
    const canvas = gl.canvas as (HTMLCanvasElement | OffscreenCanvas) & EventTarget;
    canvas.addEventListener?.('webglcontextrestored', () => {
      w.lost = false;
      if (this.watched === w) this.onRestored();
    });
    this.watched = w;
  }

  /** The watched context is lost (or was marked lost); false when none is watched. */
  contextLost(): boolean {
    if (!this.watched) return false;
    try {
      return this.watched.lost || this.watched.gl.isContextLost();
    } catch {
      return true;
    }
  }

  /** A WebGL run failed or its readback timed out: the context counts as lost until it is restored. */
  markLost(): void {
    if (this.watched) this.watched.lost = true;
    else this.watched = { gl: { isContextLost: () => true } as unknown as WebGLRenderingContext, lost: true, loseExt: null };
  }

  /** Throws away the WebGL backend (its programs and textures) and registers a fresh factory. */
  rebuild(): void {
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
    const Ctor = this.ctor;
    if (Ctor) tf.registerBackend('webgl', () => new Ctor(), 2);
    this.watched = null;
  }

  /**
   * Starts WebGL and self-tests it: reason null when it works, else why not, in a sentence. Leaves
   * 'webgl' active only on success. Under auto, a software renderer (the probe's answer, or read
   * here from a throwaway context) never loads tfjs' WebGL code.
   */
  async start(o: { preference: 'auto' | 'webgl'; probed: string | null | 'ask'; calibrateOnSoftware: boolean }): Promise<{
    reason: string | null;
    renderer?: string;
  }> {
    if (!isBrowser()) return { reason: 'WebGL is not available outside a browser' };
    try {
      if (o.preference === 'auto' && !o.calibrateOnSoftware && !this.ctor) {
        // auto on a software renderer never needs tfjs' WebGL backend: skip loading and starting it
        this.mark('probe-start');
        const probed = o.probed === 'ask' ? probeRenderer() : (o.probed ?? undefined);
        this.mark('probe-done');
        if (probed && SOFTWARE_RENDERER.test(probed)) return { reason: softwareReason(probed), renderer: probed };
      }
      try {
        this.ctor = (await this.load()).MathBackendWebGL;
      } catch (e) {
        return { reason: `the WebGL backend could not be loaded (${errorText(e)})` };
      }
      if (!tf.findBackendFactory('webgl')) return { reason: 'the WebGL backend is not registered in this build' };
      tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', useShapeUniforms());
      const ok = await tf.setBackend('webgl');
      if (!ok) return { reason: 'this browser did not give TensorFlow.js a usable WebGL context (WebGL disabled, blocked or unsupported)' };
      await tf.ready();
      const gl = tfWebglContext();
      const renderer = gl ? rendererOf(gl) : undefined;
      if (gl) this.watch(gl);
      if (o.preference === 'auto' && renderer && SOFTWARE_RENDERER.test(renderer) && !o.calibrateOnSoftware)
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

  /** For the browser tests: lose the context in use (WEBGL_lose_context). False when there is none. */
  lose(): boolean {
    const gl = this.watched?.gl ?? tfWebglContext();
    if (!gl) return false;
    this.watch(gl);
    if (!this.watched?.loseExt) return false;
    this.watched.loseExt.loseContext();
    return true;
  }

  restore(): boolean {
    if (!this.watched?.loseExt) return false;
    this.watched.loseExt.restoreContext();
    return true;
  }
}
