/**
 * The straightforward way to get what simulate() returns, built from tf.layers and tf.grads:
 * - forward: tf.layers.simpleRNN / lstm / gru (returnSequences, the spec's weights via setWeights),
 *   wrapped in tf.layers.bidirectional when the spec has a backward direction;
 * - ∂C_t/∂h_k: the layer's own cell unrolled by hand with an additive zero perturbation δ_k on every
 *   h_k, and ONE tf.grads per loss C_t with respect to δ_1 … δ_t — T full backward passes;
 * - weight gradients: tf.variableGrads of Σ_t C_t through the layer.
 *
 * It is the reference the unit tests compare the engine with (autodiff of tfjs-layers' own cells)
 * and the baseline of `npm run bench`. Needs the full @tensorflow/tfjs (for tf.layers).
 */
import * as tf from '@tensorflow/tfjs';
import type { DirectionWeights, SimSpec, Trace } from '../../src/engine/index';

/** The baseline returns what a Trace holds, except the gate values it has no use for. */
export type BaselineResult = Omit<Trace, 'gates'>;

/** Layers with the spec's weights. Build once, reuse with setWeights (dispose() when done). */
export class BaselineModel {
  readonly spec: SimSpec;
  /** the forward direction alone: its cell is unrolled for dCdh, its output is h */
  readonly fwdLayer: tf.layers.Layer & { cell: { call: (i: tf.Tensor[], k: object) => tf.Tensor | tf.Tensor[] } };
  /** the bidirectional wrapper (when spec.backward) */
  readonly biLayer?: tf.layers.Layer;
  /** the backward direction alone (goBackwards), for hBackward */
  readonly bwdLayer?: tf.layers.Layer;
  readonly T: number;
  readonly inputDim: number;

  constructor(spec: SimSpec) {
    this.spec = spec;
    this.T = spec.inputs.length;
    this.inputDim = spec.inputs[0].length;
    this.fwdLayer = makeLayer(spec, false) as BaselineModel['fwdLayer'];
    const layers: tf.layers.Layer[] = [this.fwdLayer];
    if (spec.backward) {
      this.bwdLayer = makeLayer(spec, true);
      this.biLayer = tf.layers.bidirectional({ layer: makeLayer(spec, false) as tf.RNN, mergeMode: spec.merge ?? 'concat' });
      layers.push(this.bwdLayer, this.biLayer);
    }
    // build (creates the weight variables) by applying once; setWeights then overwrites them
    const dummy = tf.zeros([1, this.T, this.inputDim]);
    for (const l of layers) tf.dispose(l.apply(dummy) as tf.Tensor);
    dummy.dispose();
    this.setWeights(spec);
  }

  /** Loads new weights of the same shapes (part of the baseline's timed work). */
  setWeights(spec: SimSpec): void {
    const tensors = (w: DirectionWeights) => [tf.tensor2d(w.kernel), tf.tensor2d(w.recurrentKernel), tf.tensor1d(w.bias as number[])];
    const fw = tensors(spec.weights);
    this.fwdLayer.setWeights(fw);
    const all = [...fw];
    if (spec.backward) {
      const bw = tensors(spec.backward);
      this.bwdLayer!.setWeights(bw);
      this.biLayer!.setWeights([...fw, ...bw]);
      all.push(...bw);
    }
    tf.dispose(all);
  }

  dispose(): void {
    this.fwdLayer.dispose();
    this.bwdLayer?.dispose();
    this.biLayer?.dispose();
  }
}

function makeLayer(spec: SimSpec, goBackwards: boolean): tf.layers.Layer {
  const common = {
    units: spec.units,
    returnSequences: true,
    goBackwards,
    activation: 'tanh' as const,
    // the spec's weights replace these; zeros avoid tfjs' slow orthogonal initialiser
    kernelInitializer: 'zeros' as const,
    recurrentInitializer: 'zeros' as const,
  };
  const recurrentActivation = spec.recurrentActivation ?? 'sigmoid';
  if (spec.cell === 'rnn') return tf.layers.simpleRNN(common);
  if (spec.cell === 'lstm') return tf.layers.lstm({ ...common, recurrentActivation, unitForgetBias: false });
  return tf.layers.gru({ ...common, recurrentActivation });
}

/** Runs the baseline for `spec` on `model` (built for a spec of the same shapes). */
export async function baselineTrace(spec: SimSpec, model?: BaselineModel): Promise<BaselineResult> {
  const own = !model;
  const m = model ?? new BaselineModel(spec);
  if (!own) m.setWeights(spec);
  try {
    return await run(spec, m);
  } finally {
    if (own) m.dispose();
  }
}

