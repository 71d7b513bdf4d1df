/**
 * A race's results survive the lab leaving the page and a reload (issue 30, item 3): what
 * src/store/trainingKeep.ts writes reads back, and what does not belong to the race is dropped.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/train/config';
import { matchingWeights, parseRun, serializeRun, type KeptRun } from '../../src/store/trainingKeep';
import type { TrainedWeights } from '../../src/train/race';

const model = (steps: number) => ({ loss: 0.01, trainLoss: 0.01, steps, solvedAt: null, diverged: null, msPerStep: 1 });
const weights = (cell: 'rnn' | 'lstm' | 'gru', step: number): TrainedWeights => ({
  cell,
  units: 2,
  inputDim: 2,
  kernel: [
    [1, 2],
    [3, 4],
  ],
  recurrentKernel: [
    [1, 0],
    [0, 1],
  ],
  bias: [0, 0],
  readout: { kernel: [[1], [1]], bias: [0] },
  recurrentActivation: 'sigmoid',
  inputs: [[0.5, 1]],
  target: [0.5],
  step,
  loss: 0.01,
});
const run = (): KeptRun => ({
  config: { ...DEFAULT_CONFIG, T: 40 },
  backendChoice: 'wasm',
  status: 'playing',
  step: 120,
  baseline: 0.167,
  models: { rnn: model(120), lstm: model(120), gru: model(120) },
  history: [{ step: 0, losses: { rnn: 0.2, lstm: 0.2, gru: 0.2 } }],
  probe: null,
  gradMarks: {
    gru: {
      first: { step: 1, gradNorm: [1.9, 0.5, 1e-5] },
      solved: { step: 160, gradNorm: [0.1, 0.08, 0.03] },
      last: { step: 120, gradNorm: [0.1, 0.08, 0.03] },
    },
  },
  gateHistory: [],
  historyStride: 0,
  gateStride: 0,
  notices: {},
  kept: { gru: weights('gru', 120), lstm: weights('lstm', 100) },
});

describe('a kept race', () => {
  it('reads back as it was written, paused (it cannot resume), with the weights of its own steps only', () => {
    const back = parseRun(serializeRun(run()))!;
    expect(back.step).toBe(120);
    expect(back.status).toBe('paused');
    expect(back.config.T).toBe(40);
    expect(back.history).toEqual(run().history);
    // the before/after curves come back as they were
    expect(back.gradMarks).toEqual(run().gradMarks);
    expect(Object.keys(back.kept)).toEqual(['gru']); // the LSTM's weights were of step 100
    expect(back.kept.gru).toEqual(weights('gru', 120));
    expect(parseRun(serializeRun({ ...run(), status: 'finished' }))!.status).toBe('finished');
  });

  it('is ignored when it is not one: no race, another version, bad JSON, a bad shape; its settings are clamped', () => {
    expect(parseRun(null)).toBeNull();
    expect(parseRun('{')).toBeNull();
    expect(parseRun(serializeRun({ ...run(), step: 0 }))).toBeNull();
    expect(parseRun(JSON.stringify({ v: 99, run: run() }))).toBeNull();
    expect(parseRun(JSON.stringify({ v: 1, run: { ...run(), history: 'x' } }))).toBeNull();
    expect(parseRun(JSON.stringify({ v: 1, run: { ...run(), models: { rnn: model(1) } } }))).toBeNull();
    expect(parseRun(JSON.stringify({ v: 1, run: { ...run(), config: { ...DEFAULT_CONFIG, units: 10_000 } } }))!.config.units).toBe(64);
  });

  it('keeps a model’s weights only for its cell and its step', () => {
    const models = run().models;
    expect(matchingWeights({ gru: weights('lstm', 120) }, models)).toEqual({});
    expect(matchingWeights({ rnn: weights('rnn', 120) }, models)).toEqual({ rnn: weights('rnn', 120) });
  });
});

describe('the lab’s number fields (issue 30, item 8)', () => {
  it('clamp with a notice in the simulators’ words, and keep the value for a non-number', async () => {
    const { readField } = await import('../../src/train/config');
    expect(readField('T', '0', 30)).toEqual({ value: 10, note: 'T 0 → 10 (10–100, whole numbers)' });
    expect(readField('T', '100000', 30).note).toMatch(/^T 100000 → 100 /);
    expect(readField('units', '10000', 16).note).toMatch(/^units 10000 → 64 /);
    expect(readField('learningRate', '-1', 0.02)).toEqual({ value: 0.00001, note: 'learning rate -1 → 0.00001 (0.00001–1)' });
    expect(readField('learningRate', '0.02', 0.02)).toEqual({ value: 0.02, note: null });
    expect(readField('stepBudget', '500', 500)).toEqual({ value: 500, note: null });
    expect(readField('units', 'abc', 16)).toEqual({ value: null, note: 'units: “abc” is not a number; kept 16' });
    expect(readField('units', ' ', 16)).toEqual({ value: null, note: 'units: no number given; kept 16' });
    expect(readField('batchSize', '16.6', 32).value).toBe(17);
  });
});
