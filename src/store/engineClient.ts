/**
 * The page's one small API to the engine: simulateAndReport(spec) → a trace, computed in a module
 * Web Worker (src/engine/worker.ts → workerMain.ts) so tfjs never blocks the main thread. Where workers are
 * unavailable (or the worker cannot start) the engine is imported into the page instead, and the
 * badge says so.
 *
 * Every request is answered within REQUEST_BOUND_MS: a trace, or an error ("the engine did not
 * answer"), after which the worker is replaced by a fresh one. The requests in flight are one
 * bounded map (`Pending`, ./requests.ts: the channel's policy, with this bound). Superseded requests are dropped by
 * the caller (useSimulation's LatestOnly). The backend preference (auto / WebGL / CPU) comes from
 * the prefs store with every request.
 */
import type { BackendInfo, BackendPreference } from '../engine/backend';
import type { EngineRequest, EngineResponse } from '../engine/protocol';
import { decode, encode } from '../engine/transfer';
import type { SimSpec, Trace } from '../engine/types';
import { PRESETS, type SimulatorPreset } from '../sim/settings';
// static: fetched beside this chunk (the simulator's chunk shares them), so a warm-up's spec is
// built the moment the engine starts, before the simulator can ask (no second round trip)
import { buildSpec } from '../sim/buildSpec';
import { initReadout, initWeights } from '../engine/init';
import { useEngineStatus } from './engineStatus';
import { usePrefs } from './prefs';
import { useSimulatorStore } from './simulator';
import { Pending } from './requests';
import { holdProbeSuffix, type EngineTestControls } from './testHooks';

/** The longest a request may go unanswered before it fails with an error on screen. */
export const REQUEST_BOUND_MS = 30_000;
let boundMs = REQUEST_BOUND_MS;

/** Start-up marks, first occurrence only (performance.mark 'unrolled:<name>', for the benchmark and DevTools). */
const pageMarks = new Set<string>();
function mark(name: string): void {
  if (pageMarks.has(name)) return;
  pageMarks.add(name);
  performance.mark?.(`unrolled:${name}`);
}

type Payload = EngineRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
type Answer = { value: unknown; info: BackendInfo; ms: number };

interface Host {
  mode: 'worker' | 'page';
  call(req: Payload): Promise<Answer>;
  /** starts loading the engine without a request */
  start?(): void;
}

class EngineTimeout extends Error {
  name = 'EngineTimeout';
}

function remoteError(r: Extract<EngineResponse, { ok: false }>): Error {
  const e = new Error(r.error);
  e.name = r.name;
  return e;
}

/** A request's outcome in the bounded map (`error: null`: its bound passed, or too many were open). */
type Outcome = { ok: true; answer: Answer } | { ok: false; error: unknown };
const UNANSWERED: Outcome = { ok: false, error: null };
const boundMessage = (then: string) => `The engine did not answer within ${Math.round(boundMs / 1000)} s${then}.`;

/** The engine in a module Web Worker. */
class WorkerHost implements Host {
  mode = 'worker' as const;
  private worker: Worker | null = null;
  private answered = false;
  /** the request whose bound passed last, and the error every request then in flight got */
  private timedOut: { id: number; err: Error } | null = null;
  // the one request/response policy (./requests.ts), with the engine's own bound
  private pending = new Pending<Outcome>({
    fallback: UNANSWERED,
    timeoutMs: REQUEST_BOUND_MS,
    onTimeout: (id) => {
      // No answer within the bound: fail everything in flight and start a fresh worker next time.
      const err = new EngineTimeout(boundMessage(', so it was restarted'));
      this.timedOut = { id, err };
      this.failAll(err);
    },
  });

  constructor(private readonly onBroken: () => void) {}

  start(): void {
    if (!this.worker) this.worker = this.spawn();
  }

