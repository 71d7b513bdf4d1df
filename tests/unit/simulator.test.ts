import { describe, expect, it } from 'vitest';
import { buildSpec, readoutInputDim, SEED_OFFSET, SpecError, type Initialisers } from '../../src/sim/buildSpec';
import { inputSequence, mulberry32, nextValueTargets, parseTypedSequence } from '../../src/sim/inputs';
import { effectiveSteps, PRESETS, sanitizePlayback, sanitizeSettings, type SimSettings } from '../../src/sim/settings';
import { advance, applyPlayback, applySettings, defaultInstance, togglePlay, useSimulatorStore } from '../../src/store/simulator';
import { unrolledLayout } from '../../src/views/unrolled/layout';
import { gradientNorms as normsFor, l2 as l2norm, logPosition as logPositions } from '../../src/views/kit/norms';

/** Deterministic stand-in initialisers that record how they were called. */
function fakeInit() {
  const calls: { w: Parameters<Initialisers['initWeights']>[0][]; r: Parameters<Initialisers['initReadout']>[0][] } = { w: [], r: [] };
  const G = { rnn: 1, lstm: 4, gru: 3 } as const;
  const init: Initialisers = {
    initWeights: (o) => {
      calls.w.push(o);
      const cols = G[o.cell] * o.units;
      return {
        kernel: Array.from({ length: o.inputDim }, () => Array(cols).fill(o.seed)),
        recurrentKernel: Array.from({ length: o.units }, () => Array(cols).fill(o.recurrentScale ?? 1)),
        bias: Array(cols).fill(0),
      };
    },
    initReadout: (o) => {
      calls.r.push(o);
      return { kernel: Array.from({ length: o.inputDim }, () => Array(o.outDim).fill(0.1)), bias: Array(o.outDim).fill(0) };
    },
  };
  return { init, calls };
}

const base = (p: Partial<SimSettings> = {}): SimSettings => ({ ...PRESETS['vanilla-cell'].settings, ...p });

describe('inputSequence', () => {
  it('sine, impulse, step and random have length T and the documented shapes', () => {
    const sine = inputSequence('sine', 6, 1);
    expect(sine).toEqual([0, 0.78, 0.97, 0.43, -0.44, -0.98]);
    expect(inputSequence('impulse', 5, 1)).toEqual([1, 0, 0, 0, 0]);
    expect(inputSequence('step', 6, 1)).toEqual([0, 0, 1, 1, 1, 1]);
    expect(inputSequence('step', 1, 1)).toEqual([0]);
    const r1 = inputSequence('random', 30, 42);
    expect(r1).toHaveLength(30);
    expect(r1.every((v) => v >= -1 && v <= 1)).toBe(true);
    expect(inputSequence('random', 30, 42)).toEqual(r1); // seeded
    expect(inputSequence('random', 30, 43)).not.toEqual(r1);
    expect(new Set(r1).size).toBeGreaterThan(10);
  });

  it('never produces NaN or a negative length', () => {
    expect(inputSequence('sine', NaN, NaN)).toEqual([]);
    expect(inputSequence('random', -5, 1)).toEqual([]);
    expect(inputSequence('random', 3, NaN).every(Number.isFinite)).toBe(true);
    expect(Object.is(inputSequence('sine', 1, 0)[0], -0)).toBe(false);
  });

  it('the PRNG is uniform-ish on [0, 1)', () => {
    const rnd = mulberry32(9);
    const xs = Array.from({ length: 2000 }, rnd);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(xs.reduce((a, b) => a + b, 0) / xs.length - 0.5)).toBeLessThan(0.03);
  });
});

