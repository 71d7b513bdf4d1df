import { describe, expect, it } from 'vitest';
import { caption, traceCsv, wrapCaption } from '../../src/views/sim/exporters';
import { PRESETS } from '../../src/sim/settings';
import type { SimSpec, Trace } from '../../src/engine/index';

const meta = { preset: 'lstm', settings: { ...PRESETS.lstm.settings }, playback: { ...PRESETS.lstm.playback, step: 3 } };

describe('diagram caption (issue 30: it was cut at the drawing’s width)', () => {
  const text = caption(meta, 8);
  const perChar = (t: string, px: number) => t.length * px * 0.5;

  it('wraps at its separators; the lines joined are the caption exactly, each within the width', () => {
    for (const width of [120, 200, 320, 500, 2000]) {
      const lines = wrapCaption(text, width, 16, perChar);
      expect(lines.join('')).toBe(text);
      // a line of two parts or more fits; only a single part wider than the line may be wider
      for (const l of lines) if (l.replace(/ · $/, '').includes(' · ')) expect(perChar(l.trimEnd(), 16)).toBeLessThanOrEqual(width);
    }
    expect(wrapCaption(text, 2000, 16, perChar)).toEqual([text]);
    expect(wrapCaption(text, 200, 16, perChar).length).toBeGreaterThan(2);
  });

  it('a part wider than the line gets a line of its own instead of being cut', () => {
    const lines = wrapCaption('a · a very long part indeed · b', 40, 10, perChar);
    expect(lines).toEqual(['a · ', 'a very long part indeed · ', 'b']);
  });
});

describe('trace CSV (issue 30: no comment line for spreadsheets to trip over)', () => {
  it('is a header row and one row per step', () => {
    const spec = { cell: 'rnn', units: 1, inputs: [[1], [0]], targets: [[0], [0]] } as unknown as SimSpec;
    const trace = {
      h: [[0.5], [0.25]],
      y: [[0.1], [0.2]],
      loss: [0.01, 0.04],
      gates: {},
      dCdh: [
        [[0.3], [0]],
        [[0.1], [0.2]],
      ],
    } as unknown as Trace;
    const lines = traceCsv(spec, trace, { playback: { ...meta.playback, lossStep: 1 } })
      .trim()
      .split('\n');
    expect(lines[0]).toBe('t,x,h_1,y,GT,C,dC2/dh_1,norm_dC2/dh');
    expect(lines.slice(1)).toEqual(['1,1,0.5,0.1,0,0.01,0.1,0.1', '2,0,0.25,0.2,0,0.04,0.2,0.2']);
  });
});