  private spawn(): Worker {
    mark('engine-start');
    const w = new Worker(new URL('../engine/worker.ts', import.meta.url), {
      type: 'module',
      name: `unrolled-engine:${preference()}${holdProbeSuffix()}`,
    });
    w.onmessage = (e: MessageEvent<EngineResponse>) => {
      this.answered = true;
      const r = e.data;
      if ('kind' in r) return reportInfo(r.info); // unasked: auto's choice changed
      // not open: answered after its bound, already failed
      this.pending.settle(r.id, r.ok ? { ok: true, answer: { value: r.value, info: r.info, ms: r.ms } } : { ok: false, error: remoteError(r) });
    };
    w.onerror = (e) => {
      e.preventDefault?.();
      // The worker script could not load or crashed. Before any answer: workers don't work here.
      const msg = e.message || 'the engine worker failed to start';
      if (!this.answered) {
        this.terminate();
        this.onBroken();
        this.pending.clear({ ok: false, error: new WorkerUnavailable(msg) });
      } else {
        this.failAll(new Error(`The engine stopped: ${msg}`));
      }
    };
    return w;
  }

  private terminate() {
    this.worker?.terminate();
    this.worker = null;
  }

  private failAll(err: Error) {
    this.pending.clear({ ok: false, error: err });
    this.terminate();
  }

  call(req: Payload): Promise<Answer> {
    if (!this.worker) this.worker = this.spawn();
    const { message, transfer } = encode(req);
    const { id, promise } = this.pending.open(null, boundMs);
    this.worker.postMessage({ ...(message as object), id }, transfer);
    return promise.then((o) => {
      if (o.ok) return o.answer;
      throw (
        o.error ?? (this.timedOut?.id === id ? this.timedOut.err : new EngineTimeout('Too many engine requests were open; this one was dropped.'))
      );
    });
  }
}

class WorkerUnavailable extends Error {
  name = 'WorkerUnavailable';
}

/** The engine imported into the page (no Web Worker support). */
class PageHost implements Host {
  mode = 'page' as const;
  private engine: Promise<typeof import('../engine/index')> | null = null;
  private pending = new Pending<Outcome>({ fallback: UNANSWERED, timeoutMs: REQUEST_BOUND_MS });
  call(req: Payload): Promise<Answer> {
    if (!this.engine) this.engine = import('../engine/index');
    const { id, promise } = this.pending.open(null, boundMs);
    this.engine
      .then(async (engine): Promise<Answer> => {
        const t0 = performance.now();
        if (req.kind === 'numTensors') {
          const tf = await import('@tensorflow/tfjs-core');
          return { value: tf.memory().numTensors, info: engine.getBackendInfo(), ms: 0 };
        }
        if (req.kind === 'test') return { value: false, info: engine.getBackendInfo(), ms: 0 };
        engine.setBackendPreference(req.preference);
        const { WARM_UP_SPEC } = await import('../engine/warmup');
        const trace = await engine.simulate(req.kind === 'warm' ? WARM_UP_SPEC : (req.spec as SimSpec));
        return { value: trace, info: engine.getBackendInfo(), ms: performance.now() - t0 };
      })
      .then(
        (answer) => this.pending.settle(id, { ok: true, answer }),
        (error: unknown) => this.pending.settle(id, { ok: false, error }),
      );
    return promise.then((o) => {
      if (o.ok) return o.answer;
      throw o.error ?? new EngineTimeout(boundMessage(''));
    });
  }
}

let host: Host | null = null;
let pageReason: string | null = null;

function getHost(): Host {
  if (host) return host;
  if (typeof Worker === 'undefined') {
    pageReason = 'this browser has no Web Workers';
    host = new PageHost();
  } else {
    host = new WorkerHost(() => {
      pageReason = 'the engine worker could not start';
      host = new PageHost();
      useEngineStatus.getState().setStatus({ mode: 'page', modeReason: pageReason });
    });
  }
  useEngineStatus.getState().setStatus({ mode: host.mode, modeReason: pageReason });
  return host;
}

async function call(req: Payload): Promise<Answer> {
  try {
    return await getHost().call(req);
  } catch (err) {
    // the worker could not start: the same request again, in the page
    if (err instanceof WorkerUnavailable) return getHost().call(req);
    throw err;
  }
}

function preference(): BackendPreference {
  return usePrefs.getState().backend;
}

/** The badge's state after an answer; `trace`, where the answer was one, says which CPU path computed it. */
function report(info: BackendInfo, ms: number, trace?: Trace) {
  useEngineStatus.getState().setStatus({
    status: 'ready',
    backend: info.backend,
    cpuPath: trace?.cpuPath ?? null,
    fallbackReason: info.fallbackReason ?? null,
    notice: info.notice ?? null,
    renderer: info.renderer ?? null,
    preference: info.preference,
    autoReason: info.autoReason ?? null,
    lastMs: ms,
    error: null,
  });
}

