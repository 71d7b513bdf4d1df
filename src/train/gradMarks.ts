/**
 * The gradient probes a race keeps for its before/after view (issue 24, item 1): per model, the
 * curve ‖∂C_T/∂h_k‖ over distance at its first probe after a training step (step 1), at the step
 * it was solved, and at its latest probe. Plain data (it travels in the worker's snapshots, the
 * lab sync and the kept race); pure functions, no tensors.
 */
import { MODELS, type CellKind } from './config';

export interface GradCurve {
  /** the training step of the probe */
  step: number;
  /** [distance T − k] = mean ‖∂C_T/∂h_k‖ over the probe sequences (distance 0 = the last step) */
  gradNorm: number[];
}

export interface GradMark {
  /** the first probe after a training step (the untrained weights' probe at step 0 is not kept) */
  first: GradCurve | null;
  /** the probe at the step the model was solved (the worker probes there) */
  solved: GradCurve | null;
  /** the latest probe (a model that stopped: its last one before it stopped) */
  last: GradCurve | null;
}

export type GradMarks = Partial<Record<CellKind, GradMark>>;

/**
 * `marks` with the probe taken at `step` recorded (a new object; `marks` is not changed): each
 * probed model's first curve (once, from step 1), its solved curve (when `step` is its solvedAt)
 * and its latest curve.
 */
export function recordGradProbe(
  marks: GradMarks,
  step: number,
  probes: Partial<Record<CellKind, { gradNorm: number[] }>>,
  solvedAt: Partial<Record<CellKind, number | null>>,
): GradMarks {
  const out: GradMarks = { ...marks };
  for (const c of MODELS) {
    const p = probes[c];
    if (!p || step < 1) continue;
    const curve: GradCurve = { step, gradNorm: Array.from(p.gradNorm) };
    const m = marks[c] ?? { first: null, solved: null, last: null };
    out[c] = {
      first: m.first ?? curve,
      solved: m.solved ?? (solvedAt[c] === step ? curve : null),
      last: curve,
    };
  }
  return out;
}

/** Reads marks back from untrusted plain data (a kept race, a sync message); drops what does not read. */
export function parseGradMarks(raw: unknown): GradMarks {
  const out: GradMarks = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  const curve = (v: unknown): GradCurve | null => {
    if (typeof v !== 'object' || v === null) return null;
    const { step, gradNorm } = v as Record<string, unknown>;
    if (!Number.isSafeInteger(step) || !Array.isArray(gradNorm) || !gradNorm.every((x) => typeof x === 'number' || x === null)) return null;
    // JSON writes a non-finite value as null: it stays a gap (NaN)
    return { step: step as number, gradNorm: gradNorm.map((x) => (x === null ? NaN : (x as number))) };
  };
  for (const c of MODELS) {
    const m = (raw as Record<string, unknown>)[c];
    if (typeof m !== 'object' || m === null) continue;
    const r = m as Record<string, unknown>;
    out[c] = { first: curve(r.first), solved: curve(r.solved), last: curve(r.last) };
  }
  return out;
}
