/**
 * Which tfjs backend computes the traces. In a browser or a Web Worker: WebGL (an OffscreenCanvas
 * in a worker), falling back to the CPU when WebGL is missing, refused, imprecise, broken or lost
 * (the reason is recorded for the UI's badge). Outside a browser (Node, the unit tests): the CPU.
 *
 * Preferences: 'webgl' uses WebGL wherever it works; 'auto' also uses it, except on a software
 * renderer (SwiftShader, llvmpipe…, read through WEBGL_debug_renderer_info), where the CPU backend
 * is faster and auto says so; on a hardware GPU, auto times the current size once on both backends
 * (after a warm-up run each, simulate.ts) and computes on the faster one (decideAuto), saying why
 * ("Auto: CPU (plain JS), 2.1× faster than WebGL at T = 20, 8 units"); 'cpu' always uses the CPU. Auto's
 * first traces do not wait for the worker's renderer probe: until it answers they are computed on
 * the CPU ("Auto: CPU (plain JS) while WebGL is checked"), and its answer decides from then on.
 *
 * Context loss: a lost WebGL context (gl.isContextLost(), or a run or readback that fails or does
 * not answer within READBACK_TIMEOUT_MS, see simulate.ts) switches to the CPU at once with a
 * notice; when the context is restored, the next call builds a fresh WebGL backend.
 *
 * The decisions are one state machine (backendMachine.ts: the phases, the events, one pure
 * transition function); an `EngineBackend` is its driver: it holds the state, dispatches events,
 * carries out the effects (initialisations, one at a time, on tfjs; telling the page) and reports
 * what it sees (a lost context, tfjs' WebGL code loaded). The engine uses one instance,
 * `engineBackend`; the unit tests make fresh ones. Initialisation is lazy (the first request) and
 * shared: requests during an initialisation wait for it. A preference change re-initialises on
 * the next request.
 */
import * as tf from '@tensorflow/tfjs-core';
// Registers the 'cpu' backend.
import '@tensorflow/tfjs-backend-cpu';
import type { AutoPick } from './autoPick';
import {
  calibrates,
  currentPick,
  describe,
  initialState,
  isReady,
  settle,
  transition,
  type BackendEvent,
  type BackendInfo,
  type BackendPreference,
  type BackendState,
  type Effect,
  type InitOutcome,
  type InitPlan,
} from './backendMachine';
import { WebglBackend } from './webgl';

export { INTERIM_AUTO_REASON, INTERIM_FALLBACK, SOFTWARE_AUTO_REASON } from './autoPick';
export { LOST_NOTICE, type BackendInfo, type BackendPreference } from './backendMachine';
export { READBACK_TIMEOUT_MS, isBrowser } from './webgl';

async function useCpu(): Promise<void> {
  const ok = await tf.setBackend('cpu');
  if (!ok) throw new Error('TensorFlow.js could not start its CPU backend');
  await tf.ready();
}

export class EngineBackend {
  private state: BackendState = initialState();
  /** the initialisation under way (the one the state's `initialising` phase names) */
  private inflight: { run: number; info: Promise<BackendInfo> } | null = null;
  /** the last initialisation, finished or not: the next one waits for it instead of racing it on tfjs */
  private last: Promise<unknown> = Promise.resolve();
  private probes = 0;
  private listener: ((i: BackendInfo) => void) | null = null;
  private mark: (name: string) => void = () => undefined;
  private readonly webgl = new WebglBackend(
    () => this.dispatch({ type: 'contextRestored' }),
    (name) => this.mark(name),
  );

  /** The machine's state (for the tests and the debugger). */
  get snapshot(): BackendState {
    return this.state;
  }

  private dispatch(e: BackendEvent): void {
    const { state, effects } = transition(this.state, e);
    this.state = state;
    for (const f of effects) this.perform(f);
  }

  private perform(f: Effect): void {
    if (f.kind === 'notify') {
      this.listener?.({ ...f.info });
      return;
    }
    const preference = this.state.preference;
    const { run, plan } = f;
    const done = this.last.catch(() => undefined).then(() => this.carryOut(plan));
    this.last = done;
    const info = done.then(
      (outcome) => {
        this.dispatch({ type: 'initialised', run, outcome });
        return settle(plan, preference, outcome).info;
      },
      (err: unknown) => {
        this.dispatch({ type: 'initFailed', run });
        throw err;
      },
    );
    this.inflight = { run, info };
  }

  private async carryOut(plan: InitPlan): Promise<InitOutcome> {
    if (plan.kind !== 'webgl') {
      await useCpu();
      if (plan.kind === 'interim') this.mark('interim-cpu');
      return { kind: 'cpu' };
    }
    // a context lost earlier and restored since: start over with a fresh WebGL backend
    if (plan.rebuild) this.webgl.rebuild();
    const { reason, renderer } = await this.webgl.start(plan);
    const r = renderer ? { renderer } : {};
    if (reason === null) return { kind: 'webgl', ...r };
    await useCpu();
    return { kind: 'refused', reason, ...r };
  }

