/**
 * The lecture's equations, verbatim TeX, and the section each must appear in as a display block.
 * Kept apart from index.ts (which imports the MDX files) so tests can import it without an MDX
 * loader; index.ts re-exports it.
 */
const H_T = String.raw`h_t = \tanh W \begin{pmatrix} x_t \\ h_{t-1} \end{pmatrix}`;
const Y_T = String.raw`y_t = F(h_t)`;
const C_T = String.raw`C_t = \text{Loss}(y_t, \text{GT}_t)`;

/** The lecture's equations, verbatim TeX, and the section each must appear in (used by tests). */
export const LECTURE_EQUATIONS: { slug: string; tex: string }[] = [
  { slug: 'vanilla-cell', tex: H_T },
  { slug: 'vanilla-forward', tex: H_T },
  { slug: 'vanilla-forward', tex: Y_T },
  { slug: 'vanilla-forward', tex: C_T },
  { slug: 'unrolled', tex: H_T },
  { slug: 'unrolled', tex: Y_T },
  { slug: 'unrolled', tex: C_T },
  {
    slug: 'bptt',
    tex: String.raw`\frac{\partial C_t}{\partial h_1} = \left(\frac{\partial C_t}{\partial y_t}\right)\left(\frac{\partial y_t}{\partial h_1}\right) = \left(\frac{\partial C_t}{\partial y_t}\right)\left(\frac{\partial y_t}{\partial h_t}\right)\left(\frac{\partial h_t}{\partial h_{t-1}}\right)\cdots\left(\frac{\partial h_2}{\partial h_1}\right)`,
  },
  { slug: 'lstm', tex: String.raw`f_t = \sigma\left(W_f \begin{pmatrix} x_t \\ h_{t-1} \end{pmatrix} + b_f\right)` },
  { slug: 'lstm', tex: String.raw`i_t = \sigma\left(W_i \begin{pmatrix} x_t \\ h_{t-1} \end{pmatrix} + b_i\right)` },
  { slug: 'lstm', tex: String.raw`o_t = \sigma\left(W_o \begin{pmatrix} x_t \\ h_{t-1} \end{pmatrix} + b_o\right)` },
  { slug: 'lstm', tex: String.raw`c_t = f_t \otimes c_{t-1} + i_t \otimes \tanh W \begin{pmatrix} x_t \\ h_{t-1} \end{pmatrix}` },
  { slug: 'lstm', tex: String.raw`h_t = o_t \otimes \tanh c_t` },
  { slug: 'gru', tex: String.raw`h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t` },
  { slug: 'gru', tex: String.raw`h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde h_t` },
];
