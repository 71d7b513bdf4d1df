/**
 * The live values behind an equation term at one step, read from the trace (and, for W and the
 * vanilla Jacobian, re-arranged from the weights). Pure, so it is unit-tested.
 */
import type { SimSpec, Trace } from '../../engine/index';
// from types.ts: engine/index pulls tfjs (simulate) into the page
import { GATE_KEYS as CELL_GATES, GATES } from '../../engine/types';
import { spectralNorm } from '../../engine/init';
import { TERM_INFO, tOf } from '../kit/link';
import { fmtFixed } from '../kit/format';
import {
  BLOCK_OF,
  combinedW,
  maxAbs,
  niceExtent,
  outputExtent,
  sharedValueExtent,
  STATE_EXTENT,
  prevC,
  prevH,
  recurrentBlock,
  rowOr0,
  vanillaJacobian,
} from '../kit/math';
import { gradientNorms, l2 } from '../kit/norms';
import type { TermId } from '../types';

export interface TermValues {
  /** heading, e.g. "f_3 — forget gate" */
  title: string;
  kind: 'vector' | 'matrix' | 'scalar' | 'none';
  vector?: number[];
  matrix?: number[][];
  scalar?: number;
  /** labels of the vector entries or matrix rows */
  labels?: string[];
  /** labels of matrix columns */
  colLabels?: string[];
  color: 'diverging' | 'sequential' | 'none';
  /** for diverging colours */
  extent: number;
  note?: string;
}

const GATE_KEYS: Partial<Record<TermId, string>> = { f: 'f', i: 'i', o: 'o', g: 'g', z: 'z', r: 'r', hh: 'hh' };
const SEQUENTIAL: ReadonlySet<TermId> = new Set(['f', 'i', 'o', 'z', 'r']);
const GATES_OF: Record<string, readonly TermId[]> = CELL_GATES;

const units = (n: number, prefix = 'unit') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);

function vector(title: string, v: number[] | undefined, opts: Partial<TermValues> = {}): TermValues {
  if (!v || v.length === 0) return { title, kind: 'none', color: 'none', extent: 1, note: opts.note ?? 'Not in this trace.' };
  return {
    title,
    kind: 'vector',
    vector: v,
    labels: opts.labels ?? units(v.length),
    color: opts.color ?? 'diverging',
    extent: opts.extent ?? niceExtent(maxAbs(v), 1),
    note: opts.note,
  };
}

function matrix(title: string, M: number[][], labels: string[], colLabels: string[], note?: string): TermValues {
  return { title, kind: 'matrix', matrix: M, labels, colLabels, color: 'diverging', extent: niceExtent(maxAbs(M), 0.1), note };
}

const fmt = fmtFixed;

/**
 * Values for `term` at 0-based `step`. `lossStep` is the loss the gradient terms refer to.
 * Unknown or not-applicable terms give kind 'none' with a note saying why.
 */
/** Terms coloured on the simulator's value scale (sharedValueExtent), like the diagrams. */
const VALUE_TERMS: ReadonlySet<TermId> = new Set(['x', 'c', 'cprev', 'y', 'GT']);
/** Terms a tanh bounds, coloured on the fixed ±1 scale (STATE_EXTENT), like the diagrams; a summed merge spans ±2. */
const STATE_TERMS: ReadonlySet<TermId> = new Set(['h', 'hprev', 'g', 'hh', 'hb']);

export function termValues(spec: SimSpec, trace: Trace, termId: TermId, step: number, lossStep: number): TermValues {
  const tv = rawTermValues(spec, trace, termId, step, lossStep);
  if (tv.color !== 'diverging') return tv;
  if (VALUE_TERMS.has(termId)) return { ...tv, extent: sharedValueExtent(spec, trace) };
  if (STATE_TERMS.has(termId)) return { ...tv, extent: STATE_EXTENT };
  if (termId === 'out') return { ...tv, extent: outputExtent(spec) };
  return tv;
}

