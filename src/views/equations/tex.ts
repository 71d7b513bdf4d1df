/**
 * The lecture's equations as TeX, with every term wrapped in \htmlData{term=…} so the rendered
 * element carries data-term (and data-step where the term means one particular step). Pure: the
 * panel renders these with KaTeX, the tests check them.
 */
import type { SimSpec } from '../../engine/index';
import { isTermId, TERM_INFO } from '../kit/link';
import type { TermId } from '../types';

export interface EqGroup {
  id: string;
  title: string;
  /** display equations, rendered one per line */
  equations: string[];
  /** notes shown under the group: plain text with inline TeX between $…$ */
  notes: string[];
}

/** Wraps a term: \htmlData{term=f}{f_t}, or \htmlData{term=jac, step=1}{…} for one particular step. */
export function term(id: TermId, tex: string, step?: number): string {
  return `\\htmlData{term=${id}${step === undefined ? '' : `, step=${step}`}}{${tex}}`;
}

const XH = `\\begin{pmatrix} ${term('x', 'x_t')} \\\\ ${term('hprev', 'h_{t-1}')} \\end{pmatrix}`;
/** The GRU's update and reset gates and the start of the candidate's line: the same in both forms. */
const gruGates = `${term('z', 'z_t')} &= \\sigma\\left(${term('W', 'W_z')} ${XH} + b_z\\right) && \\text{update gate} \\\\ ${term('r', 'r_t')} &= \\sigma\\left(${term('W', 'W_r')} ${XH} + b_r\\right) && \\text{reset gate} \\\\ ${term('hh', '\\tilde h_t')}`;
/** The GRU's state update (Keras / TensorFlow.js convention), the same in both forms. */
const gruUpdate = `${term('h', 'h_t')} = ${term('z', 'z_t')} \\otimes ${term('hprev', 'h_{t-1}')} + \\left(1 - ${term('z', 'z_t')}\\right) \\otimes ${term('hh', '\\tilde h_t')}`;

const MERGE_TEX: Record<string, (f: string, b: string) => string> = {
  concat: (f, b) => `\\begin{bmatrix} ${f} \\\\ ${b} \\end{bmatrix}`,
  sum: (f, b) => `${f} + ${b}`,
  ave: (f, b) => `\\tfrac{1}{2}\\left(${f} + ${b}\\right)`,
  mul: (f, b) => `${f} \\otimes ${b}`,
};

export interface EqOptions {
  /** show the backpropagation-through-time chain (the backward phase) */
  backward: boolean;
  /** on a slide: one chain only (the LSTM's is the cell state's: the slide is about its highway) */
  slide?: boolean;
  /** 0-based loss step the chain starts from */
  lossStep: number;
}

