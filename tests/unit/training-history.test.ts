/**
 * The training lab keeps a bounded history however long a race runs (issue 12: memory stays flat
 * over ten minutes of training): the loss history and the gate snapshots thin out past their caps,
 * evenly, keeping the first, the latest and the "solved" evaluations.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_GATE_SNAPSHOTS, MAX_HISTORY, capSeries, useTrainingStore } from '../../src/store/training';
import type { Snapshot } from '../../src/train/protocol';

const model = (solvedAt: number | null) => ({ loss: 0.1, trainLoss: 0.1, steps: 0, solvedAt, diverged: null, msPerStep: 1 });
const snap = (step: number, solvedAt: number | null): Snapshot => ({
  generation: 0,
  step,
  playing: true,
  finished: false,
  baseline: 0.167,
  models: { rnn: model(null), lstm: model(null), gru: model(solvedAt) },
  stepsPerSec: 10,
  numTensors: 51,
});
const ev = (step: number) => ({ step, losses: { rnn: 0.16, lstm: 0.1, gru: 1 / step } });
const gates = { i: [1, 2], f: [3, 4] };

describe('the lab history is bounded', () => {
  beforeEach(() => useTrainingStore.getState().clearRun('playing'));

  it('capSeries keeps a grid twice as coarse past the cap, the first, the last and the kept steps', () => {
    const xs = [1, 10, 20, 30, 40, 50, 60, 70, 85].map((step) => ({ step }));
    expect(capSeries(xs, 0, 20, 10)).toEqual({ xs, stride: 0 });
    const a = capSeries(xs, 0, 6, 10);
    expect(a.stride).toBe(20);
    expect(a.xs.map((x) => x.step)).toEqual([1, 20, 40, 60, 85]);
    expect(capSeries(xs, 0, 6, 10, new Set([30])).xs.map((x) => x.step)).toEqual([1, 20, 30, 40, 60, 85]);
    // an entry off the grid goes once a newer one arrives (the latest is always shown)
    expect(capSeries([...a.xs, { step: 90 }], a.stride, 6, 10).xs.map((x) => x.step)).toEqual([1, 20, 40, 60, 90]);
  });

  it('20,000 steps of evaluations and probes stay within the caps, evenly spread, the solved point kept', () => {
    const store = useTrainingStore.getState();
    let maxHistory = 0;
    let maxGates = 0;
    for (let step = 10; step <= 20_000; step += 10) {
      const solvedAt = step >= 170 ? 170 : null;
      useTrainingStore.getState().applySnapshot(snap(step, solvedAt));
      const probe = step % 50 === 0 ? { step, models: { lstm: { gradNorm: [1], gates } } } : null;
      store.addProgress([ev(step)], probe as never);
      const st = useTrainingStore.getState();
      maxHistory = Math.max(maxHistory, st.history.length);
      maxGates = Math.max(maxGates, st.gateHistory.length);
    }
    const st = useTrainingStore.getState();
    expect(maxHistory).toBeLessThanOrEqual(MAX_HISTORY);
    expect(maxGates).toBeLessThanOrEqual(MAX_GATE_SNAPSHOTS);
    // the caps were reached (2,000 evaluations, 400 probes): thinning happened and the sizes are still useful
    expect(st.history.length).toBeGreaterThan(MAX_HISTORY / 2 - 2);
    expect(st.gateHistory.length).toBeGreaterThan(MAX_GATE_SNAPSHOTS / 2 - 2);
    const steps = st.history.map((h) => h.step);
    expect(steps[0]).toBe(10);
    expect(steps[steps.length - 1]).toBe(20_000);
    expect(steps).toContain(170); // the GRU's solved marker still has its point
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1]);
    // evenly spread: no gap more than a few times the typical one
    const gaps = steps.slice(1).map((s, i) => s - steps[i]);
    const typical = gaps.sort((a, b) => a - b)[gaps.length >> 1];
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * typical);
    expect(st.gateHistory[st.gateHistory.length - 1].step).toBe(20_000);
  });

  it('clearRun forgets the whole race: the run is as the store started, the settings and the backend kept', () => {
    const start = useTrainingStore.getInitialState();
    const store = useTrainingStore.getState();
    store.setBackend('cpu', 'a test');
    for (const step of [10, 50, 100]) {
      store.applySnapshot({ ...snap(step, 50), models: { ...snap(step, 50).models, rnn: { ...model(null), diverged: 'loss is NaN' } } });
      store.addProgress([ev(step)], { step, models: { lstm: { gradNorm: [1], gates } } } as never);
    }
    expect(useTrainingStore.getState().notices.rnn).toBe('loss is NaN');
    store.clearRun('ready');
    const st = useTrainingStore.getState();
    const kept = ['config', 'backendChoice', 'messages', 'backend', 'backendReason', 'generation', 'numTensors', 'numBytes', 'status', 'error'];
    const data = (s: object) => Object.fromEntries(Object.entries(s).filter(([k, v]) => typeof v !== 'function' && !kept.includes(k)));
    expect(Object.keys(data(start))).toContain('history');
    expect(data(st)).toEqual(data(start));
    expect(st.status).toBe('ready');
    expect(st.backend).toBe('cpu');
  });
});
