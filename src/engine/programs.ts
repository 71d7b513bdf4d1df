/**
 * The WebGL backend's compiled programs: how many it keeps, and the cap that bounds them (see
 * PROGRAM_CACHE_LIMIT). tfjs keeps every program it compiles, keyed by op and shape.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * The most compiled WebGL programs kept. tfjs compiles a program per op and tensor shape and keeps
 * it for good, so every new (T, units) used to add programs (and JS heap) for ever. After a run,
 * programs beyond this cap are deleted, oldest first, sparing the ones the run just compiled; a
 * shape seen again later is recompiled. 1200 holds the soak's whole bucket set (4 simulators,
 * units 1–6, T 3–12: 1104 programs without shape uniforms, 368 with them), so its second round
 * evicts and recompiles nothing (at 600 it evicted 504 in round 1 and 748 more in round 2).
 * Exported for the benchmark and the tests.
 */
export const PROGRAM_CACHE_LIMIT = 1200;
let programLimit = PROGRAM_CACHE_LIMIT;
/** For the browser tests: a smaller cap shows eviction (and recompilation) within a short test. */
export function setProgramCacheLimit(n: number): void {
  programLimit = Math.max(0, Math.floor(n)) || PROGRAM_CACHE_LIMIT;
}

/**
 * tfjs' WEBGL_USE_SHAPES_UNIFORMS: the programs that support it (element-wise ops, matMul, packing,
 * uploads and reshapes: most of a cell's) take tensor shapes as uniforms instead of compiling them
 * in, so one program serves every shape of the same rank and layout, and a new (T, units) compiles
 * only the few shape-keyed programs left (slices, concatenations, reductions, gathers). Set when
 * the WebGL backend is loaded (backend.ts). OFF by default for now: on SwiftShader a fresh
 * worker's first compile with uniforms is slower (the bench's never-seen max 8.2 s vs 3.9 s), and
 * worker.spec's restart-after-a-hang test then missed its 30 s bound under load; the benchmark
 * (--soak-modes=baseline,uniforms) and engine-programs.spec turn it on to compare.
 */
let shapeUniforms = false;
export function useShapeUniforms(): boolean {
  return shapeUniforms;
}
/** For the benchmark: shape uniforms on or off for programs compiled from now on. */
export function setShapeUniforms(on: boolean): void {
  shapeUniforms = on;
  if (tf.findBackendFactory('webgl')) tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', on);
}

interface ProgramCacheOwner {
  binaryCache?: Record<string, { webGLProgram?: unknown }>;
  gpgpu?: { deleteProgram(p: unknown): void };
}

/** The keys of the WebGL backend's program cache ([] on the CPU). */
export function programKeys(): string[] {
  const b = tf.engine().findBackend('webgl') as unknown as ProgramCacheOwner | null;
  return b?.binaryCache ? Object.keys(b.binaryCache) : [];
}

/** Since the worker started: programs compiled (new cache keys after a run) and evicted by the cap. */
export const programStats = { compiled: 0, evicted: 0 };

/**
 * Deletes programs beyond `limit`, oldest first, keeping those not in `before` (compiled by the
 * last run). Returns how many programs remain.
 */
export function boundProgramCache(before: ReadonlySet<string>, limit = programLimit): number {
  const b = tf.engine().findBackend('webgl') as unknown as ProgramCacheOwner | null;
  const cache = b?.binaryCache;
  if (!cache || !b.gpgpu) return 0;
  const keys = Object.keys(cache);
  for (const key of keys) if (!before.has(key)) programStats.compiled++;
  let excess = keys.length - limit;
  for (const key of keys) {
    if (excess <= 0) break;
    if (!before.has(key)) continue; // just compiled: in use
    try {
      b.gpgpu.deleteProgram(cache[key].webGLProgram);
    } catch {
      /* a lost context: the program is gone anyway */
    }
    delete cache[key];
    programStats.evicted++;
    excess--;
  }
  return Object.keys(cache).length;
}
