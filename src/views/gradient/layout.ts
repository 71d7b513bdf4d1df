/**
 * Geometry of the BPTT view, as plain numbers: the chain of states (spacing, rows, node size, which
 * labels fit) and the norm plot's frame, and the link widths (log-norm). Pure, so it is unit-tested;
 * the components only draw what these say.
 */
import { logPosition, NORM_FLOOR } from '../kit/norms';

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

export interface ChainLayout {
  /** spacing of the states */
  sp: number;
  left: number;
  width: number;
  height: number;
  /** rows: the loss C_t, the output y_t, the states h_k */
  yC: number;
  yY: number;
  yH: number;
  /** radius of a state node */
  r: number;
  /** label every n-th state */
  every: number;
  /** whether the norm values fit on the links */
  showVals: boolean;
  /** whether the links have room for arrowheads */
  arrows: boolean;
}

export function chainLayout(T: number): ChainLayout {
  const sp = clamp(Math.floor(760 / Math.max(1, T)), 16, 96);
  const left = 36;
  return {
    sp,
    left,
    width: left * 2 + T * sp,
    height: 232,
    yC: 34,
    yY: 96,
    yH: 164,
    r: clamp(sp * 0.28, 4.5, 15),
    every: sp >= 44 ? 1 : Math.ceil(44 / sp),
    showVals: sp >= 72,
    arrows: sp >= 30,
  };
}

/** Centre of state k on the chain. */
export const chainX = (sp: number, k: number, left = 36) => left + k * sp + sp / 2;

/** Width of the link into h_k: 2–15 by log-norm; 1.5 (a hairline) for zero, floored or non-finite norms. */
export function linkWidths(norms: readonly number[]): (k: number) => number {
  const pos = logPosition(norms);
  return (k) => (norms[k] > NORM_FLOOR && Number.isFinite(pos[k]) ? 2 + 13 * pos[k] : 1.5);
}

/** The norm plot's frame: size and margins. */
export const PLOT = { W: 470, H: 330, m: { l: 74, r: 18, t: 18, b: 62 } } as const;