export function buildEquations(spec: SimSpec, opts: EqOptions): EqGroup[] {
  const groups: EqGroup[] = [];
  const bi = !!spec.backward;
  const hard = spec.recurrentActivation === 'hardSigmoid';
  const sigmaNote = hard ? 'σ is TensorFlow.js’s hard sigmoid here: clip(0.2·x + 0.5, 0, 1), its default for LSTM and GRU gates.' : null;

  if (spec.cell === 'rnn') {
    groups.push({
      id: 'cell',
      title: 'The vanilla RNN cell',
      equations: [`${term('h', 'h_t')} = \\tanh ${term('W', 'W')} ${XH}`],
      notes: [
        "One $W$ is shared by every step. In Keras terms $W = [K^\\top \\; U^\\top]$ (kernel and recurrent kernel), and a bias $b$ is added inside the tanh. The lecture's equation leaves the bias out (it can be absorbed into $W$ by appending a constant 1 to the stacked vector).",
      ],
    });
  } else if (spec.cell === 'lstm') {
    const gate = (id: 'f' | 'i' | 'o', name: string) =>
      `${term(id, `${id}_t`)} &= \\sigma\\left(${term('W', `W_${id}`)} ${XH} + b_${id}\\right) && \\text{${name}}`;
    groups.push({
      id: 'cell',
      title: 'The LSTM cell',
      equations: [
        `\\begin{aligned} ${gate('f', 'forget gate')} \\\\ ${gate('i', 'input gate')} \\\\ ${gate('o', 'output gate')} \\end{aligned}`,
        `${term('c', 'c_t')} = ${term('f', 'f_t')} \\otimes ${term('cprev', 'c_{t-1}')} + ${term('i', 'i_t')} \\otimes ${term(
          'g',
          // the label under the brace at text size (\\textstyle): a script's own subscript would be a
          // second-level script, half size, too small on a slide
          `\\underbrace{\\tanh\\left(${term('W', 'W_g')} ${XH} + b_g\\right)}_{\\textstyle g_t}`,
        )}`,
        `${term('h', 'h_t')} = ${term('o', 'o_t')} \\otimes \\tanh ${term('c', 'c_t')}`,
      ],
      notes: [
        'The time-lagged (dashed) connections bring step $t-1$ in: $h_{t-1}$ into all four blocks and $c_{t-1}$ into the cell state, whose path $c_{t-1} \\to c_t$ only $\\otimes f_t$ and $+\\, i_t \\otimes g_t$ touch.',
        'Keras and TensorFlow.js store the four weight blocks in the order $i, f, c\\,(= g), o$.',
        ...(sigmaNote ? [sigmaNote] : []),
      ],
    });
  } else if (spec.resetAfter) {
    groups.push({
      id: 'cell',
      title: 'The GRU, reset after the product (Keras default, PyTorch)',
      equations: [
        `\\begin{aligned} ${gruGates} &= \\tanh\\left(${term('W', 'W_{\\tilde h x}')} ${term('x', 'x_t')} + b_{\\tilde h x} + ${term('r', 'r_t')} \\otimes \\left(${term('W', 'W_{\\tilde h h}')} ${term(
          'hprev',
          'h_{t-1}',
        )} + b_{\\tilde h h}\\right)\\right) && \\text{candidate} \\end{aligned}`,
        gruUpdate,
      ],
      notes: [
        'The reset gate multiplies the recurrent product $W_{\\tilde h h} h_{t-1} + b_{\\tilde h h}$ (Keras reset_after = True, its default; PyTorch). So the bias has two rows, input and recurrent: $3n$ more parameters than the TensorFlow.js form. $z$ and $r$ get both biases.',
        ...(sigmaNote ? [sigmaNote] : []),
      ],
    });
  } else {
    groups.push({
      id: 'cell',
      title: 'The GRU (Keras / TensorFlow convention)',
      equations: [
        `\\begin{aligned} ${gruGates} &= \\tanh\\left(${term('W', 'W_{\\tilde h}')} \\begin{pmatrix} ${term('x', 'x_t')} \\\\ ${term('r', 'r_t')} \\otimes ${term(
          'hprev',
          'h_{t-1}',
        )} \\end{pmatrix} + b_{\\tilde h}\\right) && \\text{candidate} \\end{aligned}`,
        gruUpdate,
      ],
      notes: [
        'The reset gate acts before the recurrent product (Keras reset_after = False, the only GRU TensorFlow.js has). Some figures write $h_t = (1 - z_t) \\otimes h_{t-1} + z_t \\otimes \\tilde h_t$: the same cell with $z$ and $1 - z$ swapped.',
        ...(sigmaNote ? [sigmaNote] : []),
      ],
    });
  }

  if (bi) {
    const merge = spec.merge ?? 'concat';
    const fw = term('h', '\\overrightarrow{h}_t');
    const bw = term('hb', '\\overleftarrow{h}_t');
    groups.push({
      id: 'bidirectional',
      title: `Bidirectional: two chains, merged (${merge})`,
      equations: [
        `\\begin{aligned} ${fw} &= \\text{cell}_{\\rightarrow}\\left(${term('x', 'x_t')}, ${term('hprev', '\\overrightarrow{h}_{t-1}')}\\right) \\\\ ${bw} &= \\text{cell}_{\\leftarrow}\\left(${term(
          'x',
          'x_t',
        )}, \\overleftarrow{h}_{t+1}\\right) \\\\ ${term('out', '\\text{out}_t')} &= ${(MERGE_TEX[merge] ?? MERGE_TEX.concat)(fw, bw)} \\end{aligned}`,
      ],
      notes: [
        'The reverse chain reads the sequence from the end, so $\\overleftarrow{h}_t$ summarises $x_t \\dots x_T$; its outputs are put back in input order before merging. It needs the whole sequence, so it cannot predict online.',
      ],
    });
  }

  const hOut = bi ? term('out', '\\text{out}_t') : term('h', 'h_t');
  groups.push({
    id: 'output',
    title: 'Output and loss',
    equations: [
      `${term('y', 'y_t')} = F\\left(${hOut}\\right)`,
      `${term('C', 'C_t')} = \\text{Loss}\\left(${term('y', 'y_t')}, ${term('GT', '\\text{GT}_t')}\\right)`,
    ],
    notes: [
      (spec.readout
        ? `Here $F$ is a dense readout with its own weights $W_y$ and bias $b_y$ (not the cell's kernel), $y_t = W_y\\,${bi ? '\\text{out}_t' : 'h_t'} + b_y$.`
        : `Here $F$ is the identity: $y_t = ${bi ? '\\text{out}_t' : 'h_t'}$.`) +
        (spec.targets
          ? (spec.readout
              ? spec.readout.kernel[0]?.length
              : spec.backward && (spec.merge ?? 'concat') === 'concat'
                ? 2 * spec.units
                : spec.units) === 1
            ? ' The loss is the squared error $C_t = (y_t - \\text{GT}_t)^2$.'
            : ' The loss is the mean squared error over the $d$ outputs, $C_t = \\tfrac{1}{d}\\sum_{o=1}^{d} (y_{t,o} - \\text{GT}_{t,o})^2$.'
          : ''),
    ],
  });

  if (opts.backward) {
    const L = Math.max(0, opts.lossStep);
    const dCdy = term('dCdy', '\\left(\\frac{\\partial C_t}{\\partial y_t}\\right)', L);
    const dydh = term('dydh', '\\left(\\frac{\\partial y_t}{\\partial h_t}\\right)', L);
    const lastJac = term('jac', '\\left(\\frac{\\partial h_t}{\\partial h_{t-1}}\\right)', Math.max(1, L));
    const firstJac = term('jac', '\\left(\\frac{\\partial h_2}{\\partial h_1}\\right)', 1);
    const notes = [
      `Here $t = ${L + 1}$, the loss chosen for the backward view. Each factor $\\partial h_j / \\partial h_{j-1}$ is one step back along the chain; multiplying $t - 1$ of them is what makes the gradient vanish or explode.`,
    ];
    if (spec.cell === 'lstm')
      notes.push(
        'For the LSTM the recurrent state is the pair $(h_t, c_t)$, so each factor is the Jacobian of that pair. Its direct cell-state part is $\\partial c_j / \\partial c_{j-1} = \\operatorname{diag}(f_j)$: a forget gate near 1 lets the gradient through almost unchanged.',
      );
    if (spec.cell === 'gru')
      notes.push(
        'For the GRU the direct part of $\\partial h_j / \\partial h_{j-1}$ is $\\operatorname{diag}(z_j)$: an update gate near 1 carries the gradient through unchanged.',
      );
    const hChain = [
      `${term('dCdh', '\\frac{\\partial C_t}{\\partial h_1}', 0)} = ${dCdy} \\left(\\frac{\\partial y_t}{\\partial h_1}\\right)`,
      `= ${dCdy} ${dydh} ${lastJac} \\cdots ${firstJac}`,
    ];
    // the LSTM's cell state: C_t reaches c_t only through h_t = o_t ⊙ tanh(c_t); from there the
    // direct path back to c_k multiplies by diag(f_j) per step (the squares of the backward view)
    const cChain =
      spec.cell === 'lstm'
        ? [
            `\\frac{\\partial C_t}{\\partial c_k} = \\underbrace{\\frac{\\partial C_t}{\\partial c_t} \\operatorname{diag}(${term('f', 'f_t', L)}) \\cdots \\operatorname{diag}(f_{k+1})}_{\\text{direct path}} + \\text{paths through } h_j, \\quad \\frac{\\partial C_t}{\\partial c_t} = \\frac{\\partial C_t}{\\partial h_t} \\operatorname{diag}\\big(o_t \\otimes (1 - \\tanh^2 c_t)\\big)`,
          ]
        : [];
    const equations = opts.slide && cChain.length ? cChain : [...hChain, ...cChain];
    groups.push({ id: 'bptt', title: 'Backpropagation through time', equations, notes });
  }
  return groups;
}

