/**
 * The training lab's pure view helpers: the gate strips' pixels (bytes through a colour lookup
 * table, one column per probe, bin 0 at the bottom row).
 */
import { describe, expect, it } from 'vitest';
import * as d3 from 'd3';
import { gateStripPixels } from '../../src/views/training/charts';
import { HIST_BINS } from '../../src/train/config';
import { sequentialColor } from '../../src/views/scales';

const rgbAt = (px: Uint8ClampedArray, w: number, col: number, row: number) => {
  const o = 4 * (row * w + col);
  return [px[o], px[o + 1], px[o + 2], px[o + 3]];
};
const rgbOf = (t: number) => {
  const c = d3.rgb(sequentialColor(t));
  return [c.r, c.g, c.b, 255];
};

describe('gate strip pixels', () => {
  it('one column per probe, bins bottom-up, colour = sqrt(share of the column maximum) on the sequential ramp', () => {
    const a = new Array<number>(HIST_BINS).fill(0);
    a[0] = 100; // bin 0 (values near 0) is the column's maximum
    a[HIST_BINS - 1] = 25; // top bin: sqrt(25 / 100) = 0.5
    const b = new Array<number>(HIST_BINS).fill(0);
    b[10] = 7;
    const px = gateStripPixels([a, b]);
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
    const px = gateStripPixels([new Array<number>(HIST_BINS).fill(0)]);
    for (let r = 0; r < HIST_BINS; r++) expect(rgbAt(px, 1, 0, r)).toEqual(rgbOf(0));
  });
});
