/**
 * The app's test hooks, in one place: the opt-in switch, every `window.__unrolled…` global, and
 * what each exposes and who uses it. Ordinary visitors never get any of them: they exist only when
 * the page sets `window.__UNROLLED_TEST_HOOKS__ = true` before the app loads (Playwright's
 * addInitScript does, in tests/e2e/fixtures.ts and every bench/*.mjs that drives the app).
 *
 * This module is a leaf (it imports only types), so every layer from the store up can register
 * into it; the hooks' builders sit beside what they expose and install through installTestHook:
 * views/sim/testHooks.ts (`__unrolledSim`, installed by the simulator's chunk) and
 * views/training/testHooks.ts (`__unrolledTrain`, installed by the lazy training lab). The engine's
 * half runs in its worker: src/engine/testHooks.ts (test messages, unit-test flags, held probe).
 *
 * Switches the page sets before it loads:
 *   window.__UNROLLED_TEST_HOOKS__ = true   turns the hooks on (every browser test, the benches)
 *   window.__UNROLLED_HOLD_PROBE__ = true   the engine worker holds its renderer probe's answer until
 *                                           __unrolledSim.engine.releaseProbe (engine-auto.spec)
 *
 * window.__unrolledSim (simulators.spec, presenter.spec, print.spec, share.spec, fidelity.spec,
 * worker.spec, engine-*.spec, trained-sync.spec; bench/interaction-prod, longtasks-trace,
 * present-bench, budgets):
 *   spec(id)        the SimSpec behind the trace simulator `id` (its preset) shows now, or null
 *   trace(id)       the Trace it shows now, or null
 *   settings(id)    that simulator's settings (plain data)
 *   set(id, patch)  changes settings through the store (sanitised)
 *   playback(id)    that simulator's playback (plain data)
 *   simulate(spec)  an independent simulate() call → { dCdh, h, y, loss, backend }
 *   numTensors()    tf.memory().numTensors of the engine's tfjs (in its worker)
 *   requests()      how many traces this page's simulators asked the engine for
 *   sync()          the presenter/audience sync's counters (store/simSync.ts)
 *   engine          the engine's internals (store/engineClient.ts engineTestControls): numTensors,
 *                   loseContext, restoreContext, hangNext, programCount, programStats,
 *                   setProgramLimit, calibrateOnSoftware, setShapeUniforms, setBucketing,
 *                   simulateOn(spec, pref), prefetch(), marks(), releaseProbe(renderer),
 *                   setBoundMs(ms), mode()
 *
 * window.__unrolledTrain (training*.spec, trained-sync.spec; bench/training-soak, training-trace):
 *   start(config?)  starts the section's default race; config fields are optional (task, T, seed,
 *                   units, optimizer, learningRate, batchSize, clipnorm, unitForgetBias,
 *                   recurrentActivation, stepBudget, backend), clamped like the controls
 *   stop()          pauses training
 *   status()        TrainStatus below: step, backend, losses, history, worker lifecycle, sync, …
 *
 * Counters that are always kept (plain integers, read through the hooks above): the simulators'
 * request count (countRequest), engineClient's prefetch stats, simSync's and labSync's counters,
 * trainingClient's progress counters, the channel's stats.
 */
import type { BackendPreference } from '../engine/backend';
import type { SimSpec, Trace } from '../engine/types';
import type { CellKind, TrainConfig } from '../train/config';

/** `__unrolledSim.engine`: the engine's internals, in the worker (implemented by store/engineClient.ts). */
export interface EngineTestControls {
  numTensors(): Promise<number>;
  loseContext(): Promise<boolean>;
  restoreContext(): Promise<boolean>;
  hangNext(): Promise<boolean>;
  /** compiled WebGL programs the worker keeps */
  programCount(): Promise<number>;
  /** compiled WebGL programs kept now, and since the worker started how many were compiled and evicted by the cap */
  programStats(): Promise<{ count: number; compiled: number; evicted: number }>;
  setProgramLimit(value: number): Promise<boolean>;
  /** auto calibrates on this software renderer as it would on a hardware GPU */
  calibrateOnSoftware(on: boolean): Promise<boolean>;
  /** for the benchmark: WebGL shape uniforms on (the default) or off, for programs compiled from now on */
  setShapeUniforms(on: boolean): Promise<boolean>;
  /** for the benchmark: shape buckets off (0), on (1), default (-1) */
  setBucketing(value: number): Promise<boolean>;
  /** simulate(spec) in the worker on a given backend choice (e.g. a CPU recomputation of a WebGL trace); the next request chooses again */
  simulateOn(spec: SimSpec, pref: BackendPreference): Promise<Trace>;
  /** warm-ups sent (warmUpEngine) and how many a simulator's request used */
  prefetch(): { sent: number; answered: number; used: number };
  /** start-up marks in ms from the page's time origin: the page's (unrolled:*) and the worker's */
  marks(): Promise<{ page: Record<string, number>; worker: Record<string, number> }>;
  /** releases the renderer probe held for a test (__UNROLLED_HOLD_PROBE__): with a stand-in renderer name, or null for its own answer */
  releaseProbe(renderer: string | null): Promise<boolean>;
  /** the request bound (REQUEST_BOUND_MS) for requests sent from now on */
  setBoundMs(ms: number): void;
  mode(): 'worker' | 'page';
}

