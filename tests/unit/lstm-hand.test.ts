/**
 * The LSTM worked by hand in section 09 (issue 24): the by-hand arithmetic — each gate's
 * pre-activation and value, c_t = f_t ⊗ c_{t−1} + i_t ⊗ g_t, h_t = o_t ⊗ tanh c_t, and the backward
 * step ∂C/∂c_{t−1} = ∂C/∂c_t ⊗ f_t + ∂C/∂h_{t−1} ⊗ o_{t−1} ⊗ tanh′(c_{t−1}) — redone in plain
 * float64 from LSTM_HAND_EXAMPLE and compared with what the engine computes for the simulator;
 * the lesson's Show me buttons load exactly that model. (The printed numbers themselves are
 * replayed to their precision through their `lstmHand.*` markers by prose-numbers.test.ts, and
 * the Show me quotes by lesson-numbers.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as engine from '../../src/engine/index';
import { buildSpec } from '../../src/sim/buildSpec';
import { LSTM_HAND_EXAMPLE, PRESETS, type SimSettings } from '../../src/sim/settings';
import { useSimulatorStore } from '../../src/store/simulator';
import { LSTM_GATES, lstmHandTrace, lstmHandValues } from '../helpers/lstmHand';
import { parseMarkers } from '../helpers/proseNumbers';
import { parseShowMe } from '../helpers/quotes';

const here = dirname(fileURLToPath(import.meta.url));
const source = readFileSync(join(here, '../../lessons/09-lstm.mdx'), 'utf8');
const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));
const E = LSTM_HAND_EXAMPLE;
/** float32 engine against float64 by hand */
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-6);

/** The example done by hand, step by step, with its gradients for C_T (T = 2). */
function byHand() {
  const steps: { a: number[]; i: number; f: number; g: number; o: number; c: number; h: number }[] = [];
  let h = 0;
  let c = 0;
  for (const x of E.inputs) {
    const a = [0, 1, 2, 3].map((k) => E.kernel[0][k] * x + E.recurrentKernel[0][k] * h + E.bias[k]);
    const [i, f, g, o] = [sigmoid(a[0]), sigmoid(a[1]), Math.tanh(a[2]), sigmoid(a[3])];
    c = f * c + i * g;
    h = o * Math.tanh(c);
    steps.push({ a, i, f, g, o, c, h });
  }
  const [s1, s2] = steps;
  const dCdh2 = 2 * (s2.h - E.targets[1]);
  const dCdc2 = dCdh2 * s2.o * (1 - Math.tanh(s2.c) ** 2);
  // ∂C_2/∂h_1 (c_1 held): through each pre-activation of step 2 that reads h_1
  const da = [
    dCdc2 * s2.g * s2.i * (1 - s2.i),
    dCdc2 * s1.c * s2.f * (1 - s2.f),
    dCdc2 * s2.i * (1 - s2.g ** 2),
    dCdh2 * Math.tanh(s2.c) * s2.o * (1 - s2.o),
  ];
  const dCdh1 = da.reduce((sum, d, k) => sum + d * E.recurrentKernel[0][k], 0);
  const direct = dCdc2 * s2.f;
  const viaH = dCdh1 * s1.o * (1 - Math.tanh(s1.c) ** 2);
  return { steps, dCdh2, dCdc2, dCdh1, direct, viaH, dCdc1: direct + viaH };
}

describe('the LSTM worked by hand in section 09', () => {
  it('the engine computes the hand-worked gates, states and loss of both steps', async () => {
    const hand = byHand();
    const v = lstmHandValues(await lstmHandTrace());
    hand.steps.forEach((s, k) => {
      const t = k + 1;
      LSTM_GATES.forEach((g, b) => {
        close(v.a(g, t), s.a[b]);
        close(v.gate(g, t), s[g]);
      });
      close(v.c(t), s.c);
      close(v.h(t), s.h);
      close(v.y(t), s.h); // y_t = h_t
      close(v.loss(t), (s.h - E.targets[k]) ** 2);
      close(v.keep(t) + v.write(t), s.c);
    });
  });

  it('its backward step: ∂C₂/∂c₁ = ∂C₂/∂c₂ ⊗ f₂ + ∂C₂/∂h₁ ⊗ o₁ ⊗ tanh′(c₁), the engine’s ∂C/∂h and ∂C/∂c', async () => {
    const hand = byHand();
    const v = lstmHandValues(await lstmHandTrace());
    close(v.dCdh(2, 2), hand.dCdh2);
    close(v.dCdc(2, 2), hand.dCdc2);
    close(v.dCdh(2, 1), hand.dCdh1);
    close(v.direct(2), hand.direct);
    close(v.viaH(2), hand.viaH);
    close(v.dCdc(2, 1), hand.dCdc1);
    // only the candidate reads h_1, so the path through h is the lesson's one product
    const s2 = hand.steps[1];
    close(v.dCdh(2, 1), hand.dCdc2 * s2.i * (1 - s2.g ** 2) * E.recurrentKernel[0][2]);
    expect(E.recurrentKernel[0].filter((w) => w !== 0)).toHaveLength(1);
    // the direct path carries most of it
    expect(hand.direct / hand.dCdc1).toBeGreaterThan(0.9);
  });

  it('the Show me buttons load exactly this model into the LSTM simulator, at t = 2', () => {
    const tags = parseShowMe(source, '09-lstm.mdx').filter((t) => (t.props.settings as Partial<SimSettings> | undefined)?.example === 'lstm-hand');
    expect(tags.map((t) => t.props.label)).toEqual(['the hand-worked LSTM, step 2', 'the hand-worked LSTM, one step back']);
    for (const tag of tags) {
      expect(tag.props.preset).toBe('lstm');
      const info = PRESETS.lstm;
      useSimulatorStore.getState().load('lstm', {
        preset: 'lstm',
        settings: { ...info.settings, ...(tag.props.settings as object) },
        playback: { ...info.playback, playing: false },
      });
      const spec = buildSpec(useSimulatorStore.getState().instances.lstm.settings, engine);
      expect(spec).toMatchObject({
        cell: 'lstm',
        units: 1,
        inputs: [[1], [-1]],
        targets: [[0], [0]],
        weights: { kernel: [[2, 0, 1, 1]], recurrentKernel: [[0, 0, 1, 0]], bias: [0, 2, 0, 0] },
        readout: { kernel: [[1]], bias: [0] },
        recurrentActivation: 'sigmoid',
      });
      expect((tag.props.playback as { step?: number; lossStep?: number }).step ?? (tag.props.playback as { lossStep?: number }).lossStep).toBe(1);
    }
  });

  it('the section quotes every gate, both states and both gradients, each tied to the engine', () => {
    const paths = new Set(parseMarkers(source, '09-lstm.mdx').map((m) => m.path));
    for (const g of LSTM_GATES)
      for (const p of [`lstmHand.a.${g}[2]`, `lstmHand.${g}[2]`, `lstmHand.W.${g}`, `lstmHand.b.${g}`]) expect(paths).toContain(p);
    for (const p of [
      'lstmHand.c[2]',
      'lstmHand.h[2]',
      'lstmHand.loss[2]',
      'lstmHand.dCdc[2][2]',
      'lstmHand.direct[2]',
      'lstmHand.dCdh[2][1]',
      'lstmHand.viaH[2]',
      'lstmHand.dCdc[2][1]',
    ])
      expect(paths).toContain(p);
  });
});
