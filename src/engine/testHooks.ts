/**
 * The engine's test hooks, in one place (the worker-side half of src/store/testHooks.ts, which
 * documents every hook of the app). Nothing here runs unless a test or the benchmark asks: the
 * page sends these messages only through `window.__unrolledSim.engine` (opt-in, see
 * store/testHooks.ts), and the unit tests set the flags directly. This module imports only types,
 * so the worker's tiny entry (worker.ts) and simulate.ts can use it without loading anything.
 *
 * In-process flags (`engineTestFlags`; unit tests: engine-validate, engine-buckets, engine-fd,
 * engine-fidelity, engine-helpers/force-buckets; the `bucketing` message sets `bucket`):
 *   trimRows     force the backward sweep's row trimming on or off (default: on except on WebGL)
 *   bucket       compute in shape buckets on or off (default: on WebGL only)
 *   onShapes     called with the shapes (the padded spec, or the spec itself) each run computes in
 *   onCalibrate  called with auto's timings when it calibrates a size
 *   cpuPath      what computes on the CPU: 'plain' typed arrays (default), tfjs' 'tfjs' CPU kernels or 'wasm'
 *
 * Worker messages (`{ kind: 'test', action }`, protocol.ts; handled by handleTestMessage):
 *   loseContext / restoreContext  WEBGL_lose_context on the context in use (webgl.ts); false when none
 *                                 (worker.spec, engine-auto.spec, fidelity.spec)
 *   hangNext                      the next simulate request is never answered (worker.spec: the 30 s bound)
 *   programCount / programStats   compiled WebGL programs kept, compiled and evicted (engine-programs.spec)
 *   programLimit                  a smaller program cache cap (engine-programs.spec)
 *   calibrateOnSoftware           auto calibrates on this software renderer as on a GPU (engine-auto.spec)
 *   shapeUniforms, bucketing      WebGL shape uniforms / shape buckets on or off (bench/interaction-prod, longtasks-trace)
 *   marks                         the worker's start-up marks (engine-warmup.spec, bench/budgets first-trace breakdown)
 *   releaseProbe                  releases a renderer probe held by the worker's name (engine-auto.spec)
 *
 * Held probe (engine-auto.spec): the page names the worker "…:hold-probe" when
 * `window.__UNROLLED_HOLD_PROBE__` is set (store/testHooks.ts holdProbeSuffix); holdProbe() then
 * holds the probe's answer until `releaseProbe`, with its own answer or a stand-in renderer name.
 */
import type { AutoTiming } from './autoPick';
import type { BackendInfo } from './backend';
import type { EngineRequest, EngineResponse } from './protocol';
import type { CheckedSpec } from './validate';

export const engineTestFlags: {
  trimRows?: boolean;
  /** compute in shape buckets (default: on WebGL only) */
  bucket?: boolean;
  /** called with the shapes (the padded spec, or the spec itself) each run computes in */
  onShapes?: (shapes: CheckedSpec) => void;
  /** called with auto's timings when it calibrates a size */
  onCalibrate?: (t: AutoTiming) => void;
  /**
   * what computes on the CPU (simulate.ts cpuPath): 'plain' the plain typed-array path (the
   * default), 'tfjs' tfjs' CPU kernels, 'wasm' tfjs' WebAssembly backend (registered by the caller)
   */
  cpuPath?: 'plain' | 'tfjs' | 'wasm';
} = {};

/** The probe's answer, held until released when the worker's name ends in ":hold-probe". */
export function holdProbe<T>(workerName: string, probe: Promise<T>): { answer: Promise<T | string>; release?: (renderer: string | null) => void } {
  if (!/:hold-probe$/.test(workerName)) return { answer: probe };
  let release: ((renderer: string | null) => void) | undefined;
  const held = new Promise<string | null>((r) => (release = r));
  return { answer: Promise.all([probe, held]).then(([real, stand]) => (stand === null ? real : stand)), release };
}

let hang = false;
/** True once after a `hangNext` message, for the simulate request that follows. */
export function takeHang(): boolean {
  const h = hang;
  hang = false;
  return h;
}

type TestRequest = Extract<EngineRequest, { kind: 'test' }>;

/** What the worker lends its test messages (workerMain.ts passes its engine in). */
export interface TestTargets {
  info(): BackendInfo;
  loseWebglContext(): boolean;
  restoreWebglContext(): boolean;
  setCalibrateOnSoftware(on: boolean): void;
  programCount(): number;
  programStats(): { compiled: number; evicted: number };
  setProgramCacheLimit(n: number): void;
  setShapeUniforms(on: boolean): void;
  marks(): Record<string, number>;
  releaseProbe?: (renderer: string | null) => void;
}

/** The answer to one test message. */
export function handleTestMessage(req: TestRequest, t: TestTargets): EngineResponse {
  let value: unknown = true;
  if (req.action === 'loseContext') value = t.loseWebglContext();
  else if (req.action === 'restoreContext') value = t.restoreWebglContext();
  else if (req.action === 'programCount') value = t.programCount();
  else if (req.action === 'marks') value = { ...t.marks() };
  else if (req.action === 'programStats') value = { count: t.programCount(), ...t.programStats() };
  else if (req.action === 'releaseProbe') {
    value = !!t.releaseProbe;
    t.releaseProbe?.(req.renderer);
  } else if (req.action === 'programLimit') t.setProgramCacheLimit(req.value);
  else if (req.action === 'calibrateOnSoftware') t.setCalibrateOnSoftware(req.value === 1);
  else if (req.action === 'shapeUniforms') t.setShapeUniforms(req.value === 1);
  else if (req.action === 'bucketing') engineTestFlags.bucket = req.value === 1 ? true : req.value === 0 ? false : undefined;
  else hang = true;
  return { id: req.id, ok: true, value, info: t.info(), ms: 0 };
}