export interface SimTestHooks {
  spec(id: string): SimSpec | null;
  /** the trace simulator `id` shows now */
  trace(id: string): Trace | null;
  settings(id: string): unknown;
  set(id: string, patch: Record<string, unknown>): void;
  simulate(spec: SimSpec): Promise<{ dCdh: number[][][]; h: number[][]; y: number[][]; loss: number[]; backend: string }>;
  numTensors(): Promise<number>;
  engine: EngineTestControls;
  requests(): number;
  sync(): { sent: number; received: number; applied: number; tracesApplied: number; ignored: number };
  playback(id: string): unknown;
}

export interface TrainStatus {
  step: number;
  status: string;
  backend: string | null;
  backendReason: string | null;
  stepsPerSec: number;
  baseline: number | null;
  models: Record<CellKind, { loss: number | null; solvedAt: number | null; diverged: string | null; steps: number; msPerStep: number | null }>;
  historyLength: number;
  /** gate-histogram snapshots kept (the gate strips' columns) */
  gateSnapshots: number;
  /** every evaluation so far: { step, losses: { rnn, lstm, gru } } (null where a model had stopped) */
  history: { step: number; losses: Record<CellKind, number | null> }[];
  probeStep: number | null;
  numTensors: number | null;
  /** the worker's tf.memory().numBytes at its last report */
  numBytes: number | null;
  config: TrainConfig;
  messages: string[];
  /** whether a training worker exists now */
  worker: boolean;
  workersStarted: number;
  workersEnded: number;
  /** tf.memory().numTensors the worker reported after freeing everything on its last disposal */
  lastDisposedTensors: number | null;
  /** presenting: whether this window runs the race shown everywhere ('leads'), shows another's ('follows'), or neither yet ('alone'); null: no sync */
  sync: 'leads' | 'follows' | 'alone' | null;
  syncStats: { sent: number; received: number; applied: number; commands: number; ignored: number };
}

export interface TrainTestHooks {
  start(config?: Partial<Record<keyof TrainConfig | 'backend', unknown>>): void;
  stop(): void;
  status(): TrainStatus;
}

/** Every global the page may carry for the tests. */
export interface TestHookGlobals {
  __unrolledSim: SimTestHooks;
  __unrolledTrain: TrainTestHooks;
}

declare global {
  interface Window {
    __unrolledSim?: SimTestHooks;
    __unrolledTrain?: TrainTestHooks;
    __UNROLLED_TEST_HOOKS__?: boolean;
    __UNROLLED_HOLD_PROBE__?: boolean;
  }
}

/** Whether the page asked for the test hooks (before it loaded). */
export function testHooksOn(): boolean {
  return typeof window !== 'undefined' && window.__UNROLLED_TEST_HOOKS__ === true;
}

/** Puts a hook on the window, once, when the hooks are on (`build` runs only then). */
export function installTestHook<K extends keyof TestHookGlobals>(name: K, build: () => TestHookGlobals[K]): void {
  if (!testHooksOn() || window[name]) return;
  (window as Partial<TestHookGlobals>)[name] = build();
}

/** The engine worker's name suffix: ":hold-probe" when a test holds the renderer probe (engine/testHooks.ts). */
export function holdProbeSuffix(): string {
  return testHooksOn() && typeof window !== 'undefined' && window.__UNROLLED_HOLD_PROBE__ ? ':hold-probe' : '';
}

const specs = new Map<string, SimSpec>();
const traces = new Map<string, Trace>();
let requestCount = 0;

/** Called once per trace a simulator asks the engine for (counted always; it is one integer). */
export function countRequest(): void {
  requestCount++;
}

/** Called by the pipeline with every spec whose trace goes on screen (kept only when the hooks are on). */
export function reportSpec(id: string, spec: SimSpec, trace?: Trace): void {
  if (!testHooksOn()) return;
  specs.set(id, spec);
  if (trace) traces.set(id, trace);
}

/** What the simulators reported: their specs and traces on screen, and how many traces they asked for. */
export const reported = {
  spec: (id: string): SimSpec | undefined => specs.get(id),
  trace: (id: string): Trace | undefined => traces.get(id),
  requests: (): number => requestCount,
};
