import { describe, expect, it } from 'vitest';
import { parseMessage, SIM_SYNC_VERSION, traceKey } from '../../src/store/simSync';
import { PRESETS } from '../../src/sim/settings';

const inst = { preset: 'bptt', settings: { ...PRESETS.bptt.settings }, playback: { ...PRESETS.bptt.playback } };
const state = { app: 'unrolled-sim', v: SIM_SYNC_VERSION, from: 'w1', kind: 'state', id: 'bptt', clock: { n: 1, from: 'w1' }, inst, trained: null };

describe('simulator sync messages (store/simSync.ts)', () => {
  it('reads a well-formed message of this version', () => {
    expect(parseMessage(state)?.kind).toBe('state');
    expect(parseMessage({ app: 'unrolled-sim', v: SIM_SYNC_VERSION, from: 'w1', kind: 'hello' })?.kind).toBe('hello');
    expect(parseMessage({ app: 'unrolled-sim', v: SIM_SYNC_VERSION, from: 'w1', kind: 'trace', id: 'bptt', key: 'k', result: {} })?.kind).toBe(
      'trace',
    );
  });

  it('ignores other versions, other apps and malformed messages without throwing', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'hello',
      42,
      [],
      { ...state, v: SIM_SYNC_VERSION + 1 },
      { ...state, v: 0 },
      { ...state, app: 'unrolled-presenter' },
      { ...state, from: '' },
      { ...state, kind: 'launch' },
      { ...state, clock: 'soon' },
      { ...state, clock: { n: -1, from: 'w1' } },
      { ...state, clock: { n: 1.5, from: 'w1' } },
      { ...state, id: 'x'.repeat(65) },
      { ...state, inst: { ...inst, preset: 'nope' } },
      { ...state, inst: { ...inst, settings: 3 } },
      { ...state, trained: { label: 'x' } },
      { app: 'unrolled-sim', v: SIM_SYNC_VERSION, from: 'w1', kind: 'trace', id: 'bptt' },
    ];
    for (const m of bad) expect(parseMessage(m), JSON.stringify(m)).toBeNull();
    const hostile = Object.defineProperty({ ...state }, 'inst', {
      get() {
        throw new Error('boom');
      },
    });
    expect(parseMessage(hostile)).toBeNull();
  });

  it('keys a trace by its settings and trained weights', () => {
    const s = PRESETS.bptt.settings;
    expect(traceKey(s, null)).toBe(traceKey({ ...s }, null));
    expect(traceKey({ ...s, units: 5 }, null)).not.toBe(traceKey(s, null));
    const trained = {
      label: 'RNN trained',
      cell: 'rnn' as const,
      units: 1,
      weights: { kernel: [[1]], recurrentKernel: [[0.5]], bias: [0] },
      readout: { kernel: [[1]], bias: [0] },
      recurrentActivation: 'sigmoid' as const,
      inputs: [[1]],
      targets: [[0]],
    };
    expect(traceKey(s, trained)).not.toBe(traceKey(s, null));
    expect(traceKey(s, trained)).not.toBe(traceKey(s, { ...trained, weights: { ...trained.weights, bias: [1] } }));
  });
});