async function run(spec: SimSpec, m: BaselineModel): Promise<BaselineResult> {
  const T = m.T;
  const u = spec.units;
  const hasTargets = !!spec.targets;
  const X3 = tf.tensor3d([spec.inputs]);
  const RK = spec.readout ? tf.tensor2d(spec.readout.kernel) : null;
  const Rb = spec.readout ? tf.tensor1d(spec.readout.bias) : null;
  const GT = hasTargets ? tf.tensor2d(spec.targets!) : null;
  const kept: tf.Tensor[] = [X3];
  if (RK) kept.push(RK, Rb!);
  if (GT) kept.push(GT);

  /** y_t and C_t (per step) from the cell outputs [T, outWidth]. */
  const readoutAndLoss = (OUT: tf.Tensor2D): { Y: tf.Tensor; L: tf.Tensor | null } => {
    const Y = tf.tidy(() => (RK ? tf.add(tf.matMul(OUT, RK), Rb!) : tf.clone(OUT)));
    const L = GT ? tf.tidy(() => tf.mean(tf.square(tf.sub(Y, GT)), 1)) : null;
    return { Y, L };
  };
  const merge = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => {
    switch (spec.merge ?? 'concat') {
      case 'concat':
        return tf.concat([a, b], -1);
      case 'sum':
        return tf.add(a, b);
      case 'ave':
        return tf.mul(0.5, tf.add(a, b));
      case 'mul':
        return tf.mul(a, b);
    }
  };

  try {
    // ---- forward through the layers ----
    // (layers' apply tidies its own intermediates)
    const H = tf.squeeze(m.fwdLayer.apply(X3) as tf.Tensor, [0]) as tf.Tensor2D;
    kept.push(H);
    let HB: tf.Tensor2D | null = null;
    let OUT = H;
    if (m.bwdLayer && m.biLayer) {
      HB = tf.tidy(() => tf.reverse(tf.squeeze(m.bwdLayer!.apply(X3) as tf.Tensor, [0]), 0) as tf.Tensor2D);
      OUT = tf.squeeze(m.biLayer.apply(X3) as tf.Tensor, [0]) as tf.Tensor2D;
      kept.push(HB, OUT);
    }
    const { Y, L } = readoutAndLoss(OUT);
    kept.push(Y);
    if (L) kept.push(L);
    const fwdOut = { H, HB, OUT, Y, L };

    // ---- ∂C_t/∂h_k: one tf.grads per t over the unrolled cell with perturbations δ_k ----
    const dCdh: number[][][] = [];
    if (hasTargets) {
      const xs = tf.unstack(tf.squeeze(X3, [0])).map((x) => tf.reshape(x, [1, m.inputDim]));
      const hbRows = fwdOut.HB ? tf.unstack(fwdOut.HB).map((r) => tf.reshape(r, [1, u])) : null;
      kept.push(...xs, ...(hbRows ?? []));
      const cell = m.fwdLayer.cell;
      for (let t = 0; t < T; t++) {
        const deltas = Array.from({ length: t + 1 }, () => tf.zeros([1, u]));
        const lossT = (...ds: tf.Tensor[]): tf.Scalar => {
          let h: tf.Tensor = tf.zeros([1, u]);
          let c: tf.Tensor = tf.zeros([1, u]);
          for (let k = 0; k <= t; k++) {
            const res = cell.call(spec.cell === 'lstm' ? [xs[k], h, c] : [xs[k], h], {}) as tf.Tensor[];
            h = tf.add(res[0], ds[k]);
            if (spec.cell === 'lstm') c = res[2];
          }
          const out = hbRows ? merge(h, hbRows[t]) : h;
          const y = RK ? tf.add(tf.matMul(out, RK), Rb!) : out;
          return tf.mean(tf.square(tf.sub(y, tf.slice(GT!, [t, 0], [1, -1])))) as tf.Scalar;
        };
        const gs = tf.grads(lossT)(deltas);
        const data = await Promise.all(gs.map((g) => g.data()));
        tf.dispose([...gs, ...deltas]);
        dCdh.push(Array.from({ length: T }, (_, k) => (k <= t ? Array.from(data[k]) : new Array<number>(u).fill(0))));
      }
    }

    // ---- weight gradients of Σ_t C_t through the layer ----
    const G = spec.cell === 'lstm' ? 4 : spec.cell === 'gru' ? 3 : 1;
    let grads: DirectionWeights = {
      kernel: zeros(m.inputDim, G * u),
      recurrentKernel: zeros(u, G * u),
      bias: new Array<number>(G * u).fill(0),
    };
    if (hasTargets) {
      const layer = m.biLayer ?? m.fwdLayer;
      const vars = layer.trainableWeights.slice(0, 3).map((w) => w.read() as tf.Variable);
      const { value, grads: g } = tf.variableGrads(() => {
        const OUT = tf.squeeze(layer.apply(X3) as tf.Tensor, [0]) as tf.Tensor2D;
        return tf.sum(readoutAndLoss(OUT).L!) as tf.Scalar;
      }, vars);
      value.dispose();
      const [gk, gu, gb] = await Promise.all(vars.map((v) => g[v.name].array()));
      tf.dispose(Object.values(g));
      grads = { kernel: gk as number[][], recurrentKernel: gu as number[][], bias: gb as number[] };
    }

    const result: BaselineResult = {
      h: (await fwdOut.H.array()) as number[][],
      outputs: (await fwdOut.OUT.array()) as number[][],
      y: (await fwdOut.Y.array()) as number[][],
      loss: fwdOut.L ? ((await fwdOut.L.array()) as number[]) : [],
      dCdh,
      grads,
      backend: tf.getBackend(),
    };
    if (fwdOut.HB) result.hBackward = (await fwdOut.HB.array()) as number[][];
    return result;
  } finally {
    tf.dispose(kept);
  }
}

function zeros(r: number, c: number): number[][] {
  return Array.from({ length: r }, () => new Array<number>(c).fill(0));
}