describe('parseTypedSequence', () => {
  it('accepts commas, spaces, semicolons, a typographic minus and a trailing comma', () => {
    expect(parseTypedSequence('0, 0, 1, 0')).toEqual({ ok: true, values: [0, 0, 1, 0] });
    expect(parseTypedSequence(' 1 2\t3 ')).toEqual({ ok: true, values: [1, 2, 3] });
    expect(parseTypedSequence('0.5;−1; -2.5e-1, .5, +2,')).toEqual({ ok: true, values: [0.5, -1, -0.25, 0.5, 2] });
  });

  it('says which entry is wrong and why', () => {
    expect(parseTypedSequence('1, 2, abc')).toEqual({ ok: false, message: '“abc” at position 3 is not a number.' });
    expect(parseTypedSequence('')).toMatchObject({ ok: false, message: expect.stringContaining('empty') });
    expect(parseTypedSequence('   ')).toMatchObject({ ok: false, message: expect.stringContaining('empty') });
    expect(parseTypedSequence('1,,2')).toMatchObject({ ok: false, message: expect.stringMatching(/Entry 2 is empty/) });
    expect(parseTypedSequence('1, 12')).toMatchObject({ ok: false, message: expect.stringMatching(/“12” at position 2 is outside −10 … 10/) });
    expect(parseTypedSequence('NaN')).toMatchObject({ ok: false, message: '“NaN” at position 1 is not a number.' });
    expect(parseTypedSequence('Infinity')).toMatchObject({ ok: false, message: expect.stringContaining('not a number') });
    expect(parseTypedSequence('1e400')).toMatchObject({ ok: false, message: expect.stringContaining('not a number') });
    expect(parseTypedSequence('0x10')).toMatchObject({ ok: false, message: expect.stringContaining('not a number') });
    expect(parseTypedSequence(Array(61).fill('1').join(','))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/61 numbers.*at most 60/),
    });
    expect(parseTypedSequence('1,'.repeat(2000))).toMatchObject({ ok: false, message: expect.stringContaining('too long') });
    expect(parseTypedSequence(42 as unknown)).toMatchObject({ ok: false });
    const long = parseTypedSequence('1, averyveryverylongword');
    expect(long.ok || long.message).toContain('…');
  });
});

describe('buildSpec', () => {
  it('vanilla cell: seeded weights, next-value targets, no gate options', () => {
    const { init, calls } = fakeInit();
    const spec = buildSpec(base({ inputPreset: 'impulse', steps: 4, weightScale: 1.5, seed: 11 }), init);
    expect(spec.cell).toBe('rnn');
    expect(spec.units).toBe(3);
    expect(spec.inputs).toEqual([[1], [0], [0], [0]]);
    expect(spec.targets).toEqual([[0], [0], [0], [0]]);
    expect(spec.backward).toBeUndefined();
    expect(spec.recurrentActivation).toBeUndefined();
    expect(calls.w).toEqual([{ cell: 'rnn', inputDim: 1, units: 3, seed: 11, recurrentScale: 1.5, inputScale: 1, forgetBias: 1 }]);
    expect(calls.r).toEqual([{ inputDim: 3, outDim: 1, seed: 11 + SEED_OFFSET.readout }]);
  });

  it('GT_t = x_{t+1}, and the last target repeats x_T', () => {
    expect(nextValueTargets([1, 2, 3])).toEqual([[2], [3], [3]]);
    const { init } = fakeInit();
    const spec = buildSpec(base({ inputPreset: 'typed', typedText: '0.5, -1, 2' }), init);
    expect(spec.inputs).toEqual([[0.5], [-1], [2]]);
    expect(spec.targets).toEqual([[-1], [2], [2]]);
  });

  it('LSTM and GRU carry the gate activation; LSTM the forget bias', () => {
    const { init, calls } = fakeInit();
    const spec = buildSpec({ ...PRESETS.lstm.settings, recurrentActivation: 'hardSigmoid', forgetBias: 3 }, init);
    expect(spec.recurrentActivation).toBe('hardSigmoid');
    expect(calls.w[0]).toMatchObject({ cell: 'lstm', forgetBias: 3 });
    expect(spec.weights.kernel[0]).toHaveLength(16);
  });

  it('bidirectional: backward weights from another seed, merge, readout width', () => {
    const { init, calls } = fakeInit();
    const s = PRESETS.bidirectional.settings;
    const spec = buildSpec(s, init);
    expect(spec.backward).toBeDefined();
    expect(spec.merge).toBe('concat');
    expect(calls.w.map((c) => c.seed)).toEqual([s.seed, s.seed + SEED_OFFSET.backward]);
    expect(calls.r[0].inputDim).toBe(2 * s.units);
    expect(readoutInputDim({ ...s, merge: 'sum' })).toBe(s.units);
  });

  it('a bad typed sequence throws a SpecError with the parser’s message', () => {
    const { init } = fakeInit();
    expect(() => buildSpec(base({ inputPreset: 'typed', typedText: '1, x' }), init)).toThrow(SpecError);
    expect(() => buildSpec(base({ inputPreset: 'typed', typedText: '1, x' }), init)).toThrow('“x” at position 2 is not a number.');
  });
});

