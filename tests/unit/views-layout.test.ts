/**
 * The cell layouts are pure functions of (dimensions, trace at t): checked here without a DOM, for
 * every fixture, several steps and two text sizes (today's and a projector's). No two nodes overlap,
 * every node lies inside the drawing, every term of the cell's equations has a node that links to
 * it (the term ids the equation panel uses), and the text alternative lists every value drawn.
 */
import { describe, expect, it } from 'vitest';
import { buildEquations, extractTerms } from '../../src/views/equations/tex';
import { cellLayout, FONT_SIZE, innerLayout, type CellLayout, type Item, type LayoutInput } from '../../src/views/cell/layout';
import { maxAbs, niceExtent, sharedValueExtent } from '../../src/views/kit/math';
import { fmtTuple } from '../../src/views/kit/format';
import { matchesHighlight } from '../../src/views/kit/link';
import { unrolledLayout } from '../../src/views/unrolled/layout';
import { FIXTURES, type ViewFixture } from '../fixtures/views';
import type { TermId } from '../../src/views/types';

interface Box {
  id: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The bounding box of a node item (vectors and matrices with their frame), or null for edges and notes. */
function boxOf(it: Item): Box | null {
  switch (it.kind) {
    case 'vector':
      return { id: `vector ${it.id}`, x0: it.x - 3, y0: it.y - 3, x1: it.x + it.cw + 3, y1: it.y + it.values.length * it.ch + 3 };
    case 'matrix': {
      const cols = it.values[0]?.length ?? 0;
      return { id: `matrix ${it.id}`, x0: it.x - 3, y0: it.y - 3, x1: it.x + cols * it.cw + 3, y1: it.y + it.values.length * it.ch + 3 };
    }
    case 'op':
      return { id: `op ${it.id}`, x0: it.x - it.r, y0: it.y - it.r, x1: it.x + it.r, y1: it.y + it.r };
    case 'badge':
      return { id: `badge ${it.id}`, x0: it.x - it.w / 2, y0: it.y - it.h / 2, x1: it.x + it.w / 2, y1: it.y + it.h / 2 };
    case 'box':
      return { id: `box ${it.id}`, x0: it.x, y0: it.y, x1: it.x + it.w, y1: it.y + it.h };
    default:
      return null;
  }
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

function input(fx: ViewFixture, step: number): LayoutInput {
  const { spec, trace } = fx;
  return {
    spec,
    trace,
    step,
    ext: sharedValueExtent(spec, trace),
    wExt: niceExtent(maxAbs(spec.weights.kernel, spec.weights.recurrentKernel, spec.weights.bias), 0.1),
  };
}

interface Case {
  name: string;
  fx: ViewFixture;
  step: number;
  fontSize: number;
  layout: CellLayout;
  inner: boolean;
}

const CASES: Case[] = [];
for (const [name, fx] of Object.entries(FIXTURES)) {
  const T = fx.spec.inputs.length;
  for (const step of [...new Set([0, Math.floor(T / 2), T - 1])])
    for (const fontSize of [FONT_SIZE, 26]) {
      CASES.push({ name, fx, step, fontSize, layout: cellLayout(input(fx, step), { fontSize }), inner: false });
      if (fx.spec.backward)
        CASES.push({ name: `${name} (inner)`, fx, step, fontSize, layout: innerLayout(input(fx, step), { fontSize }), inner: true });
    }
}

const label = (c: Case) => `${c.name} at step ${c.step}, fontSize ${c.fontSize}`;

describe('cell layouts', () => {
  it('no two nodes overlap, and every node is inside the drawing', () => {
    expect(CASES.length).toBeGreaterThan(30);
    for (const c of CASES) {
      const boxes = c.layout.items.map(boxOf).filter((b): b is Box => b !== null);
      expect(boxes.length, label(c)).toBeGreaterThan(4);
      for (let i = 0; i < boxes.length; i++) {
        const b = boxes[i];
        expect(b.x0 >= 0 && b.y0 >= 0 && b.x1 <= c.layout.width && b.y1 <= c.layout.height, `${label(c)}: ${b.id} outside`).toBe(true);
        for (let j = i + 1; j < boxes.length; j++) expect(overlaps(b, boxes[j]), `${label(c)}: ${b.id} overlaps ${boxes[j].id}`).toBe(false);
      }
      for (const it of c.layout.items) {
        for (const v of Object.values(it)) if (typeof v === 'number') expect(Number.isFinite(v), `${label(c)}: ${it.kind}`).toBe(true);
      }
    }
  });

  it('every term of the cell’s equations has a node that links to it', () => {
    for (const c of CASES) {
      const groups = buildEquations(c.fx.spec, { backward: false, lossStep: 0 });
      // the inner drawing shows the cell's own equations; the bidirectional overview, the merge's
      const ids = c.fx.spec.backward && !c.inner ? ['bidirectional'] : ['cell'];
      const terms = new Set<TermId>(
        groups.filter((g) => ids.includes(g.id)).flatMap((g) => g.equations.flatMap((e) => extractTerms(e).map((o) => o.term))),
      );
      expect(terms.size, label(c)).toBeGreaterThan(3);
      const refs = c.layout.items.flatMap((it) => ('refs' in it && it.refs ? [it.refs] : []));
      for (const term of terms) {
        const hit = refs.some((r) => matchesHighlight({ term, t: c.step }, r));
        expect(hit, `${label(c)}: no node for ${term}`).toBe(true);
      }
    }
  });

  it('the text alternative lists every value drawn (the table every vector, the sentence every state and gate)', () => {
    for (const c of CASES) {
      const vectors = c.layout.items.filter((it) => it.kind === 'vector');
      const rows = c.layout.rows;
      const inRows = (v: number[]) => rows.some((r) => r.values.length === v.length && r.values.every((x, i) => x === v[i]));
      for (const v of vectors) {
        if (v.id === 'xh') {
          // [x; h] is x_t then h_{t−1}: both are rows
          const nIn = v.split!;
          expect(inRows(v.values.slice(0, nIn)) && (c.step === 0 || inRows(v.values.slice(nIn))), `${label(c)}: [x; h]`).toBe(true);
          continue;
        }
        if (v.id === 'hbnext' || (v.id === 'hprev' && c.fx.spec.backward && !c.inner)) {
          // the neighbouring states of the bidirectional overview are in the sentence
          expect(c.layout.summary, `${label(c)}: ${v.id}`).toContain(fmtTuple(v.values));
          continue;
        }
        expect(inRows(v.values), `${label(c)}: vector ${v.id} not in the table`).toBe(true);
      }
      for (const r of rows)
        if (r.name !== 'b') expect(c.layout.summary, `${label(c)}: ${r.name} not in the text alternative`).toContain(fmtTuple(r.values));
    }
  });

  it('is deterministic and pure: the same input gives the same layout', () => {
    const fx = FIXTURES.lstm;
    expect(cellLayout(input(fx, 2))).toEqual(cellLayout(input(fx, 2)));
  });

  it('fontSize is the one text-size setting: the default is today’s, a larger one makes room', () => {
    const fx = FIXTURES.gru;
    const a = cellLayout(input(fx, 1));
    const b = cellLayout(input(fx, 1), { fontSize: 26 });
    expect(a.fontSize).toBe(15);
    expect(b.fontSize).toBe(26);
    const cell = (l: CellLayout) => l.items.find((it) => it.kind === 'vector' && it.id === 'h') as Extract<Item, { kind: 'vector' }>;
    expect(cell(b).cw).toBeGreaterThan(cell(a).cw);
    expect(cell(b).ch).toBeGreaterThan(cell(a).ch);
    expect(b.height).toBeGreaterThan(a.height);
  });

  it('legibleWidth is the width at which the smallest text paints at 12 px, the same for every text size', () => {
    for (const c of CASES) {
      const { width, fontSize, legibleWidth, items } = c.layout;
      const numbers = items.some((it) => it.kind === 'vector' && it.showNumbers);
      const small = items.some((it) => it.kind === 'note' && it.runs.some((r) => r.small));
      // the smallest text: a note's small run (0.75 em), else the cells' numbers (14/15 em), else 1 em
      const em = small ? 0.75 : numbers ? 14 / 15 : 1;
      const painted = (fontSize * em * legibleWidth) / width;
      expect(painted, label(c)).toBeGreaterThanOrEqual(12);
      expect(painted, label(c)).toBeLessThan(12.1);
      // the drawing scales with its text (all but a few fixed offsets), so a projector's size needs about the same width
      const base = CASES.find((o) => o.name === c.name && o.step === c.step && o.fontSize === FONT_SIZE)!;
      expect(Math.abs(legibleWidth / base.layout.legibleWidth - 1), label(c)).toBeLessThan(0.02);
    }
  });
});

describe('unrolled layout', () => {
  it('rows do not overlap and columns fit, for every fixture', () => {
    for (const [name, fx] of Object.entries(FIXTURES)) {
      const l = unrolledLayout(fx.spec, fx.trace);
      const r = l.rows;
      const rows = [r.C, r.y, r.out, r.h, r.hb, r.x].filter((b): b is NonNullable<typeof b> => b !== null);
      for (let i = 1; i < rows.length; i++) expect(rows[i].y, `${name}: row ${i}`).toBeGreaterThanOrEqual(rows[i - 1].y + rows[i - 1].h);
      expect(r.norm.y).toBeGreaterThan((r.hb ?? r.h).y + (r.hb ?? r.h).h);
      expect(r.w.y).toBeGreaterThan(r.norm.y);
      expect(r.x.y).toBeGreaterThan(r.w.y);
      expect(l.cellW).toBeLessThan(l.colW);
      expect(l.width).toBe(l.marginLeft + l.colW * l.T + 12);
      expect(r.tLabel.y).toBeLessThanOrEqual(l.height);
    }
  });
});

describe('BPTT chain layout', () => {
  it('states never overlap, fit the drawing, and labels thin out as the chain gets long', async () => {
    const { chainLayout, chainX, linkWidths } = await import('../../src/views/gradient/layout');
    for (let T = 1; T <= 80; T++) {
      const l = chainLayout(T);
      expect(2 * l.r, `T=${T}`).toBeLessThan(l.sp);
      expect(chainX(l.sp, 0) - l.r).toBeGreaterThanOrEqual(0);
      expect(chainX(l.sp, T - 1) + l.r).toBeLessThanOrEqual(l.width);
      expect(l.yC < l.yY && l.yY < l.yH - l.r && l.yH + l.r < l.height).toBe(true);
      // labelled states are at least 44 units apart (a label's width)
      expect(l.every * l.sp, `T=${T}`).toBeGreaterThanOrEqual(44);
    }
    expect(chainLayout(4).showVals).toBe(true);
    expect(chainLayout(60).showVals).toBe(false);
    // link width follows the log-norm; zero and non-finite norms are hairlines, never a confident width
    const w = linkWidths([1e-3, 1, 0, NaN]);
    expect(w(1)).toBe(15);
    expect(w(0)).toBeGreaterThan(2);
    expect(w(0)).toBeLessThan(15);
    expect([w(2), w(3)]).toEqual([1.5, 1.5]);
  });
});
