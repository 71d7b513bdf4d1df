/**
 * The BPTT view's layouts at slide text sizes (issue 10 item 2): on a slide the view asks the
 * layouts for the diagram font size that paints ≥ 24 px after the fit (about 25–40 SVG units on
 * this app's slides), and they must space their labels for it: no two label boxes overlap, the
 * loss step's and the last state's labels always show, and everything stays inside the drawing.
 * Boxes are estimated from the text (0.64 em per digit, 0.6 em a letter: DejaVu Sans, the diagrams'
 * font, is at most that wide), so a pass here means the painted labels have room.
 */
import { describe, expect, it } from 'vitest';
import { chainLayout, chainX, distanceTicks, GRAD_FONT_SIZE, PLOT, plotLayout, stateLabelWidth } from '../../src/views/gradient/layout';

const SLIDE_SIZES = [GRAD_FONT_SIZE, 20, 24, 26, 30, 34, 40, 45];
const LENGTHS = [1, 2, 3, 5, 8, 10, 12, 20, 30, 31, 50, 80, 100];

interface Span {
  x0: number;
  x1: number;
  what: string;
}
const overlap = (a: Span, b: Span) => a.x0 < b.x1 && b.x0 < a.x1;

describe('BPTT chain at slide text sizes', () => {
  it('state labels never overlap, the loss step (and the last state, where it has room) is always labelled, and the labels fit the drawing', () => {
    for (const fontSize of SLIDE_SIZES)
      for (const T of LENGTHS)
        for (const t of [...new Set([0, 1, Math.floor(T / 2), T - 2, T - 1])].filter((v) => v >= 0 && v < T)) {
          const l = chainLayout(T, { fontSize, lossStep: t });
          const at = `fontSize ${fontSize}, T ${T}, t ${t + 1}`;
          expect(l.fontSize).toBe(fontSize);
          expect(l.labelled, at).toContain(t);
          // the last state too, unless its label would touch the loss step's
          if (T - 1 - t >= l.every) expect(l.labelled, at).toContain(T - 1);
          const labelFs = (14 / 15) * fontSize;
          // a label's box, a little wider than estimated (0.64 em digits)
          const spans: Span[] = l.labelled.map((k) => {
            const w = stateLabelWidth(k + 1, labelFs) * (0.64 / 0.6);
            const x = chainX(l.sp, k, l.left);
            return { x0: x - w / 2, x1: x + w / 2, what: `h${k + 1}` };
          });
          for (let i = 1; i < spans.length; i++)
            expect(overlap(spans[i - 1], spans[i]), `${at}: ${spans[i - 1].what} × ${spans[i].what}`).toBe(false);
          expect(spans[0].x0, at).toBeGreaterThanOrEqual(0);
          expect(spans[spans.length - 1].x1, at).toBeLessThanOrEqual(l.width);
          // the loss box over h_t and the output's label beside y_t stay inside the drawing
          const xt = chainX(l.sp, t, l.left);
          expect(xt - l.boxW / 2, at).toBeGreaterThanOrEqual(0);
          expect(xt + l.boxW / 2, at).toBeLessThanOrEqual(l.width);
          expect(xt + l.yR + 5 + stateLabelWidth(T, labelFs), at).toBeLessThanOrEqual(l.width);
          // rows top to bottom, each below the last, inside the drawing
          expect(l.yC + l.boxH / 2 < l.yY - l.yR && l.yY + l.yR < l.yH - l.r, at).toBe(true);
          expect(l.yLabel - 0.8 * labelFs, at).toBeGreaterThan(l.yH + l.r);
          expect(l.yNote - 0.8 * fontSize, at).toBeGreaterThan(l.yLabel + 0.3 * labelFs);
          expect(l.yNoteRight + 0.25 * fontSize, at).toBeLessThanOrEqual(l.height);
          // the two notes under the chain: side by side only when both fit between the ends of the chain
          if (t < T - 1 && l.yNoteRight === l.yNote) {
            const left = 29 * 0.6 * fontSize;
            const right = (26 + 2 * String(T).length) * 0.6 * fontSize;
            expect(left + right, at).toBeLessThan(chainX(l.sp, T - 1, l.left) - chainX(l.sp, 0, l.left) + 2 * l.r);
          }
        }
  });

  it('a larger text thins the labels instead of widening the chain', () => {
    const small = chainLayout(30, { fontSize: GRAD_FONT_SIZE });
    const large = chainLayout(30, { fontSize: 36 });
    expect(large.sp).toBe(small.sp);
    expect(large.every).toBeGreaterThan(small.every);
    expect(large.labelled.length).toBeLessThan(small.labelled.length);
    // at the default size the layout is what it always was (reading mode, its snapshots)
    expect([small.yC, small.yY, small.yH, small.height, small.left]).toEqual([34, 96, 164, 232, 36]);
    expect(chainLayout(4).showVals).toBe(true);
    expect(chainLayout(4, { fontSize: 40 }).showVals).toBe(false);
  });
});

