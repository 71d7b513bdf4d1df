/**
 * The training lab's pure view helpers: the gate strips' pixels (bytes through a colour lookup
 * table, one column per probe, bin 0 at the bottom row) and the placement of the loss chart's labels.
 */
import { describe, expect, it } from 'vitest';
import * as d3 from 'd3';
import { bmpDataUrl, gateStripPixels } from '../../src/views/training/charts';
import { labelWidth, placeMarkerLabels, READING, SLIDE, type Frame } from '../../src/views/training/chartFrame';
import { HIST_BINS } from '../../src/train/config';
import { sequentialColor } from '../../src/views/scales';

const rgbAt = (px: Uint8ClampedArray, w: number, col: number, row: number) => {
  const o = 4 * (row * w + col);
  return [px[o], px[o + 1], px[o + 2], px[o + 3]];
};
const rgbOf = (t: number) => {
  const c = d3.rgb(sequentialColor(t, 'light'));
  return [c.r, c.g, c.b, 255];
};

describe('gate strip pixels', () => {
  it('one column per probe, bins bottom-up, colour = sqrt(share of the column maximum) on the sequential ramp', () => {
    const a = new Array<number>(HIST_BINS).fill(0);
    a[0] = 100; // bin 0 (values near 0) is the column's maximum
    a[HIST_BINS - 1] = 25; // top bin: sqrt(25 / 100) = 0.5
    const b = new Array<number>(HIST_BINS).fill(0);
    b[10] = 7;
    const px = gateStripPixels([a, b], 'light');
    expect(px.length).toBe(2 * HIST_BINS * 4);
    expect(rgbAt(px, 2, 0, HIST_BINS - 1)).toEqual(rgbOf(1)); // bottom row = bin 0
    expect(rgbAt(px, 2, 0, 5)).toEqual(rgbOf(0)); // an empty bin
    const half = rgbAt(px, 2, 0, 0); // top row = the last bin
    const want = rgbOf(0.5);
    for (let i = 0; i < 3; i++) expect(Math.abs(half[i] - want[i])).toBeLessThanOrEqual(2); // 256-level table
    expect(rgbAt(px, 2, 1, HIST_BINS - 1 - 10)).toEqual(rgbOf(1));
    expect(rgbAt(px, 2, 1, HIST_BINS - 1)).toEqual(rgbOf(0));
  });

  it('an all-zero column (no samples) is drawn as the ramp start, never NaN', () => {
    const px = gateStripPixels([new Array<number>(HIST_BINS).fill(0)], 'light');
    for (let r = 0; r < HIST_BINS; r++) expect(rgbAt(px, 1, 0, r)).toEqual(rgbOf(0));
  });
});

describe('gate strip bitmap', () => {
  it('is a 24-bit top-down BMP data URL with the pixels in BGR order and 4-byte row padding', () => {
    const w = 3;
    const h = 2;
    const rgba = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([i * 10, i * 10 + 1, i * 10 + 2, 255], 4 * i);
    const url = bmpDataUrl(rgba, w, h);
    expect(url.startsWith('data:image/bmp;base64,')).toBe(true);
    const bytes = Uint8Array.from(atob(url.slice('data:image/bmp;base64,'.length)), (ch) => ch.charCodeAt(0));
    const dv = new DataView(bytes.buffer);
    const row = 12; // 3 px × 3 bytes = 9, padded to 12
    expect(String.fromCharCode(bytes[0], bytes[1])).toBe('BM');
    expect(dv.getUint32(2, true)).toBe(54 + row * h);
    expect(dv.getInt32(18, true)).toBe(w);
    expect(dv.getInt32(22, true)).toBe(-h);
    expect(dv.getUint16(28, true)).toBe(24);
    // pixel (x 2, y 1) = index 5: rgb (50, 51, 52) stored as b, g, r
    expect([...bytes.slice(54 + row + 6, 54 + row + 9)]).toEqual([52, 51, 50]);
    expect(bytes.length).toBe(54 + row * h);
  });
});

describe('the loss chart’s solved labels', () => {
  const iw = (f: Frame) => f.W - f.M.left - f.M.right;
  type L = { x: number; y: number; text: string };
  /** a label's box: its estimated width, one line below its marker */
  const boxOf = (f: Frame, l: L, p: { dx: number; dy: number }) => {
    const w = labelWidth(l.text, f.labelFont);
    return { x0: l.x + p.dx - w / 2, x1: l.x + p.dx + w / 2, y0: l.y + p.dy, y1: l.y + p.dy + 1.25 * f.labelFont };
  };
  const overlap = (a: ReturnType<typeof boxOf>, b: ReturnType<typeof boxOf>) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  const expectClear = (f: Frame, labels: L[]) => {
    const placed = placeMarkerLabels(labels, f);
    const boxes = labels.map((l, i) => boxOf(f, l, placed[i]));
    for (const b of boxes) {
      expect(b.x0).toBeGreaterThanOrEqual(-f.M.left - 1e-9);
      expect(b.x1).toBeLessThanOrEqual(iw(f) + f.M.right + 1e-9);
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i], boxes[j]), `${i} × ${j}`).toBe(false);
    return placed;
  };

  it('the race’s two labels (GRU at 160, LSTM at 340 of 500 steps) keep clear of each other in the phone-sized frame', () => {
    const x = (step: number) => (step / 500) * iw(READING);
    // level markers: the second label goes a line lower
    const level = expectClear(READING, [
      { x: x(160), y: 100, text: 'GRU solved, step 160' },
      { x: x(340), y: 100, text: 'LSTM solved, step 340' },
    ]);
    expect(level[0].dy).toBe(0);
    expect(level[1].dy).toBeGreaterThanOrEqual(READING.labelFont);
    // the GRU's marker 11 units lower (as the race draws it): the LSTM's label still clears it
    expectClear(READING, [
      { x: x(160), y: 111, text: 'GRU solved, step 160' },
      { x: x(340), y: 100, text: 'LSTM solved, step 340' },
    ]);
    // far enough apart, they share the first line
    const apart = expectClear(SLIDE, [
      { x: 0.1 * iw(SLIDE), y: 100, text: 'GRU solved, step 50' },
      { x: 0.9 * iw(SLIDE), y: 100, text: 'LSTM solved, step 450' },
    ]);
    expect(apart.map((p) => p.dy)).toEqual([0, 0]);
  });

  it('labels at either end of the axis stay inside the drawing and clear of each other', () => {
    const placed = expectClear(READING, [
      { x: 0, y: 50, text: 'Vanilla RNN solved, step 1' },
      { x: iw(READING), y: 60, text: 'LSTM solved, step 500' },
      { x: iw(READING) - 5, y: 55, text: 'GRU solved, step 495' },
    ]);
    expect(placed[0].dx).toBeGreaterThan(0);
    expect(placed[1].dx).toBeLessThan(0);
  });
});