  /**
   * The renderer's name as the worker's probe reads it on a thread of its own (worker.ts);
   * undefined when there was no probe (the engine then reads it itself). Until it answers, auto
   * computes on the CPU (always correct, and on this kind of machine the probe takes ~0.3 s of a
   * first trace's ~0.8 s); its answer decides from then on: a software renderer keeps the CPU (and
   * the page is told the reason at once, onBackendInfo), otherwise the next request tries WebGL
   * (and calibrates on a hardware GPU).
   */
  setRendererProbe(p: Promise<string | null | undefined>): void {
    const id = ++this.probes;
    this.dispatch({ type: 'probeStarted', id });
    void p.then(
      (renderer) => this.dispatch({ type: 'probeAnswered', id, renderer }),
      () => this.dispatch({ type: 'probeAnswered', id, renderer: undefined }),
    );
  }

  /** Told when auto's choice changed without a request (the probe answered): the info to show now. */
  onBackendInfo(f: ((i: BackendInfo) => void) | null): void {
    this.listener = f;
  }

  /** The worker's start-up marks (for the benchmark's first-trace breakdown). */
  setStartupMark(f: (name: string) => void): void {
    this.mark = f;
  }

  /**
   * Makes sure the chosen backend is active (initialising it on first use) and returns it. If other
   * code switched tfjs to another backend meanwhile, switches back. A WebGL context lost (or
   * restored) since the last call re-initialises.
   */
  async ensure(): Promise<BackendInfo> {
    this.dispatch({ type: 'ensure', contextLost: this.webgl.contextLost(), webglLoaded: this.webgl.loaded });
    const p = this.state.phase;
    const result = isReady(p) ? p.info : await this.inflight!.info;
    const pick = currentPick(this.state);
    const target = result.backend === 'webgl' && result.preference === 'auto' && pick ? pick.backend : result.backend;
    if (tf.getBackend() !== target) {
      const ok = await tf.setBackend(target);
      if (!ok) throw new Error(`TensorFlow.js could not switch back to its ${target} backend`);
      await tf.ready();
    }
    return result;
  }

  /** True when auto runs on a working hardware WebGL backend, so simulate.ts calibrates (or reuses the pick for) the current size. Call after ensure. */
  autoCalibrates(): boolean {
    return calibrates(this.state, this.webgl.contextLost());
  }

  /** The calibrated pick for a size class, if it was timed before. */
  autoPickFor(key: string): AutoPick | undefined {
    return this.state.picks[key];
  }

  /** Records (and applies) auto's pick for a size class; null: no pick (plain WebGL). */
  applyAutoPick(key: string | null, pick: AutoPick | null): void {
    this.dispatch({ type: 'calibrated', key, pick });
  }

  /** For the browser tests: calibrate on this software renderer as if it were a hardware GPU. */
  setCalibrateOnSoftware(on: boolean): void {
    this.dispatch({ type: 'calibrateOnSoftware', on });
  }

  /** Called by simulate when a WebGL run failed or its readback timed out: the next request computes on the CPU with the notice. */
  markWebglLost(): void {
    this.webgl.markLost();
    this.dispatch({ type: 'contextLost' });
  }

  /** What simulate uses (or last used), and why WebGL is not used when it is not. */
  info(): BackendInfo {
    return describe(this.state);
  }

  /**
   * 'auto' (default): WebGL on a hardware GPU, the CPU on a software renderer or without WebGL
   * (with the reason). 'webgl': WebGL wherever it works. 'cpu': always the CPU. Takes effect at the
   * next request.
   */
  setPreference(pref: BackendPreference): void {
    if (pref !== 'auto' && pref !== 'webgl' && pref !== 'cpu')
      throw new Error(`setBackendPreference: expected 'auto', 'webgl' or 'cpu', but got ${String(pref)}.`);
    this.dispatch({ type: 'preference', preference: pref });
  }

  /** For the browser tests (the worker's test messages): lose or restore the WebGL context in use. False when there is none. */
  loseWebglContext(): boolean {
    return this.webgl.lose();
  }

  restoreWebglContext(): boolean {
    return this.webgl.restore();
  }
}

/** The engine's one backend (the worker's, or the page's without Worker support). */
export const engineBackend = new EngineBackend();

/** The engine's public API (index.ts): the engine's backend, as it computes. */
export const getBackendInfo = (): BackendInfo => engineBackend.info();
export const setBackendPreference = (pref: BackendPreference): void => engineBackend.setPreference(pref);