/** Auto's choice changed unasked (the renderer probe answered): the badge follows if the trace on screen is what it computes. */
function reportInfo(info: BackendInfo) {
  const s = useEngineStatus.getState();
  if (s.status !== 'ready' || s.backend !== info.backend || s.preference !== info.preference || preference() !== info.preference) return;
  s.setStatus({
    fallbackReason: info.fallbackReason ?? null,
    notice: info.notice ?? null,
    renderer: info.renderer ?? null,
    autoReason: info.autoReason ?? null,
  });
}

function reportError(err: unknown) {
  const msg = err instanceof Error ? err.message : String(err);
  useEngineStatus.getState().setStatus({ status: 'error', error: msg });
}

/** Runs simulate(spec) in the engine and records which backend ran and how long it took, for the badge. */
export async function simulateAndReport(spec: SimSpec): Promise<{ trace: Trace; ms: number; info: BackendInfo }> {
  const s = useEngineStatus.getState();
  if (s.status === 'idle') s.setStatus({ status: 'loading' });
  const t0 = performance.now();
  mark('first-request');
  const pref = preference();
  try {
    const early = takePrefetched(spec, pref);
    const fresh = () => call({ kind: 'simulate', spec, preference: pref });
    // a warm-up that failed: computed afresh
    let a = early ? await early.catch(fresh) : await fresh();
    // A warm-up computed before the engine's situation changed (WebGL lost since, or restored) is
    // not shown as if it were current: the screen would say WebGL while the notice says the CPU.
    if (early && s.status === 'ready' && (a.info.backend !== s.backend || (a.info.notice ?? null) !== s.notice)) a = await fresh();
    mark('first-answer');
    const ms = performance.now() - t0;
    const trace = decode<Trace>(a.value);
    report(a.info, ms, trace);
    mark('first-trace');
    return { trace, ms, info: a.info };
  } catch (err) {
    if ((err as Error)?.name !== 'SimSpecError') reportError(err);
    throw err;
  }
}

/**
 * Traces computed ahead of the simulator that will ask for them (warmUpEngine): keyed by the
 * preference and the spec (simulate is deterministic, so an equal spec gets an equal trace); each
 * is handed out once, within PREFETCH_MAX_AGE_MS.
 */
interface Prefetch {
  /** cheap to compare first: cell, units and T */
  shape: string;
  key: string;
  at: number;
  answer: Promise<Answer>;
}
const prefetched: Prefetch[] = [];
export const PREFETCH_MAX_AGE_MS = 60_000;
const PREFETCH_MAX = 4;

const shapeOf = (spec: SimSpec, pref: BackendPreference) => `${pref}|${spec.cell}|${spec.units}|${spec.inputs?.length}|${!!spec.backward}`;

/** The prefetched answer for exactly this spec and preference, taken out of the list; null if none. */
function takePrefetched(spec: SimSpec, pref: BackendPreference): Promise<Answer> | null {
  const now = performance.now();
  for (let i = prefetched.length - 1; i >= 0; i--) if (now - prefetched[i].at > PREFETCH_MAX_AGE_MS) prefetched.splice(i, 1);
  if (!prefetched.length) return null;
  const shape = shapeOf(spec, pref);
  if (!prefetched.some((p) => p.shape === shape)) return null;
  const key = `${pref}|${JSON.stringify(spec)}`;
  const i = prefetched.findIndex((p) => p.key === key);
  if (i < 0) return null;
  const [p] = prefetched.splice(i, 1);
  prefetchStats.used++;
  return p.answer;
}

/** For the tests and the benchmark: how many warm-ups were sent, answered, and used by a simulator's first request. */
const prefetchStats = { sent: 0, answered: 0, used: 0 };

/** The spec a preset's simulator will ask for first (its current settings in the store), or null when they cannot make one. */
function firstSpecOf(preset: SimulatorPreset): SimSpec | null {
  const { instances, trained } = useSimulatorStore.getState();
  const settings = instances[preset]?.settings ?? PRESETS[preset].settings;
  try {
    return buildSpec(settings, { initWeights, initReadout }, trained[preset] ?? null);
  } catch {
    return null; // a bad typed sequence: the simulator shows the message itself
  }
}

function reportWarm(t0: number) {
  return (a: Answer) => {
    if (useEngineStatus.getState().status !== 'ready') report(a.info, performance.now() - t0);
  };
}