function rawTermValues(spec: SimSpec, trace: Trace, termId: TermId, step: number, lossStep: number): TermValues {
  const T = spec.inputs.length;
  const s = Math.max(0, Math.min(T - 1, step));
  const t = tOf(s);
  const u = spec.units;
  const nIn = spec.inputs[0]?.length ?? spec.weights.kernel.length;
  const L = Math.max(0, Math.min(T - 1, lossStep));
  const Lt = tOf(L);
  const name = TERM_INFO[termId]?.name ?? termId;
  const gates = GATES_OF[spec.cell] ?? [];

  switch (termId) {
    case 'x':
      return vector(`x_${t} — ${name}`, spec.inputs[s], { labels: units(nIn, 'dim') });
    case 'h':
      return vector(`${spec.backward ? '→' : ''}h_${t} — ${spec.backward ? 'forward state' : name}`, trace.h[s]);
    case 'hprev':
      return vector(`h_${t - 1} — ${name}`, prevH(trace, s, u), {
        note: s === 0 ? 'h_0 is the zero initial state.' : undefined,
      });
    case 'c':
      if (spec.cell !== 'lstm') break;
      return vector(`c_${t} — ${name}`, rowOr0(trace.c, s, u));
    case 'cprev':
      if (spec.cell !== 'lstm') break;
      return vector(`c_${t - 1} — ${name}`, prevC(trace, s, u), { note: s === 0 ? 'c_0 is the zero initial state.' : undefined });
    case 'f':
    case 'i':
    case 'o':
    case 'g':
    case 'z':
    case 'r':
    case 'hh': {
      if (!gates.includes(termId)) break;
      const key = GATE_KEYS[termId]!;
      const sym = termId === 'hh' ? 'h̃' : termId;
      return vector(`${sym}_${t} — ${name}`, trace.gates[key]?.[s], {
        color: SEQUENTIAL.has(termId) ? 'sequential' : 'diverging',
        extent: 1,
        note: SEQUENTIAL.has(termId) ? '0 = closed, 1 = open.' : undefined,
      });
    }
    case 'hb':
      if (!spec.backward) break;
      return vector(`←h_${t} — ${name}`, trace.hBackward?.[s]);
    case 'out':
      if (!spec.backward) break;
      return vector(`out_${t} — ${name} (${spec.merge ?? 'concat'})`, trace.outputs[s], {
        labels: (spec.merge ?? 'concat') === 'concat' ? [...units(u, 'forward'), ...units(u, 'reverse')] : units(trace.outputs[s]?.length ?? 0),
      });
    case 'y':
      return vector(`y_${t} — ${name}`, trace.y[s], { labels: units(trace.y[s]?.length ?? 0, 'output') });
    case 'GT':
      return vector(`GT_${t} — ${name}`, spec.targets?.[s], {
        labels: units(spec.targets?.[s]?.length ?? 0, 'output'),
        note: spec.targets ? undefined : 'This simulation has no targets.',
      });
    case 'C': {
      const v = trace.loss[s];
      if (v === undefined || !spec.targets)
        return { title: `C_${t} — ${name}`, kind: 'none', color: 'none', extent: 1, note: 'No loss without targets.' };
      return { title: `C_${t} — ${name}`, kind: 'scalar', scalar: v, color: 'none', extent: 1 };
    }
    case 'W': {
      const G = GATES[spec.cell];
      const cols = [...units(nIn, 'x'), ...units(u, 'h')];
      if (G === 1) {
        const sigma = spectralNorm(recurrentBlock(spec.weights, u, 0));
        return matrix(
          `W — shared weights (${u} × ${nIn + u})`,
          combinedW(spec.weights, u, 0),
          units(u),
          cols,
          `Largest singular value of the recurrent part: ${fmt(sigma)}. With tanh, below 1 is enough for gradients to vanish; above 1 is needed (not enough) for them to explode.`,
        );
      }
      const rows: number[][] = [];
      const labels: string[] = [];
      for (const g of gates) {
        const b = BLOCK_OF[g];
        combinedW(spec.weights, u, b).forEach((r, j) => {
          rows.push(r);
          labels.push(`W_${g === 'hh' ? 'h̃' : g} unit ${j + 1}`);
        });
      }
      return matrix(
        `W — all ${G} gate blocks (${G * u} × ${nIn + u})`,
        rows,
        labels,
        cols,
        'One row per unit of each gate; columns for x, then for h.',
      );
    }
    case 'dCdh': {
      const k = s;
      const g = trace.dCdh?.[L]?.[k];
      const title = `∂C_${Lt}/∂h_${t} — gradient of the loss at t = ${Lt} reaching h_${t}`;
      if (k > L) return { title, kind: 'none', color: 'none', extent: 1, note: `h_${t} comes after C_${Lt}: the gradient is 0.` };
      return vector(title, g, { note: g ? `Norm ‖∂C_${Lt}/∂h_${t}‖ = ${fmt(l2(g))}.` : undefined });
    }
    case 'dCdy': {
      // C_t is the mean over the n outputs of (y_t − GT_t)², so ∂C_t/∂y_t = 2 (y_t − GT_t) / n.
      const y = trace.y[L];
      const gt = spec.targets?.[L];
      const title = `∂C_${Lt}/∂y_${Lt} — where the gradient starts`;
      if (!y || !gt) return { title, kind: 'none', color: 'none', extent: 1, note: 'No targets, so no loss to differentiate.' };
      const g = y.map((v, o) => (2 * (v - (gt[o] ?? 0))) / y.length);
      return vector(title, g, {
        labels: units(g.length, 'output'),
        note: `C_${Lt} is the mean squared error over the ${y.length} output${y.length === 1 ? '' : 's'}, so ∂C/∂y = 2 (y − GT) / ${y.length}.`,
      });
    }
    case 'dydh': {
      if (!spec.readout)
        return {
          title: `∂y_${Lt}/∂h_${Lt} — the identity`,
          kind: 'none',
          color: 'none',
          extent: 1,
          note: `There is no readout layer here: y_t = ${spec.backward ? 'out_t' : 'h_t'}, so ∂y/∂h is the identity matrix.`,
        };
      const K = spec.readout.kernel; // [features][outputs]
      const outs = K[0]?.length ?? 0;
      const M = Array.from({ length: outs }, (_, o) => K.map((row) => row[o] ?? 0));
      return matrix(
        `∂y_${Lt}/∂h_${Lt} — the readout F's weights, transposed`,
        M,
        units(outs, 'output'),
        units(K.length, 'unit'),
        'F is the dense readout y = h·V + b_y (V: the readout’s own weights, not the cell’s kernel), so ∂y/∂h = Vᵀ at every step.',
      );
    }
    case 'jac': {
      const j = Math.max(1, s);
      const jt = tOf(j);
      const title = `∂h_${jt}/∂h_${jt - 1} — one step of the chain`;
      if (T < 2) return { title, kind: 'none', color: 'none', extent: 1, note: 'One step only: there is no chain.' };
      const norms = gradientNorms(trace, L);
      const ratio = j <= L && norms[j] > 0 ? norms[j - 1] / norms[j] : null;
      const ratioNote =
        ratio === null ? '' : ` Across this step the gradient norm of C_${Lt} changes by ×${fmt(ratio)} (‖∂C/∂h_${jt - 1}‖ / ‖∂C/∂h_${jt}‖).`;
      if (spec.cell === 'rnn' && !spec.backward) {
        const J = vanillaJacobian(spec, trace, j);
        return matrix(
          title,
          J,
          units(u, `h_${jt}`),
          units(u, `h_${jt - 1}`),
          `diag(1 − h_${jt}²) · W_h, largest singular value ${fmt(spectralNorm(J))}.${ratioNote}`,
        );
      }
      return {
        title,
        kind: ratio === null ? 'none' : 'scalar',
        scalar: ratio ?? undefined,
        color: 'none',
        extent: 1,
        note: `For a gated cell this Jacobian depends on the gates at step ${jt}; the trace keeps the gradients, not the Jacobians.${ratioNote || ` Pick a loss at t ≥ ${jt} to see the norm change across it.`}`,
      };
    }
  }
  return { title: `${TERM_INFO[termId]?.symbol ?? termId} — ${name}`, kind: 'none', color: 'none', extent: 1, note: 'Not part of this cell.' };
}