export interface TermOccurrence {
  term: TermId;
  step?: number;
  /** the TeX inside \htmlData{…}{here} */
  tex: string;
}

/** Every \htmlData-wrapped term in `tex`, in order of appearance (nested ones included). */
export function extractTerms(tex: string): TermOccurrence[] {
  const out: TermOccurrence[] = [];
  const re = /\\htmlData\{term=([A-Za-z]+)(?:,\s*step=(\d+))?\}\{/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tex))) {
    const start = re.lastIndex;
    let depth = 1;
    let i = start;
    for (; i < tex.length && depth > 0; i++) {
      if (tex[i] === '\\') {
        i++;
        continue;
      }
      if (tex[i] === '{') depth++;
      else if (tex[i] === '}') depth--;
    }
    if (isTermId(m[1])) out.push({ term: m[1], step: m[2] === undefined ? undefined : Number(m[2]), tex: tex.slice(start, i - 1) });
  }
  return out;
}

export interface TermButton {
  key: string;
  term: TermId;
  step?: number;
  /** small TeX for the button face */
  tex: string;
  /** accessible name */
  label: string;
}

function strip(tex: string): string {
  return tex.replace(/^\\left\(/, '').replace(/\\right\)$/, '');
}

/** One button per distinct (term, step) in the groups, in order of first appearance. */
export function termButtons(groups: EqGroup[]): TermButton[] {
  const seen = new Set<string>();
  const out: TermButton[] = [];
  for (const g of groups)
    for (const eq of g.equations)
      for (const occ of extractTerms(eq)) {
        const key = `${occ.term}@${occ.step ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const info = TERM_INFO[occ.term];
        const simple = !/\\htmlData|\\begin|\\underbrace/.test(occ.tex);
        // \dfrac: a fraction on a button stays as large as the one in the equation
        const tex = (occ.step !== undefined && simple ? strip(occ.tex) : info.tex).replace(/\\frac/g, '\\dfrac');
        let symbol = info.symbol;
        if (occ.term === 'jac' && occ.step === 1) symbol = '∂h_2/∂h_1';
        if (occ.term === 'dCdh' && occ.step === 0) symbol = '∂C_t/∂h_1';
        if (occ.term === 'W' && /W_/.test(occ.tex)) symbol = 'W';
        out.push({ key, term: occ.term, step: occ.step, tex, label: `${symbol}, ${info.name}` });
      }
  return out;
}