describe('settings sanitising', () => {
  it('clamps extremes and replaces tampered values', () => {
    const s = sanitizeSettings(
      {
        cell: 'transformer',
        units: 1e9,
        steps: -4,
        weightScale: Infinity,
        inputScale: 'lots',
        forgetBias: -99,
        seed: -12.7,
        inputPreset: '<script>',
        merge: 'zip',
        recurrentActivation: 'relu',
        typedText: 'x'.repeat(5000),
        bidirectional: true,
      },
      'vanilla-cell',
    );
    expect(s).toMatchObject({
      cell: 'rnn',
      units: 16,
      steps: 1,
      weightScale: PRESETS['vanilla-cell'].settings.weightScale,
      inputScale: 1,
      forgetBias: -3,
      seed: 12,
      inputPreset: PRESETS['vanilla-cell'].settings.inputPreset,
      merge: 'concat',
      recurrentActivation: 'sigmoid',
      bidirectional: false,
    });
    // a typed text the simulator cannot run (here 5,000 x's) is never kept, not even cut: the lesson's sequence replaces it
    expect(s.typedText).toBe(PRESETS['vanilla-cell'].settings.typedText);
    expect(sanitizeSettings({ weightScale: 7, forgetBias: 50, units: 0, steps: 1000 }, 'lstm')).toMatchObject({
      weightScale: 3,
      forgetBias: 5,
      units: 1,
      steps: 60,
    });
    expect(sanitizeSettings({ weightScale: NaN, units: '4' }, 'vanishing')).toMatchObject({ weightScale: 1, units: 4 });
    expect(sanitizeSettings(null, 'gru')).toEqual(PRESETS.gru.settings);
    // a preset only allows its own cells
    expect(sanitizeSettings({ cell: 'lstm' }, 'bptt').cell).toBe('rnn');
    expect(sanitizeSettings({ cell: 'lstm' }, 'compare').cell).toBe('lstm');
  });

  it('playback stays inside the sequence', () => {
    expect(sanitizePlayback({ step: 99, lossStep: -3, speed: 0, phase: 'sideways', playing: 'yes' }, 6)).toEqual({
      step: 5,
      lossStep: 0,
      speed: 0.25,
      phase: 'forward',
      playing: false,
    });
    expect(sanitizePlayback({ step: NaN }, 0).step).toBe(0);
  });

  it('a typed sequence sets T', () => {
    expect(effectiveSteps(base({ inputPreset: 'typed', typedText: '1 2 3' }))).toBe(3);
    expect(effectiveSteps(base({ inputPreset: 'typed', typedText: '1 2 x', steps: 9 }))).toBe(9);
  });
});

