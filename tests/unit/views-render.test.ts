/**
 * Server-renders the three detail views from the dev fixtures: a smoke test that they draw from
 * the trace alone and carry the attributes the browser tests and the linking rely on.
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { CellView } from '../../src/views/cell/CellView';
import { GradientView } from '../../src/views/gradient/GradientView';
import { EquationPanel } from '../../src/views/equations/EquationPanel';
import { loadTex } from '../../src/views/kit/texRender';
import { gradientNorms } from '../../src/views/kit/norms';
import { FIXTURES, type ViewFixture } from '../fixtures/views';
import type { Highlight, ViewProps } from '../../src/views/types';

// KaTeX is a chunk of its own: here before the panels render (the app shows a line until it is)
await loadTex();

function props(fx: ViewFixture, over: Partial<ViewProps> = {}): ViewProps {
  const T = fx.spec.inputs.length;
  return {
    spec: fx.spec,
    trace: fx.trace,
    step: Math.min(2, T - 1),
    lossStep: T - 1,
    phase: 'forward',
    reducedMotion: true,
    highlight: null,
    setHighlight: () => {},
    ...over,
  };
}

const html = (c: (p: ViewProps) => unknown, p: ViewProps) => renderToStaticMarkup(createElement(c as (p: ViewProps) => React.JSX.Element, p));

describe('CellView', () => {
  for (const [name, fx] of Object.entries(FIXTURES)) {
    it(`${name}: draws every vector with exact values in aria-labels`, () => {
      const out = html(CellView, props(fx));
      expect(out).toContain('data-term="h"');
      expect(out).toContain('data-term="x"');
      expect(out).toMatch(/aria-label="(→)?h_3 unit 1 = [−0-9.e]+"/);
      expect(out).toContain('class="sr-only"');
      expect(out).toContain('dv-legend');
    });
  }
  it('LSTM shows f, i, g, o and the cell-state path', () => {
    const fx = FIXTURES.lstm;
    const out = html(CellView, props(fx));
    for (const g of ['f', 'i', 'g', 'o', 'c', 'cprev']) expect(out).toContain(`data-term="${g}"`);
    expect(out).toContain(`aria-label="f_3 unit 1 = ${fx.trace.gates.f[2][0].toFixed(3)}"`);
    expect(out).toContain('is-lag');
  });
  it('GRU shows z, r and h̃', () => {
    const out = html(CellView, props(FIXTURES.gru));
    for (const g of ['z', 'r', 'hh']) expect(out).toContain(`data-term="${g}"`);
  });
  it('bidirectional shows both chains and the merge', () => {
    const out = html(CellView, props(FIXTURES.biGruSum));
    expect(out).toContain('data-term="hb"');
    expect(out).toContain('data-term="out"');
    expect(out).toContain('merge: sum');
  });
  it('outlines the highlighted term, including h_{t−1} when h at t−1 is highlighted', () => {
    const hl: Highlight = { term: 'h', t: 1 };
    const out = html(CellView, props(FIXTURES.rnn, { highlight: hl }));
    expect(out).toMatch(/class="dv-vec is-linked" data-term="hprev" data-step="2"/);
  });
});

describe('GradientView', () => {
  it('publishes the exact norms and ‖∂C_t/∂h_1‖', () => {
    const fx = FIXTURES.vanishing;
    const p = props(fx, { phase: 'backward' });
    const out = html(GradientView, p);
    const norms = gradientNorms(fx.trace, p.lossStep);
    const m = /data-norms="([^"]+)"/.exec(out);
    expect(m).not.toBeNull();
    expect(JSON.parse(m![1].replace(/&quot;/g, '"'))).toEqual(norms);
    expect(out).toContain('data-testid="grad-norm-first"');
    expect(out).toContain(`data-value="${String(norms[0])}"`);
    expect(out).toContain('below 10⁻¹²');
  });
  it('says there is no gradient without targets', () => {
    const fx = FIXTURES.rnn;
    const trace = { ...fx.trace, loss: [], dCdh: [] };
    const out = html(GradientView, props({ spec: { ...fx.spec, targets: undefined }, trace }));
    expect(out).toContain('no targets');
    expect(out).toContain('data-norms="[]"');
  });
  it('clamps the loss step into the trace', () => {
    const out = html(GradientView, props(FIXTURES.rnn, { lossStep: 99 }));
    expect(out).toContain('data-loss-step="5"');
  });
});

describe('EquationPanel', () => {
  it('renders KaTeX with data-term elements and accessible term buttons', () => {
    const out = html(EquationPanel, props(FIXTURES.lstm, { highlight: { term: 'f', t: 2 } }));
    expect(out).toContain('class="enclosing" data-term="f"');
    expect(out).toMatch(/<button[^>]*class="dv-term-btn is-linked"[^>]*data-term="f"/);
    // named by its own text (WCAG 2.5.3), not by an aria-label that hides what is seen
    expect(out).toMatch(/<button[^>]*data-term="f"[^>]*>.*?<span class="sr-only">f_t, forget gate<\/span><\/button>/);
    expect(out).not.toMatch(/<button[^>]*class="dv-term-btn[^"]*"[^>]*aria-label=/);
    expect(out).toContain('f_3 — forget gate');
  });
  it('adds the BPTT chain in the backward phase', () => {
    const fwd = html(EquationPanel, props(FIXTURES.rnn));
    const bwd = html(EquationPanel, props(FIXTURES.rnn, { phase: 'backward' }));
    expect(fwd).not.toContain('data-term="jac"');
    expect(bwd).toContain('data-term="jac"');
    expect(bwd).toContain('data-term="dCdh" data-step="0"');
  });
});
