/**
 * The spec's numbers packed into flat float32 arrays (once, synchronously, before any computation:
 * a caller mutating the spec later cannot matter), and padded into a shape bucket's sizes. Shared
 * by the tfjs path (simulate.ts) and the plain typed-array path (plain/trace.ts).
 */
import { gateIndex, outIndex, padMatrix } from './buckets';
import type { DirectionWeights, SimSpec } from './types';
import type { CheckedSpec } from './validate';

/** The spec's numbers copied into flat float32 arrays (so a caller mutating spec later cannot matter). */
export interface Packed {
  X: Float32Array;
  fw: PackedDirection;
  bw?: PackedDirection;
  readout?: { K: Float32Array; b: Float32Array };
  targets?: Float32Array;
}
export interface PackedDirection {
  K: Float32Array;
  U: Float32Array;
  b: Float32Array;
  /** resetAfter GRU: the recurrent bias (bias row 1) */
  bRec?: Float32Array;
}

function flat(m: number[][], rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) out.set(m[r], r * cols);
  return out;
}

export function pack(spec: SimSpec, s: CheckedSpec): Packed {
  const gu = s.gates * s.units;
  const dir = (w: DirectionWeights): PackedDirection => {
    const K = flat(w.kernel, s.inputDim, gu);
    const U = flat(w.recurrentKernel, s.units, gu);
    if (s.resetAfter) {
      const rows = w.bias as number[][];
      return { K, U, b: Float32Array.from(rows[0]), bRec: Float32Array.from(rows[1]) };
    }
    return { K, U, b: Float32Array.from(w.bias as number[]) };
  };
  return {
    X: flat(spec.inputs, s.steps, s.inputDim),
    fw: dir(spec.weights),
    bw: s.bidirectional ? dir(spec.backward!) : undefined,
    readout: spec.readout ? { K: flat(spec.readout.kernel, s.outWidth, s.outDim), b: Float32Array.from(spec.readout.bias) } : undefined,
    targets: s.hasTargets ? flat(spec.targets!, s.steps, s.outDim) : undefined,
  };
}

/** The packed spec in the padded shapes of bucket `b` (see buckets.ts). */
export function padPacked(p: Packed, s: CheckedSpec, b: CheckedSpec): Packed {
  const gIdx = gateIndex(s.units, b.units, s.gates);
  const gu = s.gates * s.units;
  const GU = s.gates * b.units;
  const dir = (d: PackedDirection): PackedDirection => ({
    K: padMatrix(d.K, s.inputDim, gu, b.inputDim, GU, gIdx),
    U: padMatrix(d.U, s.units, gu, b.units, GU, gIdx),
    b: padMatrix(d.b, 1, gu, 1, GU, gIdx),
    ...(d.bRec ? { bRec: padMatrix(d.bRec, 1, gu, 1, GU, gIdx) } : {}),
  });
  const out = outIndex(s, b);
  return {
    X: padMatrix(p.X, s.steps, s.inputDim, b.steps, b.inputDim),
    fw: dir(p.fw),
    bw: p.bw ? dir(p.bw) : undefined,
    readout: p.readout
      ? {
          K: padMatrix(p.readout.K, s.outWidth, s.outDim, b.outWidth, b.outDim, undefined, out),
          b: padMatrix(p.readout.b, 1, s.outDim, 1, b.outDim),
        }
      : undefined,
    targets: p.targets ? padMatrix(p.targets, s.steps, s.outDim, b.steps, b.outDim, p.readout ? undefined : out) : undefined,
  };
}
