import { describe, expect, it } from 'vitest';
import { checkPlayback, checkSettings, PRESETS, SETTING_DECLS } from '../../src/sim/settings';
import { checkValue, type Decl } from '../../src/sim/schema';

describe('settings declarations', () => {
  it('every preset default is inside its declaration', () => {
    for (const [id, p] of Object.entries(PRESETS)) {
      const { value, notices } = checkSettings(p.settings, id as keyof typeof PRESETS);
      expect(notices, id).toEqual([]);
      expect(value).toEqual(p.settings);
    }
  });
  it('names the setting and both values when it clamps or drops one', () => {
    const { value, notices } = checkSettings({ units: 999, weightScale: 'lots', cell: '<b>x</b>', seed: -4, forgetBias: 1 }, 'compare');
    expect(value).toMatchObject({ units: 16, weightScale: 1, cell: 'rnn', seed: 4, forgetBias: 1 });
    expect(notices).toEqual(['cell “<b>x</b>” → “rnn”', 'units 999 → 16', 'seed -4 → 4', 'weight scale “lots” → 1']);
  });
  it('a setting fixed by the preset ignores what it is given, silently', () => {
    expect(checkSettings({ bidirectional: true }, 'bptt')).toEqual({ value: PRESETS.bptt.settings, notices: [] });
  });
  it('playback ranges follow T and are shown 1-based', () => {
    const { value, notices } = checkPlayback({ step: 40, lossStep: 2, phase: 'sideways' }, 10);
    expect(value).toMatchObject({ step: 9, lossStep: 2, phase: 'forward' });
    expect(notices).toEqual(['t 41 → 10', 'phase “sideways” → “forward”']);
  });
  it('a new declaration is checked with no other code', () => {
    const d: Decl = { type: 'number', name: 'dropout', label: 'Dropout', url: 'do', min: 0, max: 0.5, step: 0.1, default: 0 };
    const c = { defaults: {}, cells: [], T: 1 };
    expect(checkValue(d, 'dropout', 0.9, c)).toEqual({ value: 0.5, notice: 'dropout 0.9 → 0.5' });
    expect(checkValue(d, 'dropout', undefined, c)).toEqual({ value: 0 });
  });
  it('every declaration has a unique URL key', () => {
    const keys = Object.values(SETTING_DECLS)
      .map((d) => d.url)
      .filter(Boolean);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