/**
 * Starts the engine now, off the main thread: the worker, tfjs, the backend choice and, for a
 * preset, the trace its simulator will ask for first (its current settings: the same bucket's
 * WebGL programs compiled, the trace itself handed to that first request). Call it where a
 * simulator is on the page or about to be (the route names a section with one, a link to it is
 * hovered or focused); pages without one never load tfjs. Repeated calls cost nothing.
 */
export function warmUpEngine(preset?: SimulatorPreset): void {
  const s = useEngineStatus.getState();
  if (s.status === 'idle') s.setStatus({ status: 'loading' });
  const t0 = performance.now();
  const pref = preference();
  // the worker's chunk starts loading at once
  getHost().start?.();
  if (!preset) {
    if (warmedPlain) return;
    warmedPlain = true;
    mark('warm-sent');
    call({ kind: 'warm', preference: pref }).then(reportWarm(t0)).catch(reportError);
    return;
  }
  const spec = firstSpecOf(preset);
  if (!spec) return warmUpEngine();
  const key = `${pref}|${JSON.stringify(spec)}`;
  // warmed a moment ago (e.g. on hover, then by the route, then by the simulator itself): once is enough
  const now = performance.now();
  if (now - (warmedAt.get(key) ?? -Infinity) < PREFETCH_MAX_AGE_MS) return;
  warmedAt.set(key, now);
  if (warmedAt.size > 16) warmedAt.delete(warmedAt.keys().next().value!);
  mark('warm-sent');
  prefetchStats.sent++;
  const answer = call({ kind: 'simulate', spec, preference: pref });
  prefetched.push({ shape: shapeOf(spec, pref), key, at: performance.now(), answer });
  if (prefetched.length > PREFETCH_MAX) prefetched.shift();
  // a failed warm-up is not shown: the simulator's own request (computed afresh then) reports
  answer
    .then((a) => (prefetchStats.answered++, reportWarm(t0)(a)))
    .catch(() => prefetched.splice(0, prefetched.length, ...prefetched.filter((p) => p.answer !== answer)));
}
let warmedPlain = false;
const warmedAt = new Map<string, number>();

/** For the browser tests and the benchmark (window.__unrolledSim.engine; each member documented in ./testHooks.ts). */
export const engineTestControls: EngineTestControls = {
  numTensors: async () => (await call({ kind: 'numTensors' })).value as number,
  loseContext: async () => (await call({ kind: 'test', action: 'loseContext' })).value as boolean,
  restoreContext: async () => (await call({ kind: 'test', action: 'restoreContext' })).value as boolean,
  hangNext: async () => (await call({ kind: 'test', action: 'hangNext' })).value as boolean,
  programCount: async () => (await call({ kind: 'test', action: 'programCount' })).value as number,
  programStats: async () => (await call({ kind: 'test', action: 'programStats' })).value as { count: number; compiled: number; evicted: number },
  setProgramLimit: async (value: number) => (await call({ kind: 'test', action: 'programLimit', value })).value as boolean,
  calibrateOnSoftware: async (on: boolean) => (await call({ kind: 'test', action: 'calibrateOnSoftware', value: on ? 1 : 0 })).value as boolean,
  setShapeUniforms: async (on: boolean) => (await call({ kind: 'test', action: 'shapeUniforms', value: on ? 1 : 0 })).value as boolean,
  setBucketing: async (value: number) => (await call({ kind: 'test', action: 'bucketing', value })).value as boolean,
  simulateOn: async (spec: SimSpec, pref: BackendPreference) => {
    const a = await call({ kind: 'simulate', spec, preference: pref });
    return decode<Trace>(a.value);
  },
  prefetch: () => ({ ...prefetchStats }),
  marks: async () => {
    const page = Object.fromEntries(
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('unrolled:'))
        .map((m) => [m.name.slice(9), m.startTime]),
    );
    const w = getHost().mode === 'worker' ? ((await call({ kind: 'test', action: 'marks' })).value as Record<string, number>) : {};
    const worker = Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v - performance.timeOrigin]));
    return { page, worker };
  },
  releaseProbe: async (renderer: string | null) => (await call({ kind: 'test', action: 'releaseProbe', renderer })).value as boolean,
  setBoundMs: (ms: number) => {
    boundMs = ms;
  },
  mode: () => getHost().mode,
};