describe('simulator store', () => {
  const store = useSimulatorStore;

  it('creates instances from preset defaults and clamps every setter', () => {
    store.getState().ensure('vanishing', 'vanishing');
    const inst = store.getState().instances.vanishing;
    expect(inst.settings).toMatchObject({ cell: 'rnn', units: 8, steps: 30, weightScale: 1 });
    expect(inst.playback).toMatchObject({ phase: 'backward', step: 29, lossStep: 29 });

    store.getState().setSettings('vanishing', { weightScale: 1e6, units: -1, seed: 'nope' });
    expect(store.getState().instances.vanishing.settings).toMatchObject({ weightScale: 3, units: 1, seed: PRESETS.vanishing.settings.seed });

    store.getState().setPlayback('vanishing', { step: 1e9, speed: -1 });
    expect(store.getState().instances.vanishing.playback).toMatchObject({ step: 29, lossStep: 29, speed: 0.25 });

    // C_T stays C_T when T changes
    store.getState().setSettings('vanishing', { steps: 10 });
    expect(store.getState().instances.vanishing.playback).toMatchObject({ step: 9, lossStep: 9 });

    // unknown ids are ignored, not created
    store.getState().setSettings('nope', { units: 3 });
    expect(store.getState().instances.nope).toBeUndefined();
  });

  it('load() sanitises an untrusted snapshot', () => {
    store.getState().load('lstm', { preset: 'lstm', settings: { units: 'NaN', forgetBias: 1e9 }, playback: { step: -7 } });
    const inst = store.getState().instances.lstm;
    expect(inst.settings.units).toBe(PRESETS.lstm.settings.units);
    expect(inst.settings.forgetBias).toBe(5);
    expect(inst.playback.step).toBe(0);
    store.getState().load('evil', { preset: '__proto__' });
    expect(store.getState().instances.evil).toBeUndefined();
    expect(JSON.parse(JSON.stringify(store.getState().instances))).toEqual(store.getState().instances); // plain data
  });

  it('stepping, playing and the backward phase', () => {
    let inst = defaultInstance('vanilla-forward');
    inst = applyPlayback(inst, { step: 2 });
    inst = applyPlayback(inst, { phase: 'backward' });
    expect(inst.playback).toMatchObject({ step: 2, lossStep: 2 }); // one t in the backward phase
    inst = applyPlayback(inst, { lossStep: 4 });
    expect(inst.playback.step).toBe(4);
    inst = togglePlay(inst);
    expect(inst.playback.playing).toBe(true);
    inst = advance(inst);
    expect(inst.playback).toMatchObject({ step: 5, playing: false }); // reached the end
    inst = togglePlay(inst);
    expect(inst.playback).toMatchObject({ step: 0, playing: true }); // from the end starts over
    store.getState().ensure('unrolled', 'unrolled');
    store.getState().stepBy('unrolled', -5);
    expect(store.getState().instances.unrolled.playback.step).toBe(0);
    store.getState().stepBy('unrolled', 100);
    expect(store.getState().instances.unrolled.playback.step).toBe(7);
    store.getState().reinitialise('unrolled', 123.9);
    expect(store.getState().instances.unrolled.settings.seed).toBe(123);
    store.getState().reinitialise('unrolled');
    expect(Number.isInteger(store.getState().instances.unrolled.settings.seed)).toBe(true);
  });

  it('the clicker entering a slide starts from the lesson’s settings, unless pinned or trained (issue 29)', () => {
    const st = () => store.getState();
    st().load('gru', { preset: 'gru', settings: { ...PRESETS.gru.settings, steps: 60 }, playback: { step: 40 } });
    st().startFromLesson('gru');
    expect(st().instances.gru).toEqual(defaultInstance('gru')); // settings and playback back to the lesson's
    const untouched = st().instances.gru;
    st().startFromLesson('gru');
    expect(st().instances.gru).toBe(untouched); // nothing to undo: no change (no sync, no recompute)

    st().setSettings('gru', { steps: 60 });
    st().setPinned('gru', true);
    st().setSettings('gru', { units: 3 }); // the pin survives later changes
    st().startFromLesson('gru');
    expect(st().instances.gru).toMatchObject({ pinned: true, settings: { steps: 60, units: 3 } });
    // the pin travels with the instance (a presenter window's snapshot) and Reset clears it
    expect(JSON.parse(JSON.stringify(st().instances.gru)).pinned).toBe(true);
    st().load('gru-copy', { ...st().instances.gru });
    expect(st().instances['gru-copy'].pinned).toBe(true);
    st().load('gru-copy', { ...st().instances.gru, pinned: 'yes' });
    expect('pinned' in st().instances['gru-copy']).toBe(false);
    st().setPinned('gru', false);
    expect('pinned' in st().instances.gru).toBe(false);
    st().reset('gru');
    expect(st().instances.gru).toEqual(defaultInstance('gru'));

    // trained weights on it are the presenter's choice too
    st().setSettings('gru', { seed: 5 });
    st().setTrained('gru', {
      label: 'GRU trained',
      cell: 'gru',
      units: PRESETS.gru.settings.units,
      weights: { kernel: [[0]], recurrentKernel: [[0]], bias: [0] },
      readout: { kernel: [[0]], bias: [0] },
      recurrentActivation: 'sigmoid',
      inputs: [[0]],
      targets: [[0]],
    });
    st().startFromLesson('gru');
    expect(st().instances.gru.settings.seed).toBe(5);
    st().setTrained('gru', null);
    st().startFromLesson('gru');
    expect(st().instances.gru.settings.seed).toBe(PRESETS.gru.settings.seed);
  });

  it('a shorter T pulls the step back in', () => {
    let inst = applyPlayback(defaultInstance('unrolled'), { step: 7 });
    inst = applySettings(inst, { steps: 3 });
    expect(inst.playback.step).toBe(2);
  });
});

describe('unrolled view helpers', () => {
  it('norms, log positions and layout', () => {
    expect(l2norm([3, 4])).toBeCloseTo(5);
    expect(l2norm([1e200, 1e200])).toBeCloseTo(Math.SQRT2 * 1e200, -190);
    expect(l2norm([NaN])).toBeNaN();
    expect(l2norm([])).toBe(0);
    const trace = {
      dCdh: [
        [[1, 0]],
        [
          [0, 0.1],
          [0, 1],
        ],
      ],
    } as never;
    expect(normsFor(trace, 1)).toEqual([0.1, 1]);
    expect(normsFor(trace, 5)).toEqual([]);
    expect(logPositions([0.01, 1, 0.1])).toEqual([0, 1, 0.5]);
    expect(logPositions([2, 2])).toEqual([1, 1]);
    const spec = { units: 16, inputs: Array(60).fill([0]) } as never;
    const l = unrolledLayout(spec, { h: Array(60).fill(Array(16).fill(0)), outputs: [Array(16).fill(0)] } as never);
    expect(l.T).toBe(60);
    expect(l.width).toBeGreaterThan(60 * 30);
    expect(Number.isFinite(l.height)).toBe(true);
  });
});
