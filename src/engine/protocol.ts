/**
 * Messages between the page and the engine's Web Worker (src/engine/worker.ts). Plain data; the
 * payloads travel through transfer.ts (encode/decode), so new Trace or SimSpec fields need no
 * change here.
 */
import type { BackendInfo, BackendPreference } from './backend';

export type EngineRequest =
  | { id: number; kind: 'simulate'; spec: unknown; preference: BackendPreference }
  | { id: number; kind: 'warm'; preference: BackendPreference }
  | { id: number; kind: 'numTensors' }
  /** for the browser tests only: lose / restore the WebGL context, or never answer the next request */
  | { id: number; kind: 'test'; action: 'loseContext' | 'restoreContext' | 'hangNext' | 'programCount' | 'programStats' | 'marks' }
  | { id: number; kind: 'test'; action: 'programLimit'; value: number }
  /** for the benchmark: WebGL shape uniforms off (0) or on (1, the default) for programs compiled from now on */
  | { id: number; kind: 'test'; action: 'shapeUniforms'; value: number }
  /** for the benchmark: shape buckets off (0), on (1) or the default (-1: on WebGL only) */
  | { id: number; kind: 'test'; action: 'bucketing'; value: number }
  /** for the browser tests: auto calibrates on this software renderer as on a hardware GPU (1) or not (0) */
  | { id: number; kind: 'test'; action: 'calibrateOnSoftware'; value: number }
  /** for the browser tests: release the renderer probe held by the worker's name (":hold-probe"), with a stand-in renderer name or (null) its own answer */
  | { id: number; kind: 'test'; action: 'releaseProbe'; renderer: string | null };

export type EngineResponse =
  | { id: number; ok: true; value: unknown; info: BackendInfo; ms: number }
  /** unasked (id 0): auto's choice changed without a request (its renderer probe answered), for the badge */
  | { id: 0; kind: 'info'; info: BackendInfo }
  | { id: number; ok: false; error: string; name: string; info: BackendInfo };
