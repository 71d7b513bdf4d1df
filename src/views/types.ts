/**
 * The contract between the simulator shell (controls, playback, store) and the views that draw a
 * trace. Views are pure functions of these props (and of the theme they paint in, from
 * ./ThemeContext.ts): they never call the engine, and animation never recomputes the model.
 */
import type { SimSpec, Trace } from '../engine/index';

/** Names of the things an equation term and a diagram element can both point at. */
export type TermId =
  | 'x' // x_t
  | 'h' // h_t
  | 'hprev' // h_{t-1}
  | 'W' // W (kernel and recurrent kernel)
  | 'y' // y_t
  | 'C' // C_t
  | 'GT' // GT_t
  | 'f'
  | 'i'
  | 'o'
  | 'g' // LSTM candidate tanh(W[x;h])
  | 'c' // c_t
  | 'cprev' // c_{t-1}
  | 'z'
  | 'r'
  | 'hh' // GRU candidate h~_t
  | 'hb' // backward-direction state
  | 'out' // merged output of a bidirectional layer
  | 'dCdy' // ∂C_t/∂y_t
  | 'dydh' // ∂y_t/∂h_t
  | 'jac' // ∂h_j/∂h_{j-1}
  | 'dCdh'; // ∂C_t/∂h_k

export interface Highlight {
  term: TermId;
  /** time step (0-based) the highlight refers to, when it is about one step */
  t?: number;
}

export interface ViewProps {
  spec: SimSpec;
  trace: Trace;
  /** current step, 0-based index into the trace arrays (shown to people as t = step + 1) */
  step: number;
  /** which C_t the backward view starts from (0-based) */
  lossStep: number;
  phase: 'forward' | 'backward';
  /** prefers-reduced-motion: change values without tweening */
  reducedMotion: boolean;
  highlight: Highlight | null;
  setHighlight: (h: Highlight | null) => void;
  /**
   * On a slide of the one canvas: the cell diagrams take their slide layout (LayoutOptions.slide:
   * text at SLIDE_FONT_SIZE, drawn 1 SVG unit per canvas px) and their legends the slide's short titles.
   */
  slide?: boolean;
}