describe('norm plot at slide text sizes', () => {
  it('the margins hold the tick labels and titles, the plotting area keeps its width, and x ticks never crowd', () => {
    expect(plotLayout()).toMatchObject({ W: PLOT.W, H: PLOT.H, m: PLOT.m, shortTitle: false });
    const areaW = PLOT.W - PLOT.m.l - PLOT.m.r;
    for (const fontSize of SLIDE_SIZES) {
      const p = plotLayout(fontSize);
      const at = `fontSize ${fontSize}`;
      const tick = (14 / 15) * fontSize;
      expect(p.W - p.m.l - p.m.r, at).toBeGreaterThanOrEqual(areaW - 0.5);
      // y ticks ("10" + an exponent of up to 3 characters) right of the rotated title (centre 1.2 em, half height 0.6 em)
      const tickW = 0.64 * (2 * tick + 3 * 0.75 * tick);
      expect(p.m.l - 8 * (fontSize / GRAD_FONT_SIZE) - tickW, at).toBeGreaterThanOrEqual(fontSize <= GRAD_FONT_SIZE ? 0 : 1.8 * fontSize);
      // under the area: tick labels, then the axis title, inside the frame
      expect(p.m.b, at).toBeGreaterThanOrEqual(22 * (fontSize / GRAD_FONT_SIZE) + 0.3 * tick + 0.85 * fontSize + 12 - 0.5);
      // the x axis title fits the frame's width (shortened when the whole would not)
      const title = (p.shortTitle ? 14 : 37) * 0.62 * fontSize;
      expect(title, at).toBeLessThanOrEqual(p.W);
      // the x ticks leave each label its width and half an em between neighbours, at every distance
      // (a printed slide once read "10121416 18": d3's ticks(7) gave ten labels)
      for (let t = 1; t <= 60; t++) {
        const ticks = distanceTicks(t, p);
        const unit = (p.W - p.m.l - p.m.r) / t;
        const label = 0.64 * tick * String(t).length;
        expect(ticks[0], `${at}, t = ${t}`).toBe(0);
        expect(ticks.every((v) => Number.isInteger(v) && v <= t)).toBe(true);
        expect(ticks.length, `${at}, t = ${t}: more than one tick`).toBeGreaterThan(1);
        for (let i = 1; i < ticks.length; i++)
          expect((ticks[i] - ticks[i - 1]) * unit - label, `${at}, t = ${t}: gap after ${ticks[i - 1]}`).toBeGreaterThanOrEqual(0.5 * tick - 1e-9);
        // and no sparser than it has to be: the 1-2-5 step below it would crowd
        const step = ticks[1] - ticks[0];
        const below = String(step)[0] === '5' ? (step * 2) / 5 : step / 2;
        if (step > 1) expect(below * unit - label, `${at}, t = ${t}: step ${step}, not ${below}`).toBeLessThan(0.5 * tick);
      }
      // the rotated y title, centred on the area, stays inside the frame's height (a 25-character
      // title once ran over the numbers above the LSTM's plot on a slide)
      const tall = plotLayout(fontSize, 25);
      expect(0.62 * fontSize * 25, at).toBeLessThanOrEqual(tall.H - tall.m.b + tall.m.t + 0.5);
      expect(tall.W, at).toBe(p.W);
    }
  });
});
