/**
 * The input-connectivity view (src/views/gradient/ConnectivityView.tsx) server-rendered from real
 * traces (simulate() on the dev fixtures' specs): one keyboard-reachable point per input step with
 * its exact value, the legend, the text alternative (a table with every value), and nothing for a
 * trace without the field.
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { simulate } from '../../src/engine/index';
import { ConnectivityView, connectivitySentence } from '../../src/views/gradient/ConnectivityView';
import { fmtNorm } from '../../src/views/kit/format';
import { FIXTURES } from '../fixtures/views';
import type { ViewProps } from '../../src/views/types';

const props = (spec: ViewProps['spec'], trace: ViewProps['trace']): ViewProps => ({
  spec,
  trace,
  step: 0,
  lossStep: trace.h.length - 1,
  phase: 'backward',
  reducedMotion: true,
  highlight: null,
  setHighlight: () => {},
});
const html = (p: ViewProps) => renderToStaticMarkup(createElement(ConnectivityView, p));

describe('ConnectivityView', () => {
  for (const name of ['rnn', 'lstm', 'gru', 'biRnn', 'biGruSum'] as const) {
    it(`${name}: every ‖∂y_T/∂x_k‖ as a focusable point, in the legend's terms, and in the table`, async () => {
      const { spec } = FIXTURES[name];
      const trace = await simulate(spec);
      const norms = trace.inputConnectivity!;
      const T = spec.inputs.length;
      const out = html(props(spec, trace));
      expect(out).toContain('data-testid="connectivity-view"');
      expect(out).toContain(`data-norms="${JSON.stringify(norms).replace(/"/g, '&quot;')}"`);
      // one point per input step, exactly one in the tab order (roving focus), each with its value
      expect(out.match(/data-testid="conn-point"/g)).toHaveLength(T);
      expect(
        out.match(/class="dv-point-group dv-point-group-x"[^>]*tabindex="0"|tabindex="0"[^>]*class="dv-point-group dv-point-group-x"/g),
      ).toHaveLength(1);
      for (let k = 0; k < T; k++) expect(out).toContain(`‖∂y_${T}/∂x_${k + 1}‖ = ${fmtNorm(norms[k])}`);
      expect(out).toContain('data-testid="conn-legend"');
      expect(out.match(/data-testid="conn-row"/g)).toHaveLength(T);
      expect(out).toContain('Input connectivity as a table');
      if (spec.backward) expect(out).toContain('both directions count');
      if (spec.cell === 'lstm') expect(out).toContain('the gates and the cell state');
    });
  }

  it('draws nothing for a trace made before the field existed', () => {
    const { spec, trace } = FIXTURES.rnn;
    expect(trace.inputConnectivity).toBeUndefined();
    expect(html(props(spec, trace))).toBe('');
  });

  it('its sentence compares the first input with the last', () => {
    expect(connectivitySentence([1])).toMatch(/only x_1/);
    expect(connectivitySentence([1e-5, 1e-3, 1])).toMatch(/all but forgotten/);
    expect(connectivitySentence([0.5, 1])).toMatch(/about as much/);
    expect(connectivitySentence([50, 1])).toMatch(/more with x_1/);
    expect(connectivitySentence([1, 0])).toMatch(/does not move with x_2/);
  });
});
