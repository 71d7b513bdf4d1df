/**
 * SVG snapshots of every detail view × a few fixture traces, rendered in Node (react-dom/server)
 * and compared with the files under tests/unit/__snapshots__/views/ (Observable Plot's test/plots
 * approach): a refactor that moves a pixel, renames a class or drops a label shows up as a diff.
 * Rendering is deterministic: React's useId is stable for one render tree, and nothing is random.
 * To accept an intended change: `npx vitest run tests/unit/views-snapshots.test.ts -u`.
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { CellView } from '../../src/views/cell/CellView';
import { UnrolledView } from '../../src/views/unrolled/UnrolledView';
import { GradientView } from '../../src/views/gradient/GradientView';
import { EquationPanel } from '../../src/views/equations/EquationPanel';
import { loadTex } from '../../src/views/kit/texRender';
import { FIXTURES, type ViewFixture } from '../fixtures/views';
import type { Highlight, ViewProps } from '../../src/views/types';

// KaTeX is a chunk of its own: here before the panels render (the app shows a line until it is)
await loadTex();

type View = (p: ViewProps) => unknown;
const VIEWS: Record<string, View> = { cell: CellView, unrolled: UnrolledView, gradient: GradientView, equations: EquationPanel };

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

/** One element per line, so a snapshot diff points at the element that changed. */
function pretty(html: string): string {
  return html.replace(/></g, '>\n<') + '\n';
}

const render = (v: View, p: ViewProps) => pretty(renderToStaticMarkup(createElement(v as (p: ViewProps) => React.JSX.Element, p)));

interface Case {
  name: string;
  fx: keyof typeof FIXTURES;
  over?: Partial<ViewProps>;
  /** the equation panel's markup is mostly KaTeX: snapshot it for a few cases only */
  eq?: boolean;
}

const HL: Highlight = { term: 'h', t: 1 };
const CASES: Case[] = [
  { name: 'rnn-forward', fx: 'rnn', eq: true },
  { name: 'rnn-step0-highlight', fx: 'rnn', over: { step: 0, highlight: HL }, eq: true },
  { name: 'lstm-backward', fx: 'lstm', over: { phase: 'backward' }, eq: true },
  { name: 'gru-forward', fx: 'gru', eq: true },
  { name: 'vanishing-backward', fx: 'vanishing', over: { phase: 'backward', lossStep: 5 } },
  { name: 'biGruSum-forward', fx: 'biGruSum', over: { highlight: { term: 'hb', t: 2 } }, eq: true },
  { name: 'biRnn-backward', fx: 'biRnn', over: { phase: 'backward' } },
  { name: 'lstmWide-last', fx: 'lstmWide', over: { step: 3, highlight: { term: 'f' } } },
];

describe('view snapshots', () => {
  for (const [view, V] of Object.entries(VIEWS)) {
    for (const c of CASES) {
      if (view === 'equations' && !c.eq) continue;
      it(`${view} × ${c.name}`, async () => {
        const out = render(V, props(FIXTURES[c.fx], c.over));
        await expect(out).toMatchFileSnapshot(`./__snapshots__/views/${view}.${c.name}.html`);
      });
    }
  }
  it('renders the same markup twice (deterministic: no random ids, no clock)', () => {
    for (const V of Object.values(VIEWS)) {
      const p = props(FIXTURES.lstm, { phase: 'backward' });
      expect(render(V, p)).toBe(render(V, p));
    }
  });
});
