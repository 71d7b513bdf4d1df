/**
 * The LSTM worked by hand in section 09 (LSTM_HAND_EXAMPLE), replayed with the app's engine: the
 * values the lesson's `lstmHand.*` number markers name (tests/unit/prose-numbers.test.ts) and the
 * by-hand chain that tests/unit/lstm-hand.test.ts checks against the engine. t counts from 1 as in
 * the lesson (x_1 is the engine's row 0); h_0 = c_0 = 0.
 */
import * as engine from '../../src/engine/index';
import type { Trace } from '../../src/engine/types';
import { buildSpec } from '../../src/sim/buildSpec';
import { LSTM_HAND_EXAMPLE, PRESETS, type SimSettings } from '../../src/sim/settings';

/** Keras' block order: i, f, c (the candidate g), o. */
export const LSTM_GATES = ['i', 'f', 'g', 'o'] as const;
export type LstmGate = (typeof LSTM_GATES)[number];

let traceP: Promise<Trace> | undefined;
/** The trace the LSTM simulator computes for the example, built from its settings as the Show me loads them. */
export function lstmHandTrace(): Promise<Trace> {
  traceP ??= engine.simulate(buildSpec({ ...(PRESETS.lstm.settings as SimSettings), example: 'lstm-hand' }, engine));
  return traceP;
}

const E = LSTM_HAND_EXAMPLE;
const block = (g: LstmGate) => LSTM_GATES.indexOf(g);
const sq = (v: number) => v * v;

/** Everything a marker can name, from one trace. */
export function lstmHandValues(tr: Trace) {
  const at = (rows: number[][] | undefined, t: number) => (t === 0 ? 0 : rows![t - 1][0]);
  const h = (t: number) => at(tr.h, t);
  const c = (t: number) => at(tr.c, t);
  const gate = (g: LstmGate, t: number) => tr.gates[g][t - 1][0];
  const x = (t: number) => E.inputs[t - 1];
  return {
    x,
    h,
    c,
    gate,
    /** W_g = (weight on x, weight on h), b_g */
    W: (g: LstmGate) => [E.kernel[0][block(g)], E.recurrentKernel[0][block(g)]],
    b: (g: LstmGate) => E.bias[block(g)],
    /** the pre-activation W_g [x_t; h_{t−1}] + b_g */
    a: (g: LstmGate, t: number) => E.kernel[0][block(g)] * x(t) + E.recurrentKernel[0][block(g)] * h(t - 1) + E.bias[block(g)],
    y: (t: number) => tr.y[t - 1][0],
    loss: (t: number) => tr.loss[t - 1],
    tanhc: (t: number) => Math.tanh(c(t)),
    /** tanh′(c_t) = 1 − tanh²(c_t) */
    slope: (t: number) => 1 - sq(Math.tanh(c(t))),
    /** tanh′ at the candidate's pre-activation, 1 − g_t² */
    gslope: (t: number) => 1 - sq(gate('g', t)),
    /** f_t ⊗ c_{t−1} and i_t ⊗ g_t, the two terms of c_t */
    keep: (t: number) => gate('f', t) * c(t - 1),
    write: (t: number) => gate('i', t) * gate('g', t),
    dCdy: (t: number) => 2 * (tr.y[t - 1][0] - E.targets[t - 1]),
    /** ∂C_t/∂h_k and ∂C_t/∂c_k, the engine's */
    dCdh: (t: number, k: number) => tr.dCdh[t - 1][k - 1][0],
    dCdc: (t: number, k: number) => tr.dCdc![t - 1][k - 1][0],
    /** the two terms of ∂C_t/∂c_{t−1}: ∂C_t/∂c_t ⊗ f_t, and ∂C_t/∂h_{t−1} ⊗ o_{t−1} ⊗ tanh′(c_{t−1}) */
    direct: (t: number) => tr.dCdc![t - 1][t - 1][0] * gate('f', t),
    viaH: (t: number) => tr.dCdh[t - 1][t - 2][0] * gate('o', t - 1) * (1 - sq(Math.tanh(c(t - 1)))),
  };
}

/** A marker path `lstmHand.…` as a number or a vector, or undefined when it names nothing here. */
export async function lstmHandReplay(path: string): Promise<number | number[] | undefined> {
  const v = lstmHandValues(await lstmHandTrace());
  let m: RegExpExecArray | null;
  if (path === 'lstmHand.inputs') return [...E.inputs];
  if (path === 'lstmHand.targets') return [...E.targets];
  if ((m = /^lstmHand\.(W|b)\.([ifgo])$/.exec(path))) return m[1] === 'W' ? v.W(m[2] as LstmGate) : v.b(m[2] as LstmGate);
  if ((m = /^lstmHand\.a\.([ifgo])\[(\d+)\]$/.exec(path))) return v.a(m[1] as LstmGate, Number(m[2]));
  if ((m = /^lstmHand\.([ifgo])\[(\d+)\]$/.exec(path))) return v.gate(m[1] as LstmGate, Number(m[2]));
  if ((m = /^lstmHand\.(x|h|c|y|loss|tanhc|slope|gslope|keep|write|dCdy|direct|viaH)\[(\d+)\]$/.exec(path))) return v[m[1] as 'x'](Number(m[2]));
  if ((m = /^lstmHand\.(dCdh|dCdc)\[(\d+)\]\[(\d+)\]$/.exec(path))) return v[m[1] as 'dCdh'](Number(m[2]), Number(m[3]));
  return undefined;
}
