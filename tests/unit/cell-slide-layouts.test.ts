/**
 * The cell diagrams laid out for a slide (issue 29, item 7): drawn at 1 SVG unit per canvas px with
 * the text at SLIDE_FONT_SIZE, every number sits inside its cell, every operator's and badge's text
 * inside its node, no label over another or over a node that is not its own, everything inside the
 * drawing, and the drawing fits the slide's drawing box at its natural size (so nothing is shrunk
 * under 24 px or raised out of its box). Text boxes are estimated from the text (textEm: DejaVu
 * Sans' advance widths, the diagrams' font; the symbols' KaTeX_Math is narrower), a little generously,
 * so a pass here means the painted text has room; presenter.spec.ts measures the painted slides.
 */
import { describe, expect, it } from 'vitest';
import { cellLayout, type CellLayout, type Item, type LayoutInput } from '../../src/views/cell/layout';
import { CELL_NUM_EM } from '../../src/views/cell/layout/shared';
import { SLIDE_FONT_SIZE, symWidth, textEm } from '../../src/views/cell/layout/slideText';
import { formatValue } from '../../src/views/kit/format';
import type { SimSpec, Trace } from '../../src/engine/index';
import { FIXTURES } from '../fixtures/views';

/**
 * The drawing boxes of the cell slides on the 1920 × 1080 canvas (presenter.spec.ts measures them:
 * the hero box less the readout and the legends under the drawing), with a few px to spare.
 */
const BOX: Record<string, { w: number; h: number }> = {
  lstm: { w: 1020, h: 580 },
  gru: { w: 960, h: 580 },
  bi: { w: 1340, h: 580 },
  rnn: { w: 1740, h: 460 },
};

/** A spec and trace at the lessons' slide settings (4 units, 8 steps), every value the widest a cell shows ("−0.88"). */
function synthetic(cell: SimSpec['cell'], backward = false, units = 4, T = 8): LayoutInput {
  const v = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? -0.88 : -0.08));
  const rows = (n: number) => Array.from({ length: T }, () => v(n));
  const g = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
  const spec = {
    cell,
    units,
    inputs: rows(1),
    weights: { kernel: [v(g * units)], recurrentKernel: Array.from({ length: units }, () => v(g * units)), bias: v(g * units) },
    readout: { kernel: Array.from({ length: backward ? 2 * units : units }, () => [0.5]), bias: [0] },
    targets: rows(1),
    ...(backward ? { backward: true, merge: 'concat' } : {}),
  } as unknown as SimSpec;
  const gates: Record<string, number[][]> =
    cell === 'lstm'
      ? { f: rows(units), i: rows(units), g: rows(units), o: rows(units) }
      : cell === 'gru'
        ? { z: rows(units), r: rows(units), hh: rows(units) }
        : {};
  const trace = {
    h: rows(units),
    c: cell === 'lstm' ? rows(units) : undefined,
    hBackward: backward ? rows(units) : undefined,
    gates,
    outputs: rows(backward ? 2 * units : units),
    y: rows(1),
    loss: Array(T).fill(0.1),
  } as unknown as Trace;
  return { spec, trace, step: T - 1, ext: 1, wExt: 1 };
}

interface Box {
  what: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** the node a text belongs to (its own box may hold it) */
  owner?: string;
}

const hit = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const inside = (a: Box, b: Box) => a.x0 >= b.x0 && a.x1 <= b.x1 && a.y0 >= b.y0 && a.y1 <= b.y1;

/** A text's box: `w` wide at `x` with `anchor`, from 0.72 em above its baseline to 0.25 em below. */
function textBox(what: string, x: number, y: number, w: number, em: number, anchor = 'start', owner?: string): Box {
  const x0 = anchor === 'middle' ? x - w / 2 : anchor === 'end' ? x - w : x;
  return { what, x0, x1: x0 + w, y0: y - 0.72 * em, y1: y + 0.25 * em, owner };
}

