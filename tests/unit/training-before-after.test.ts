/**
 * The before/after gradient view's data (issue 24, item 1): what the race keeps of its probes
 * (src/train/gradMarks.ts) and which curve goes in which panel, with its label (beforeAfter.tsx).
 */
import { describe, expect, it } from 'vitest';
import { parseGradMarks, recordGradProbe, type GradMarks } from '../../src/train/gradMarks';
import { beforeAfterCurves, keptRatio, quotedDistances, sharedGradDomain } from '../../src/views/training/beforeAfter';

const g = (a: number) => ({ gradNorm: [a, a / 10, a / 100] });
const none = { rnn: null, lstm: null, gru: null };

describe('gradient marks', () => {
  it('keep the first probe from step 1, the probe at the solved step and the latest one', () => {
    let m: GradMarks = recordGradProbe({}, 0, { rnn: g(1), gru: g(2) }, none);
    expect(m).toEqual({}); // the untrained weights' probe is not kept
    m = recordGradProbe(m, 1, { rnn: g(1), gru: g(2) }, none);
    m = recordGradProbe(m, 50, { rnn: g(3), gru: g(4) }, none);
    const before = m;
    m = recordGradProbe(m, 160, { rnn: g(5), gru: g(6) }, { ...none, gru: 160 });
    m = recordGradProbe(m, 200, { rnn: g(7), gru: g(8) }, { ...none, gru: 160 });
    expect(before.gru!.last!.step).toBe(50); // not changed by later records
    expect(m.gru).toEqual({ first: { step: 1, ...g(2) }, solved: { step: 160, ...g(6) }, last: { step: 200, ...g(8) } });
    expect(m.rnn).toEqual({ first: { step: 1, ...g(1) }, solved: null, last: { step: 200, ...g(7) } });
    expect(parseGradMarks(JSON.parse(JSON.stringify(m)))).toEqual(m);
    expect(parseGradMarks('x')).toEqual({});
    expect(parseGradMarks({ gru: { first: { step: 1.5, gradNorm: [1] } } }).gru!.first).toBeNull();
  });

  it('go into the panels: before = step 1, after = solved, else the last step labelled as never solved', () => {
    let m: GradMarks = recordGradProbe({}, 1, { rnn: g(1), lstm: g(1), gru: g(2) }, none);
    m = recordGradProbe(m, 160, { rnn: g(5), lstm: g(1), gru: g(6) }, { ...none, gru: 160 });
    m = recordGradProbe(m, 500, { rnn: g(7), lstm: g(1), gru: g(8) }, { ...none, gru: 160 });
    const models = { rnn: { solvedAt: null, diverged: null }, lstm: { solvedAt: null, diverged: 'x' }, gru: { solvedAt: 160, diverged: null } };
    const done = beforeAfterCurves(m, models, ['rnn', 'lstm', 'gru'], true);
    expect(done.before.map((s) => [s.c, s.step, s.label])).toEqual([
      ['rnn', 1, 'Vanilla RNN: step 1'],
      ['lstm', 1, 'LSTM: step 1'],
      ['gru', 1, 'GRU: step 1'],
    ]);
    expect(done.after.map((s) => [s.c, s.step, s.kind])).toEqual([
      ['rnn', 500, 'last'],
      ['lstm', 500, 'stopped'],
      ['gru', 160, 'solved'],
    ]);
    expect(done.after[0].label).toBe('Vanilla RNN: last step 500 (never solved)');
    expect(done.after[2].label).toBe('GRU: solved at step 160');
    expect(beforeAfterCurves(m, models, ['rnn'], false).after[0].kind).toBe('unsolved-yet');
  });

  it('one log axis on whole decades; quoted distances; the far/near ratio', () => {
    expect(sharedGradDomain([{ gradNorm: [3.2, 1e-5, NaN, 0] }])).toEqual([1e-5, 10]);
    expect(sharedGradDomain([])).toEqual([1e-4, 10]);
    expect(quotedDistances(30)).toEqual([0, 14, 29]);
    expect(keptRatio([2, 1, 0.5])).toBe(0.25);
    expect(keptRatio([0, 1])).toBeNaN();
  });
});
