/**
 * simulate(spec): forward pass, losses, every ∂C_t/∂h_k and the weight gradients, as plain arrays.
 * See index.ts for the contract.
 */
import * as tf from '@tensorflow/tfjs-core';
import { engineBackend, READBACK_TIMEOUT_MS } from './backend';
import { withTimeout } from './timeout';
import { boundProgramCache, programKeys } from './programs';
import { bucketSpec, gateIndex, outIndex, padMatrix, unpadPlan, type Unpad } from './buckets';
import { forward, gateValues, type DirectionTensors, type ForwardTensors } from './cells';
import { backwardSweep, weightGrads } from './sweep';
import { connectivity, frobenius, outputRows } from './connectivity';
import { decideAuto } from './autoPick';
import type { DirectionWeights, SimSpec, Trace } from './types';
import { engineTestFlags } from './testHooks';
import { connectivityFits, validateSpec, type CheckedSpec } from './validate';

type T2 = tf.Tensor;

/** The spec's numbers copied into flat float32 arrays (so a caller mutating spec later cannot matter). */
interface Packed {
  X: Float32Array;
  fw: PackedDirection;
  bw?: PackedDirection;
  readout?: { K: Float32Array; b: Float32Array };
  targets?: Float32Array;
}
interface PackedDirection {
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

function pack(spec: SimSpec, s: CheckedSpec): Packed {
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
function padPacked(p: Packed, s: CheckedSpec, b: CheckedSpec): Packed {
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

function dirTensors(p: PackedDirection, s: CheckedSpec): DirectionTensors {
  const gu = s.gates * s.units;
  return {
    K: tf.tensor2d(p.K, [s.inputDim, gu]),
    U: tf.tensor2d(p.U, [s.units, gu]),
    b: tf.tensor1d(p.b),
    ...(p.bRec ? { bRec: tf.tensor1d(p.bRec) } : {}),
  };
}

/** Named pieces of the one flat result tensor, in order. */
interface Piece {
  name: string;
  shape: number[];
}

/**
 * All tensor work, inside one tidy. Returns one flat tensor holding every result (so the browser
 * reads back once) and the layout of the pieces in it. `s` gives the shapes the tensors have (a
 * bucket's padded sizes, see buckets.ts); `real` the spec's own sizes (the same object when nothing
 * is padded): steps from real.steps on are masked out of the losses, and the loss averages over
 * real.outDim outputs.
 */
function compute(s: CheckedSpec, p: Packed, trimRows: boolean, real: CheckedSpec = s): { flat: tf.Tensor1D; pieces: Piece[] } {
  return tf.tidy(() => {
    const { cell, units: u, steps: T, recurrentActivation: act } = s;
    // bucketed (buckets.ts): always the masked forms, so every size in a bucket runs the same kernels
    const padT = real !== s;
    const X = tf.tensor2d(p.X, [T, s.inputDim]);
    const wf = dirTensors(p.fw, s);
    const fw = forward(cell, u, X, wf, act);
    const gates = gateValues(cell, u, fw.P, act);

    let HB: T2 | null = null;
    let OUT: T2 = fw.H;
    let bwd: ForwardTensors | null = null;
    let wb: DirectionTensors | null = null;
    if (p.bw) {
      // time reversed; with padded steps only the real ones are (x_T … x_1, then the padding), a
      // permutation that is its own inverse
      let reverse = (M: T2): T2 => tf.reverse(M, 0);
      if (padT) {
        const idx = tf.tensor1d(
          Array.from({ length: T }, (_, t) => (t < real.steps ? real.steps - 1 - t : t)),
          'int32',
        );
        reverse = (M) => tf.gather(M, idx);
      }
      wb = dirTensors(p.bw, s);
      bwd = forward(cell, u, reverse(X), wb, act);
      HB = reverse(bwd.H);
      // as tf.layers.bidirectional: output[t] = merge(→h_t, ←h_t)
      switch (s.merge) {
        case 'concat':
          OUT = tf.concat([fw.H, HB], 1);
          break;
        case 'sum':
          OUT = tf.add(fw.H, HB);
          break;
        case 'ave':
          OUT = tf.mul(0.5, tf.add(fw.H, HB));
          break;
        case 'mul':
          OUT = tf.mul(fw.H, HB);
          break;
      }
    }
    let RK: T2 | null = null;
    let Y = OUT;
    if (p.readout) {
      RK = tf.tensor2d(p.readout.K, [s.outWidth, s.outDim]);
      Y = tf.add(tf.matMul(OUT, RK), tf.tensor1d(p.readout.b));
    }

    const out: [string, tf.Tensor][] = [['h', fw.H]];
    if (fw.C) out.push(['c', fw.C]);
    for (const [name, g] of Object.entries(gates)) out.push([`gate:${name}`, g]);
    if (HB) out.push(['hBackward', HB]);
    out.push(['outputs', OUT], ['y', Y]);

    // y_T, the last real step's output (the input connectivity, connectivity.ts)
    const kT = real.steps - 1;
    const { Ey, EyB } = outputRows(s, RK, fw.H, HB, kT);

    let E: T2 | null = null;
    if (p.targets) {
      let D = tf.sub(Y, tf.tensor2d(p.targets, [T, s.outDim]));
      // padded steps: no loss, so no adjoint flows from them
      if (padT)
        D = tf.mul(
          D,
          tf.tensor2d(
            Array.from({ length: T }, (_, t) => (t < real.steps ? 1 : 0)),
            [T, 1],
          ),
        );
      // tf.mean is sum(x / n); with padded (zero) outputs, n is the real outDim
      out.push(['loss', !padT ? tf.mean(tf.square(D), 1) : tf.sum(tf.div(tf.square(D), real.outDim), 1)]);
      // ∂C_t/∂y_t = 2 (y_t − GT_t) / outDim, then back through the readout and the merge
      const dY = tf.mul(D, 2 / real.outDim);
      const dOut: T2 = RK ? tf.matMul(dY, RK, false, true) : dY;
      E = dOut;
      if (HB) {
        if (s.merge === 'concat') E = tf.slice(dOut, [0, 0], [T, u]);
        else if (s.merge === 'ave') E = tf.mul(dOut, 0.5);
        else if (s.merge === 'mul') E = tf.mul(dOut, HB);
      }
    }
    // one sweep: the loss rows (with targets) and the rows of y_T's outputs (when they fit LIMITS)
    const connect = connectivityFits(real);
    const sweep = E || connect ? backwardSweep(cell, u, fw, gates, wf, E, act, trimRows, connect ? { E: Ey, step: kT } : undefined) : null;
    if (sweep && p.targets) {
      const { gK, gU, gb } = weightGrads(cell, u, X, fw, gates, sweep.Delta!, sweep.DeltaRec);
      out.push(['dCdh', sweep.dCdh!]);
      if (sweep.dCdc) out.push(['dCdc', sweep.dCdc]);
      out.push(['gK', gK], ['gU', gU], ['gb', gb]);
    }
    // ∂y_T/∂x_k = (pre-activation adjoints of y_T's rows at step k) · kernelᵀ, [T, outDim, inputDim]
    if (sweep && connect) out.push(['dyTdx', connectivity(s, sweep.dyPre!, wf, bwd && wb ? { fw: bwd, w: wb, E: EyB } : null, kT)]);

    const pieces = out.map(([name, t]) => ({ name, shape: t.shape.slice() }));
    const flatT = tf.concat(
      out.map(([, t]) => tf.reshape(t, [-1])),
      0,
    ) as tf.Tensor1D;
    return { flat: flatT, pieces };
  });
}

function zerosMatrix(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

/**
 * Computes and reads back. On WebGL, a failure or a readback slower than READBACK_TIMEOUT_MS is
 * taken as a lost context: the backend switches to the CPU (with a notice) and the run is redone
 * there, so a caller always gets an answer. On WebGL the tensors have a bucket's padded shapes
 * (buckets.ts; on the CPU, which compiles nothing, only with testHooks.bucket); `unpad` says how to
 * read each piece without the padding.
 */
async function computeAndRead(
  s: CheckedSpec,
  p: Packed,
): Promise<{ v: Float32Array; pieces: Piece[]; backend: string; unpad: ((name: string) => Unpad) | null }> {
  await engineBackend.ensure();
  if (engineBackend.autoCalibrates()) {
    await chooseAuto(s, p);
    await engineBackend.ensure();
  }
  const backend = tf.getBackend();
  const trimRows = testHooks.trimRows ?? backend !== 'webgl';
  const bucket = (testHooks.bucket ?? backend === 'webgl') ? bucketSpec(s, !!p.readout) : null;
  if (testHooks.onShapes) testHooks.onShapes(bucket ?? s);
  try {
    const before = backend === 'webgl' ? new Set(programKeys()) : null;
    const { flat: flatT, pieces } = bucket ? compute(bucket, padPacked(p, s, bucket), trimRows, s) : compute(s, p, trimRows);
    try {
      const read = flatT.data() as Promise<Float32Array>;
      const v = backend === 'webgl' ? await withTimeout(read, READBACK_TIMEOUT_MS, 'the WebGL readback did not answer') : await read;
      if (before) boundProgramCache(before);
      return { v, pieces, backend, unpad: bucket ? unpadPlan(s, bucket, !!p.readout) : null };
    } finally {
      flatT.dispose();
    }
  } catch (err) {
    if (backend !== 'webgl') throw err;
    engineBackend.markWebglLost();
    return computeAndRead(s, p);
  }
}

/**
 * Auto on a hardware GPU: the first time a size class (cell, bucketed T and units, direction,
 * targets) comes up, time it once on WebGL and once on the CPU, each after a warm-up run (which
 * compiles WebGL's programs), and compute that class on the faster backend from then on.
 */
async function chooseAuto(s: CheckedSpec, p: Packed): Promise<void> {
  const b = bucketSpec(s, !!p.readout) ?? s;
  const key = `${s.cell}|${b.steps}|${b.units}|${b.inputDim}|${b.outDim}|${s.bidirectional}|${s.merge}|${s.hasTargets}|${s.resetAfter}`;
  let pick = engineBackend.autoPickFor(key);
  if (!pick) {
    const webglMs = await timeOn('webgl', s, p);
    const cpuMs = await timeOn('cpu', s, p);
    pick = decideAuto({ webglMs, cpuMs, steps: s.steps, units: s.units });
    if (testHooks.onCalibrate) testHooks.onCalibrate({ webglMs, cpuMs, steps: s.steps, units: s.units });
  }
  engineBackend.applyAutoPick(key, pick);
}

/** ms of one run (computed and read back) on `name`, after a warm-up run; NaN when it fails. */
async function timeOn(name: 'webgl' | 'cpu', s: CheckedSpec, p: Packed): Promise<number> {
  try {
    if (!(await tf.setBackend(name))) return NaN;
    await tf.ready();
    const bucket = name === 'webgl' ? bucketSpec(s, !!p.readout) : null;
    const padded = bucket ? padPacked(p, s, bucket) : p;
    const once = async () => {
      const t0 = performance.now();
      const { flat: flatT } = bucket ? compute(bucket, padded, name !== 'webgl', s) : compute(s, p, name !== 'webgl');
      try {
        await withTimeout(flatT.data(), READBACK_TIMEOUT_MS, 'the calibration readback did not answer');
      } finally {
        flatT.dispose();
      }
      return performance.now() - t0;
    };
    await once();
    return await once();
  } catch {
    return NaN;
  }
}

/** Rows of a row-major block with `cols` columns: the first `rows`, columns `idx` (all when null). */
function rowsOf(v: Float32Array, offset: number, cols: number, u: Unpad): number[][] {
  const out: number[][] = new Array(u.rows);
  for (let r = 0; r < u.rows; r++) {
    const at = offset + r * cols;
    out[r] = u.cols ? u.cols.map((c) => v[at + c]) : Array.from(v.subarray(at, at + cols));
  }
  return out;
}

async function run(s: CheckedSpec, p: Packed): Promise<Trace> {
  const { v, pieces, backend, unpad } = await computeAndRead(s, p);

  const got: Record<string, number[][]> = {};
  const cube: Record<string, number[][][]> = {};
  let offset = 0;
  for (const piece of pieces) {
    const size = piece.shape.reduce((a, b) => a * b, 1);
    if (piece.name === 'dCdh' || piece.name === 'dCdc') {
      const [TP, , uP] = piece.shape; // [t, k, u], padded
      const T = unpad ? s.steps : TP;
      const u = unpad ? s.units : uP;
      const m: number[][][] = new Array(T);
      for (let t = 0; t < T; t++) {
        const row: number[][] = new Array(T);
        for (let k = 0; k < T; k++) {
          // k > t: C_t does not depend on h_k (c_k); the sweep leaves these exactly 0, written out explicitly
          const at = offset + (t * TP + k) * uP;
          row[k] = k > t ? new Array<number>(u).fill(0) : Array.from(v.subarray(at, at + u));
        }
        m[t] = row;
      }
      cube[piece.name] = m;
    } else if (piece.name === 'dyTdx') {
      // [k, output j, input i], padded: the real steps, outputs (as y's columns) and inputs
      const [TP, mP, dP] = piece.shape;
      const js = unpad ? unpad('y').cols! : Array.from({ length: mP }, (_, j) => j);
      const T = unpad ? s.steps : TP;
      const d = unpad ? s.inputDim : dP;
      const m: number[][][] = new Array(T);
      for (let k = 0; k < T; k++) m[k] = js.map((j) => Array.from(v.subarray(offset + (k * mP + j) * dP, offset + (k * mP + j) * dP + d)));
      cube.dyTdx = m;
    } else if (piece.shape.length === 1) {
      got[piece.name] = rowsOf(v, offset, size, unpad ? unpad(piece.name) : { rows: 1, cols: null });
    } else {
      got[piece.name] = rowsOf(v, offset, piece.shape[1], unpad ? unpad(piece.name) : { rows: piece.shape[0], cols: null });
    }
    offset += size;
  }

  const gu = s.gates * s.units;
  const gates: Record<string, number[][]> = {};
  for (const name of Object.keys(got)) if (name.startsWith('gate:')) gates[name.slice(5)] = got[name];

  const trace: Trace = {
    h: got.h,
    gates,
    outputs: got.outputs,
    y: got.y,
    loss: s.hasTargets ? got.loss[0] : [],
    dCdh: cube.dCdh ?? [],
    grads: s.hasTargets
      ? { kernel: got.gK, recurrentKernel: got.gU, bias: s.resetAfter ? got.gb : got.gb[0] }
      : {
          kernel: zerosMatrix(s.inputDim, gu),
          recurrentKernel: zerosMatrix(s.units, gu),
          bias: s.resetAfter ? zerosMatrix(2, gu) : new Array<number>(gu).fill(0),
        },
    backend,
  };
  if (cube.dyTdx) {
    trace.dyTdx = cube.dyTdx;
    trace.inputConnectivity = cube.dyTdx.map(frobenius);
  }
  if (s.cell === 'lstm') trace.dCdc = cube.dCdc ?? [];
  if (got.c) trace.c = got.c;
  if (got.hBackward) trace.hBackward = got.hBackward;
  return trace;
}

/** The unit tests' flags (testHooks.ts: trimRows, bucket, onShapes, onCalibrate). */
const testHooks = engineTestFlags;

/** Runs are serialised so a backend switch or a slow WebGL readback never interleaves two of them. */
let queue: Promise<unknown> = Promise.resolve();

export async function simulate(spec: SimSpec): Promise<Trace> {
  // Validate and copy synchronously, before any tensor exists.
  const checked = validateSpec(spec);
  const packed = pack(spec, checked);
  const job = queue.then(() => run(checked, packed));
  queue = job.catch(() => undefined);
  return job;
}