/** Every text the slide paints (the lag notes are hidden on a slide), and every node's box. */
function boxes(l: CellLayout): { texts: Box[]; nodes: Box[]; numbers: { text: Box; cell: Box }[]; inNode: { text: Box; node: Box }[] } {
  const F = l.fontSize;
  const sym = (x: number, y: number, base: string, sub = '', anchor = 'middle', prefix = '', owner?: string) =>
    textBox(`${prefix}${base}${sub}`, x, y, symWidth(F, base, String(sub), prefix), (23 / 15) * F, anchor, owner);
  const texts: Box[] = [];
  const nodes: Box[] = [];
  const numbers: { text: Box; cell: Box }[] = [];
  const inNode: { text: Box; node: Box }[] = [];
  const label = (ls: Extract<Item, { kind: 'vector' }>['labels'], owner: string) => {
    for (const lb of ls)
      texts.push(
        lb.kind === 'sym'
          ? sym(lb.x, lb.y, lb.base, lb.sub === undefined ? '' : String(lb.sub), lb.anchor ?? 'middle', lb.prefix ?? '', owner)
          : textBox(
              lb.text,
              lb.x,
              lb.y,
              textEm(lb.text) * F * (lb.className.includes('dv-sym-small') ? 17 / 15 : 1),
              F,
              lb.anchor ?? 'start',
              owner,
            ),
      );
  };
  for (const it of l.items) {
    if (it.kind === 'vector') {
      const frame = { what: `vector ${it.id}`, x0: it.x - 3, y0: it.y - 3, x1: it.x + it.cw + 3, y1: it.y + it.values.length * it.ch + 3 };
      nodes.push(frame);
      label(it.labels, frame.what);
      if (it.showNumbers) {
        const np = F * CELL_NUM_EM;
        it.values.forEach((v, i) => {
          const s = formatValue(v, 2);
          const cy = it.y + i * it.ch + it.ch / 2;
          const text = {
            what: `${it.id}#${i} “${s}”`,
            x0: it.x + it.cw / 2 - (textEm(s) * np) / 2,
            x1: it.x + it.cw / 2 + (textEm(s) * np) / 2,
            y0: cy - 0.4 * np,
            y1: cy + 0.4 * np,
            owner: frame.what,
          };
          numbers.push({ text, cell: { what: `${it.id}[${i}]`, x0: it.x, x1: it.x + it.cw, y0: it.y + i * it.ch, y1: it.y + (i + 1) * it.ch } });
          texts.push(text);
        });
      }
    } else if (it.kind === 'matrix') {
      const cols = it.values[0]?.length ?? 0;
      const frame = { what: `matrix ${it.id}`, x0: it.x - 3, y0: it.y - 3, x1: it.x + cols * it.cw + 3, y1: it.y + it.values.length * it.ch + 3 };
      nodes.push(frame);
      label(it.labels, frame.what);
    } else if (it.kind === 'op') {
      const node = { what: `op ${it.id}`, x0: it.x - it.r, y0: it.y - it.r, x1: it.x + it.r, y1: it.y + it.r };
      nodes.push(node);
      // bold, 17/15 em, centred (dy 0.35 em); a circle holds a box about 0.8 of its diameter
      const em = (17 / 15) * F;
      const w = textEm(it.op) * em * 1.08;
      inNode.push({
        text: { what: `“${it.op}”`, x0: it.x - w / 2, x1: it.x + w / 2, y0: it.y - 0.36 * em, y1: it.y + 0.36 * em },
        node: { ...node, x0: it.x - 0.8 * it.r, x1: it.x + 0.8 * it.r },
      });
    } else if (it.kind === 'badge') {
      const node = { what: `badge ${it.id}`, x0: it.x - it.w / 2, y0: it.y - it.h / 2, x1: it.x + it.w / 2, y1: it.y + it.h / 2 };
      nodes.push(node);
      const w = textEm(it.text) * F * 1.08;
      inNode.push({ text: { what: `“${it.text}”`, x0: it.x - w / 2, x1: it.x + w / 2, y0: it.y - 0.36 * F, y1: it.y + 0.36 * F }, node });
    } else if (it.kind === 'box') {
      const node = { what: `box ${it.id}`, x0: it.x, y0: it.y, x1: it.x + it.w, y1: it.y + it.h };
      nodes.push(node);
      const em = (17 / 15) * F;
      const w = textEm(it.text) * em * 1.08;
      inNode.push({
        text: {
          what: `“${it.text}”`,
          x0: it.x + it.w / 2 - w / 2,
          x1: it.x + it.w / 2 + w / 2,
          y0: it.y + it.h / 2 - 0.36 * em,
          y1: it.y + it.h / 2 + 0.36 * em,
        },
        node,
      });
    } else if (it.kind === 'note' && !it.className.includes('dv-note-lag')) {
      const em = F;
      let w = 0;
      for (const r of it.runs) w += textEm(String(r.text)) * em * (r.small ? 0.75 : 1);
      if (it.className.includes('strong')) w *= 1.1;
      texts.push(textBox(it.runs.map((r) => r.text).join(''), it.x, it.y, w, em, it.anchor ?? 'start'));
    }
  }
  return { texts, nodes, numbers, inNode };
}

