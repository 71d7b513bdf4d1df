/**
 * The display equations the lessons must typeset, verbatim TeX, with the section each appears in
 * and where it comes from:
 * - origin 'lecture': the lecture's own equation (`/work/shared/seed/`), word for word;
 * - origin 'derived': not on the lecture's slides — written out from a "similarly" (the LSTM's
 *   iₜ, oₜ) or derived from a diagram (the GRU) — and marked so on the page by lesson-kit's
 *   <Derived> wrapper (data-eq-origin="derived"), with `note` saying why.
 * Kept apart from index.ts (which imports the MDX files) so tests can import it without an MDX
 * loader; index.ts re-exports it.
 */
const H_T = String.raw`h_t = \tanh W \begin{pmatrix} x_t \\ h_{t-1} \end{pmatrix}`;
const Y_T = String.raw`y_t = F(h_t)`;
const C_T = String.raw`C_t = \text{Loss}(y_t, \text{GT}_t)`;

export type EquationOrigin = 'lecture' | 'derived';

export interface LessonEquation {
  slug: string;
  tex: string;
  origin: EquationOrigin;
  /** for derived equations: what they derive from */
  note?: string;
}

/** Every equation the lessons must show (used by tests). */
export const LECTURE_EQUATIONS: LessonEquation[] = [
  { slug: 'vanilla-cell', tex: H_T, origin: 'lecture' },
  { slug: 'vanilla-forward', tex: H_T, origin: 'lecture' },
  { slug: 'vanilla-forward', tex: Y_T, origin: 'lecture' },
  { slug: 'vanilla-forward', tex: C_T, origin: 'lecture' },
  { slug: 'unrolled', tex: H_T, origin: 'lecture' },
  { slug: 'unrolled', tex: Y_T, origin: 'lecture' },
  { slug: 'unrolled', tex: C_T, origin: 'lecture' },
  {
    slug: 'bptt',
    tex: String.raw`\frac{\partial C_t}{\partial h_1} = \left(\frac{\partial C_t}{\partial y_t}\right)\left(\frac{\partial y_t}{\partial h_1}\right) = \left(\frac{\partial C_t}{\partial y_t}\right)\left(\frac{\partial y_t}{\partial h_t}\right)\left(\frac{\partial h_t}{\partial h_{t-1}}\right)\cdots\left(\frac{\partial h_2}{\partial h_1}\right)`,
    origin: 'lecture',
  },
  { slug: 'lstm', tex: String.raw`f_t = \sigma\left(W_f \begin{pmatrix} x_t \\ h_{t-1} \end{pmatrix} + b_f\right)`, origin: 'lecture' },
  {
    slug: 'lstm',
    tex: String.raw`i_t = \sigma\left(W_i \begin{pmatrix} x_t \\ h_{t-1} \end{pmatrix} + b_i\right)`,
    origin: 'derived',
    note: 'the slide says "similarly for i_t, o_t"',
  },
  {
    slug: 'lstm',
    tex: String.raw`o_t = \sigma\left(W_o \begin{pmatrix} x_t \\ h_{t-1} \end{pmatrix} + b_o\right)`,
    origin: 'derived',
    note: 'the slide says "similarly for i_t, o_t"',
  },
  {
    slug: 'lstm',
    tex: String.raw`c_t = f_t \otimes c_{t-1} + i_t \otimes \tanh W \begin{pmatrix} x_t \\ h_{t-1} \end{pmatrix}`,
    origin: 'lecture',
  },
  { slug: 'lstm', tex: String.raw`h_t = o_t \otimes \tanh c_t`, origin: 'lecture' },
  {
    slug: 'gru',
    tex: String.raw`z_t = \sigma\left(W_z \begin{pmatrix} x_t \\ h_{t-1} \end{pmatrix} + b_z\right)`,
    origin: 'derived',
    note: 'the lecture shows the GRU as diagrams only',
  },
  {
    slug: 'gru',
    tex: String.raw`r_t = \sigma\left(W_r \begin{pmatrix} x_t \\ h_{t-1} \end{pmatrix} + b_r\right)`,
    origin: 'derived',
    note: 'the lecture shows the GRU as diagrams only',
  },
  {
    slug: 'gru',
    tex: String.raw`\tilde h_t = \tanh\left(W_{\tilde h} \begin{pmatrix} x_t \\ r_t \otimes h_{t-1} \end{pmatrix} + b_{\tilde h}\right)`,
    origin: 'derived',
    note: 'the lecture shows the GRU as diagrams only',
  },
  {
    slug: 'gru',
    tex: String.raw`h_t = z_t \otimes h_{t-1} + (1 - z_t) \otimes \tilde h_t`,
    origin: 'derived',
    note: 'the lecture shows the GRU as diagrams only (Keras / TensorFlow.js / Cho et al. convention)',
  },
  {
    slug: 'gru',
    tex: String.raw`h_t = (1 - z_t) \otimes h_{t-1} + z_t \otimes \tilde h_t`,
    origin: 'derived',
    note: 'the flipped convention of Chung et al. 2014 and Olah',
  },
];
