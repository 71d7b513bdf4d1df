/**
 * The settings panel is drawn from the declarations (src/sim/schema.ts): which settings it shows
 * for each preset and cell, in what order, with the declared labels, ranges and options, and the
 * same ranges the sanitiser enforces. Server-rendered, so it checks the markup the panel produces.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { panelEntries, SETTING_DECLS, type Decl, type PanelState } from '../../src/sim/schema';
import { checkSettings, effectiveSteps, PRESETS, type SimSettings, type SimulatorPreset } from '../../src/sim/settings';
import { SettingsPanel } from '../../src/views/sim/Controls';

const stateOf = (preset: SimulatorPreset, over: Partial<SimSettings> = {}): { s: SimSettings; state: PanelState } => {
  const s = { ...PRESETS[preset].settings, ...over };
  return {
    s,
    state: { cell: s.cell, bidirectional: s.bidirectional, inputPreset: s.inputPreset, cells: PRESETS[preset].cells, T: effectiveSteps(s) },
  };
};
const keys = (preset: SimulatorPreset, over: Partial<SimSettings> = {}) =>
  panelEntries(SETTING_DECLS, stateOf(preset, over).state).map((e) => e.key);
const render = (preset: SimulatorPreset, over: Partial<SimSettings> = {}, sigma: number | null = 0.5) => {
  const { s, state } = stateOf(preset, over);
  return renderToStaticMarkup(createElement(SettingsPanel, { id: preset, settings: s, cells: PRESETS[preset].cells, sigma, T: state.T }));
};
const decls = SETTING_DECLS as Record<string, Decl>;

describe('settings panel from the declarations', () => {
  it('shows each setting where it applies, in panel order', () => {
    expect(keys('vanilla-cell')).toEqual(['inputPreset', 'typedText', 'units', 'steps', 'weightScale', 'seed']);
    expect(keys('lstm')).toEqual([
      'cell',
      'inputPreset',
      'typedText',
      'units',
      'steps',
      'weightScale',
      'seed',
      'recurrentActivation',
      'forgetBias',
    ]);
    expect(keys('gru')).toEqual(['cell', 'inputPreset', 'typedText', 'units', 'steps', 'weightScale', 'seed', 'recurrentActivation', 'gruForm']);
    expect(keys('bidirectional')).toEqual(['cell', 'merge', 'inputPreset', 'typedText', 'units', 'steps', 'weightScale', 'seed']);
    // fixed by the preset, not in the panel, or shown as the hand-example note
    for (const k of ['bidirectional', 'inputScale', 'example']) expect(decls[k].panel).toBeUndefined();
    const orders = Object.values(decls).flatMap((d) => (d.panel ? [d.panel.order] : []));
    expect(new Set(orders).size).toBe(orders.length);
  });

  it('renders the declared labels, options, ranges and test ids', () => {
    const html = render('lstm');
    for (const k of keys('lstm')) {
      const d = decls[k];
      if (k !== 'weightScale') expect(html, k).toContain(`>${d.label}<`);
      if (d.panel?.testid) expect(html, k).toContain(`data-testid="${d.panel.testid}"`);
      if (d.type === 'enum' && k !== 'cell') for (const o of d.options) expect(html, `${k} ${o.value}`).toContain(`>${o.label}<`);
      if ((d.type === 'int' || d.type === 'number') && d.panel?.testid) {
        const input = new RegExp(`<input[^>]*min="${d.min}" max="${d.max}" step="${d.step}"[^>]*data-testid="${d.panel.testid}"`);
        expect(html, k).toMatch(input);
      }
    }
    // the cell radios list the preset's cells in declaration order
    expect([...html.matchAll(/type="radio"[^>]*value="(rnn|lstm|gru)"/g)].map((m) => m[1])).toEqual(['rnn', 'lstm', 'gru']);
    expect(html).toContain('Weight scale of the recurrent kernel');
    expect(html).toContain('<span data-testid="sim-sigma">0.50</span>');
    expect(render('vanilla-cell')).toContain('Weight scale of W_h');
  });

  it('a typed sequence sets T: the steps slider shows its length, rests, and says why', () => {
    const html = render('vanilla-cell', { inputPreset: 'typed', typedText: '1, 2, 3, 4' });
    expect(html).toMatch(/<input[^>]*disabled=""[^>]*aria-valuetext="T = 4 steps"[^>]*data-testid="sim-steps" value="4"/);
    expect(html).toContain(SETTING_DECLS.steps.help);
    expect(render('vanilla-cell')).not.toContain(SETTING_DECLS.steps.help);
  });

  it('the GRU form radios carry each form’s parameter count and the chosen form’s help', () => {
    const html = render('gru', { units: 4, gruForm: 'keras' });
    expect(html).toContain('data-testid="sim-gru-params-tfjs" data-value="72"');
    expect(html).toContain('data-testid="sim-gru-params-keras" data-value="84"');
    expect(html).toContain(SETTING_DECLS.gruForm.options[1].help);
    expect(html).not.toContain(SETTING_DECLS.gruForm.options[0].help);
  });

  it('the sanitiser enforces the same ranges the sliders offer', () => {
    for (const [k, d] of Object.entries(decls)) {
      if (!d.panel || (d.type !== 'int' && d.type !== 'number')) continue;
      const max = d.max as number;
      const min = d.min as number;
      const high = checkSettings({ ...PRESETS.lstm.settings, [k]: max + 10 }, 'lstm');
      const low = checkSettings({ ...PRESETS.lstm.settings, [k]: min - 10 }, 'lstm');
      expect((high.value as Record<string, unknown>)[k], k).toBe(max);
      expect((low.value as Record<string, unknown>)[k], k).toBe(min);
      expect(high.notices[0], k).toContain(`${d.name} `);
    }
  });
});