const CASES: { name: string; kind: string; inp: LayoutInput }[] = [
  { name: 'lstm (slide settings)', kind: 'lstm', inp: synthetic('lstm') },
  { name: 'gru (slide settings)', kind: 'gru', inp: synthetic('gru') },
  { name: 'bidirectional rnn (slide settings)', kind: 'bi', inp: synthetic('rnn', true) },
  { name: 'bidirectional lstm', kind: 'bi', inp: synthetic('lstm', true) },
  { name: 'rnn (slide settings)', kind: 'rnn', inp: synthetic('rnn', false, 4) },
  { name: 'lstm, T = 12', kind: 'lstm', inp: synthetic('lstm', false, 4, 12) },
  { name: 'gru, T = 12', kind: 'gru', inp: synthetic('gru', false, 4, 12) },
  { name: 'lstm, 8 units', kind: 'lstm', inp: synthetic('lstm', false, 8) },
  { name: 'gru, 2 units', kind: 'gru', inp: synthetic('gru', false, 2) },
];
for (const [name, fx] of Object.entries(FIXTURES)) {
  const T = fx.spec.inputs.length;
  for (const step of [0, T - 1])
    CASES.push({
      name: `fixture ${name}, step ${step}`,
      kind: fx.spec.backward ? 'bi' : fx.spec.cell,
      inp: { spec: fx.spec, trace: fx.trace, step, ext: 1, wExt: 1 },
    });
}

describe('cell diagrams on a slide', () => {
  it('are drawn at the slide font size, and fit the slide’s drawing box unshrunk', () => {
    for (const c of CASES) {
      const l = cellLayout(c.inp, { slide: true });
      expect(l.fontSize, c.name).toBe(SLIDE_FONT_SIZE);
      // the smallest text (the cells' numbers) paints at ≥ 24 canvas px at 1 unit per px
      expect(SLIDE_FONT_SIZE * CELL_NUM_EM, c.name).toBeGreaterThanOrEqual(24);
      expect(l.width, `${c.name}: width`).toBeLessThanOrEqual(BOX[c.kind].w);
      expect(l.height, `${c.name}: height`).toBeLessThanOrEqual(BOX[c.kind].h);
    }
  });

  it('use their box: zoomed to fit it (as the slide does, never below 1), the LSTM, GRU and bidirectional drawings cover at least 0.6 of it (LSTM 0.99, GRU 0.88; the bidirectional one, wider than tall, 0.62)', () => {
    for (const c of CASES.filter((x) => x.kind !== 'rnn' && x.inp.spec.units === 4)) {
      const l = cellLayout(c.inp, { slide: true });
      const box = BOX[c.kind];
      const zoom = Math.min(box.w / l.width, box.h / l.height);
      expect(zoom, `${c.name}: zoom`).toBeGreaterThanOrEqual(1);
      expect((zoom * l.width * zoom * l.height) / (box.w * box.h), `${c.name}: share of its box`).toBeGreaterThanOrEqual(0.6);
    }
  });

  it('every number inside its cell, every node’s text inside its node', () => {
    for (const c of CASES) {
      const { numbers, inNode } = boxes(cellLayout(c.inp, { slide: true }));
      if (c.inp.spec.units <= 4) expect(numbers.length, c.name).toBeGreaterThan(8);
      for (const { text, cell } of numbers) expect(inside(text, cell), `${c.name}: ${text.what} in its cell ${JSON.stringify(cell)}`).toBe(true);
      for (const { text, node } of inNode) expect(inside(text, node), `${c.name}: ${text.what} in ${node.what}`).toBe(true);
    }
  });

  it('no label over another, over a node not its own, or outside the drawing', () => {
    for (const c of CASES) {
      const l = cellLayout(c.inp, { slide: true });
      const { texts, nodes } = boxes(l);
      const drawing = { what: 'drawing', x0: 0, y0: 0, x1: l.width, y1: l.height };
      for (let i = 0; i < texts.length; i++) {
        const a = texts[i];
        expect(
          inside(a, drawing),
          `${c.name}: ${a.what} inside the drawing (${a.x0.toFixed(0)}…${a.x1.toFixed(0)} × ${a.y0.toFixed(0)}…${a.y1.toFixed(0)} in ${l.width.toFixed(0)} × ${l.height.toFixed(0)})`,
        ).toBe(true);
        for (let j = i + 1; j < texts.length; j++) {
          const b = texts[j];
          if (a.owner && a.owner === b.owner && a.what.includes('#') && b.what.includes('#')) continue; // stacked numbers of one column
          expect(hit(a, b), `${c.name}: ${a.what} × ${b.what}`).toBe(false);
        }
        for (const n of nodes)
          if (n.what !== a.owner || !a.what.includes('#')) expect(hit(a, n), `${c.name}: ${a.what} over ${n.what}`).toBe(false);
      }
    }
  });
});
