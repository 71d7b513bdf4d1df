/**
 * Auto's pick on a hardware GPU (src/engine/autoPick.ts decideAuto): one timed run of the current
 * size on each backend, after a warm-up run each; the faster one computes, and the badge says why.
 * (This machine has no hardware GPU: the browser test forces the calibration on SwiftShader.)
 */
import { describe, expect, it } from 'vitest';
import { AUTO_CPU_MARGIN, autoReasonTail, backendLabel, decideAuto, INTERIM_AUTO_REASON, SOFTWARE_AUTO_REASON } from '../../src/engine/autoPick';

describe('decideAuto', () => {
  it('the CPU when it is faster, with the ratio and the size', () => {
    expect(decideAuto({ cpuMs: 10, webglMs: 21, steps: 20, units: 8 })).toEqual({
      backend: 'cpu',
      ratio: 2.1,
      reason: 'Auto: CPU (plain JS), 2.1× faster than WebGL at T = 20, 8 units',
    });
  });
  it('WebGL when it is faster', () => {
    const p = decideAuto({ cpuMs: 90, webglMs: 6, steps: 60, units: 16 });
    expect(p.backend).toBe('webgl');
    expect(p.ratio).toBe(15);
    expect(p.reason).toBe('Auto: WebGL, 15× faster than the CPU (plain JS) at T = 60, 16 units');
  });
  it('WebGL on a tie, and unless the CPU wins by the margin', () => {
    expect(decideAuto({ cpuMs: 10, webglMs: 10, steps: 5, units: 1 }).reason).toBe('Auto: WebGL, as fast as the CPU (plain JS) at T = 5, 1 unit');
    expect(decideAuto({ cpuMs: 10, webglMs: 10 * AUTO_CPU_MARGIN - 0.01, steps: 5, units: 2 }).backend).toBe('webgl');
    expect(decideAuto({ cpuMs: 10, webglMs: 10 * AUTO_CPU_MARGIN + 0.01, steps: 5, units: 2 }).backend).toBe('cpu');
    expect(decideAuto({ cpuMs: 10.2, webglMs: 10, steps: 5, units: 2 }).reason).toBe(
      'Auto: WebGL, as fast as the CPU (plain JS) at T = 5, 2 units',
    );
  });
  it('WebGL when a timing failed or is unusable', () => {
    for (const [cpuMs, webglMs] of [
      [NaN, 5],
      [5, NaN],
      [0, 5],
      [5, Infinity],
      [-1, 3],
    ]) {
      const p = decideAuto({ cpuMs, webglMs, steps: 8, units: 4 });
      expect(p.backend).toBe('webgl');
      expect(p.reason).toBe('Auto: WebGL (timing both backends at T = 8, 4 units failed)');
    }
  });
  it('rounds large ratios to whole numbers', () => {
    expect(decideAuto({ cpuMs: 1, webglMs: 123.4, steps: 3, units: 2 }).reason).toBe(
      'Auto: CPU (plain JS), 123× faster than WebGL at T = 3, 2 units',
    );
  });
  it('names the CPU path that was timed (the plain typed-array path unless the tests ask for tfjs kernels)', () => {
    expect(decideAuto({ cpuMs: 10, webglMs: 21, steps: 20, units: 8, cpuPath: 'plain' }).reason).toBe(
      'Auto: CPU (plain JS), 2.1× faster than WebGL at T = 20, 8 units',
    );
    expect(decideAuto({ cpuMs: 10, webglMs: 21, steps: 20, units: 8, cpuPath: 'tfjs' }).reason).toBe(
      'Auto: CPU (tfjs kernels), 2.1× faster than WebGL at T = 20, 8 units',
    );
    expect(decideAuto({ cpuMs: 90, webglMs: 6, steps: 60, units: 16, cpuPath: 'tfjs' }).reason).toBe(
      'Auto: WebGL, 15× faster than the CPU (tfjs kernels) at T = 60, 16 units',
    );
  });
  it('the status line drops the head of a CPU reason, and names the backend with its CPU path', () => {
    expect(autoReasonTail(SOFTWARE_AUTO_REASON)).toBe('WebGL here is a software renderer');
    expect(autoReasonTail(INTERIM_AUTO_REASON)).toBe('while WebGL is checked');
    expect(autoReasonTail('Auto: CPU (plain JS), 2.1× faster than WebGL at T = 20, 8 units')).toBe('2.1× faster than WebGL at T = 20, 8 units');
    expect([
      backendLabel('cpu', 'plain'),
      backendLabel('cpu', 'wasm'),
      backendLabel('cpu'),
      backendLabel('webgl', 'plain'),
      backendLabel(null),
    ]).toEqual(['CPU · plain JS', 'CPU · tfjs WebAssembly', 'CPU', 'WebGL', '?']);
  });
});
