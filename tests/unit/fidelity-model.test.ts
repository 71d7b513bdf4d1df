/**
 * Issue 7 in the simulator model: the GRU form and the hand-worked example as settings (sanitised,
 * serialisable, left when the model changes), the spec they build, the parameter counts, and the
 * backward view's trend sentence.
 */
import { describe, expect, it } from 'vitest';
import * as engine from '../../src/engine/index';
import { applySettings, defaultInstance } from '../../src/store/simulator';
import { buildSpec, exampleSpec } from '../../src/sim/buildSpec';
import { cellParameters, effectiveSteps, PRESETS, sanitizeSettings } from '../../src/sim/settings';
import { trendAfterFirstStep } from '../../src/views/kit/norms';
import { trendSentence } from '../../src/views/gradient/GradientView';

describe('GRU form setting', () => {
  it('defaults to the TensorFlow.js form; tampered values fall back', () => {
    expect(PRESETS.gru.settings.gruForm).toBe('tfjs');
    expect(sanitizeSettings({ ...PRESETS.gru.settings, gruForm: 'keras' }, 'gru').gruForm).toBe('keras');
    expect(sanitizeSettings({ ...PRESETS.gru.settings, gruForm: 'pytorch' }, 'gru').gruForm).toBe('tfjs');
    expect(sanitizeSettings({ ...PRESETS.gru.settings, gruForm: 7 }, 'gru').gruForm).toBe('tfjs');
  });

  it('the Keras form builds a reset-after spec with a two-row bias that the engine runs; other cells never get resetAfter', async () => {
    const s = { ...PRESETS.gru.settings, gruForm: 'keras' as const };
    const spec = buildSpec(s, engine);
    expect(spec.resetAfter).toBe(true);
    expect(spec.weights.bias).toEqual([Array(12).fill(0), Array(12).fill(0)]);
    const tr = await engine.simulate(spec);
    expect((tr.grads.bias as number[][]).length).toBe(2);
    const tfjs = buildSpec({ ...s, gruForm: 'tfjs' }, engine);
    expect(tfjs.resetAfter).toBeUndefined();
    expect(tfjs.weights.kernel).toEqual(spec.weights.kernel);
    for (const cell of ['rnn', 'lstm'] as const) expect(buildSpec({ ...s, cell }, engine).resetAfter).toBeUndefined();
    const bi = buildSpec({ ...PRESETS.bidirectional.settings, cell: 'gru', gruForm: 'keras' }, engine);
    expect(bi.resetAfter).toBe(true);
    expect((bi.backward!.bias as number[][]).length).toBe(2);
    await expect(engine.simulate(bi)).resolves.toBeTruthy();
  });

  it('parameter counts: units·(inputDim + units + 1) per block; the reset-after GRU has 3·units more', () => {
    expect(cellParameters('rnn', 1, 3)).toBe(15);
    expect(cellParameters('lstm', 3, 4)).toBe(128);
    expect(cellParameters('gru', 8, 16, 'tfjs')).toBe(1200);
    expect(cellParameters('gru', 8, 16, 'keras')).toBe(1248);
    expect(cellParameters('gru', 1, 4, 'tfjs')).toBe(72);
    expect(cellParameters('gru', 1, 4, 'keras')).toBe(84);
    expect(cellParameters('lstm', 1, 4, 'keras')).toBe(cellParameters('lstm', 1, 4, 'tfjs'));
  });
});

describe('the hand-worked example (sections 04, 05, 07)', () => {
  it('builds the fixed 2-unit spec, whatever the seed or scale, with T = 3', async () => {
    const s = { ...PRESETS.bptt.settings, example: 'hand' as const, seed: 123, weightScale: 2.5 };
    expect(effectiveSteps(s)).toBe(3);
    const spec = buildSpec(s, engine);
    expect(spec).toEqual(exampleSpec('hand'));
    const tr = await engine.simulate(spec);
    // section 04's numbers
    expect(tr.h.map((r) => r.map((v) => Number(v.toFixed(3))))).toEqual([
      [0.462, -0.762],
      [0.354, -0.238],
      [0.276, -0.013],
    ]);
    // section 05's numbers
    expect(tr.loss.map((v) => Number(v.toFixed(3)))).toEqual([0.09, 0.007, 0.004]);
    expect(engine.spectralNorm(spec.weights.recurrentKernel)).toBeCloseTo(0.8792, 4);
  });

  it('is only for a unidirectional vanilla RNN, and any model change leaves it', () => {
    expect(sanitizeSettings({ ...PRESETS.lstm.settings, example: 'hand' }, 'lstm').example).toBe('none');
    expect(sanitizeSettings({ ...PRESETS.bidirectional.settings, example: 'hand' }, 'bidirectional').example).toBe('none');
    expect(sanitizeSettings({ ...PRESETS.bptt.settings, example: 'other' }, 'bptt').example).toBe('none');
    let inst = applySettings(defaultInstance('bptt'), { example: 'hand' });
    expect(inst.settings.example).toBe('hand');
    expect(applySettings(inst, { merge: 'sum' }).settings.example).toBe('hand'); // not a model change for a unidirectional RNN
    for (const patch of [{ units: 5 }, { seed: 8 }, { weightScale: 0.5 }, { inputPreset: 'step' }, { steps: 12 }] as const) {
      expect(applySettings(inst, patch).settings.example, JSON.stringify(patch)).toBe('none');
    }
    // setting the same value again is no change
    expect(applySettings(inst, { units: inst.settings.units }).settings.example).toBe('hand');
    inst = applySettings(inst, { example: 'none' });
    expect(effectiveSteps(inst.settings)).toBe(PRESETS.bptt.settings.steps);
  });
});

describe('backward view trend: what the plot shows after the first step', () => {
  it('uses distances 1 … t and reports the first step separately', () => {
    // norms indexed by k; distance d = t − k. A big first drop, then flat: "level", not "vanishes".
    const flatAfterDrop = [0.1, 0.1, 0.1, 0.1, 1];
    const tr = trendAfterFirstStep(flatAfterDrop)!;
    expect(tr.verdict).toBe('level');
    expect(tr.factor).toBeCloseTo(1, 12);
    expect(tr.firstStep).toBeCloseTo(0.1, 12);
    expect(trendSentence(tr, 'the norm')).toMatch(/From distance 1 to 4.*×1\.00 per step.*neither vanishing nor exploding.*distance 0 → 1.*×0\.10/);
    const vanish = trendAfterFirstStep([1e-6, 1e-4, 1e-2, 1])!;
    expect(vanish.verdict).toBe('vanishes');
    expect(vanish.factor).toBeCloseTo(0.01, 10);
    expect(trendAfterFirstStep([1e3, 1e2, 10, 1, 1])!.verdict).toBe('explodes');
    expect(trendAfterFirstStep([1, 2])).toBeNull();
    expect(trendAfterFirstStep([0, 1, 2])).toBeNull();
  });
});
