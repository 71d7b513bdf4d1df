/**
 * Engine benchmark page (bench/engine.html): simulate() against the straightforward baseline
 * (tf.layers forward + one tf.grads per loss C_t, see baseline.ts) on WebGL and on the CPU, for
 * LSTM, GRU and vanilla RNN at three sizes. Driven by bench/run.mjs through window.__benchmark.
 */
import * as tf from '@tensorflow/tfjs';
import { getBackendInfo, setBackendPreference, simulate } from '../src/engine/index';
import { lessonSpec } from './lessonSpec';
import type { CellKind } from '../src/engine/index';
import { BaselineModel, baselineTrace } from '../tests/reference/baseline';
import type { BenchTable } from './types';

interface Config {
  T: number;
  units: number;
  simReps: number;
  baseReps: number;
}

const CONFIGS: Config[] = [
  { T: 12, units: 8, simReps: 15, baseReps: 5 },
  { T: 50, units: 32, simReps: 7, baseReps: 1 },
  { T: 100, units: 128, simReps: 3, baseReps: 1 },
];
const QUICK: Config[] = [{ T: 12, units: 8, simReps: 3, baseReps: 1 }];
const CELLS: CellKind[] = ['lstm', 'gru', 'rnn'];
const BACKENDS = ['webgl', 'cpu'] as const;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** nearest-rank 95th percentile (= the maximum for fewer than 20 reps) */
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
}

/** max |a − b| / max |b| over two [t][k][u] arrays */
function relDiff(a: number[][][], b: number[][][]): number {
  let num = 0;
  let den = 0;
  for (let t = 0; t < b.length; t++)
    for (let k = 0; k < b[t].length; k++)
      for (let j = 0; j < b[t][k].length; j++) {
        num = Math.max(num, Math.abs(a[t][k][j] - b[t][k][j]));
        den = Math.max(den, Math.abs(b[t][k][j]));
      }
  return den > 0 ? num / den : num;
}

async function time(fn: () => Promise<unknown>, reps: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const status = (s: string) => {
  const el = document.getElementById('status');
  if (el) el.textContent = s;
  console.log(`[engine-bench] ${s}`);
};

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

async function run(options: { quick?: boolean }): Promise<BenchTable> {
  const configs = options.quick ? QUICK : CONFIGS;
  const rows: BenchTable['rows'] = [];
  const failures: string[] = [];
  const notes: string[] = [];
  const tStart = performance.now();

  for (const backend of BACKENDS) {
    setBackendPreference(backend);
    for (const cfg of configs) {
      for (const cell of CELLS) {
        const spec = lessonSpec(cell, cfg.T, cfg.units);
        const label = `${cell} T=${cfg.T} units=${cfg.units} on ${backend}`;

        // simulate: warm-up (backend init, shader compilation), then timed reps
        status(`${label}: simulate`);
        const trace = await simulate(spec);
        const simRan = trace.backend;
        const simTimes = await time(() => simulate(spec), cfg.simReps);

        // baseline on the same backend the engine actually used; warm-up on a short sequence with
        // the same units (same per-step shader shapes), then timed reps
        status(`${label}: baseline`);
        if (tf.getBackend() !== simRan) await tf.setBackend(simRan);
        const warm = lessonSpec(cell, Math.min(cfg.T, 4), cfg.units);
        await baselineTrace(warm);
        const model = new BaselineModel(spec);
        let check = NaN;
        let baseRan = '';
        const baseTimes: number[] = [];
        try {
          for (let i = 0; i < cfg.baseReps; i++) {
            const t0 = performance.now();
            const base = await baselineTrace(spec, model);
            baseTimes.push(performance.now() - t0);
            baseRan = base.backend;
            if (i === 0) check = relDiff(trace.dCdh, base.dCdh);
          }
        } finally {
          model.dispose();
        }

        if (simRan !== backend) failures.push(`${label}: simulate ran on ${simRan} (${getBackendInfo().fallbackReason ?? 'no reason given'})`);
        if (baseRan !== backend) failures.push(`${label}: the baseline ran on ${baseRan}`);
        if (!(check < 1e-3)) failures.push(`${label}: simulate's dCdh differs from the baseline's (max rel. diff ${check})`);

        const sm = median(simTimes);
        const bm = median(baseTimes);
        rows.push({
          cell,
          T: cfg.T,
          units: cfg.units,
          'asked for': backend,
          'ran on (sim/base)': simRan === baseRan ? simRan : `${simRan}/${baseRan} !!`,
          'simulate median ms': fmt(sm),
          'simulate p95 ms': fmt(p95(simTimes)),
          'baseline median ms': fmt(bm),
          'baseline / simulate': `${(bm / sm).toFixed(1)}×`,
          reps: `${cfg.simReps}/${cfg.baseReps}`,
          'dCdh rel. diff': check.toExponential(1),
        });
        status(`${label}: simulate ${fmt(sm)} ms, baseline ${fmt(bm)} ms`);
      }
    }
  }
  setBackendPreference('auto');

  notes.push(
    'reps = timed simulate calls / timed baseline calls, after one warm-up each (the baseline warms up on T ≤ 4 with the same units).',
    'simulate: one forward + one reverse sweep for all ∂C_t/∂h_k and the weight gradients, results read back as arrays.',
    'baseline: tf.layers forward (returnSequences) + one tf.grads per loss C_t over the layer’s cell unrolled with perturbations δ_k (T backward passes) + tf.variableGrads for the weights; same numbers (dCdh rel. diff = max|Δ| / max|dCdh|).',
    'p95 is nearest-rank, i.e. the slowest rep when there are fewer than 20.',
    `total page time ${((performance.now() - tStart) / 1000).toFixed(0)} s; WebGL: ${webglRenderer()}.`,
  );
  return {
    title: 'Engine: simulate() vs the straightforward baseline',
    columns: [
      'cell',
      'T',
      'units',
      'asked for',
      'ran on (sim/base)',
      'simulate median ms',
      'simulate p95 ms',
      'baseline median ms',
      'baseline / simulate',
      'reps',
      'dCdh rel. diff',
    ],
    rows,
    notes,
    failures,
  };
}

function webglRenderer(): string {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return 'no WebGL2 context';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  } catch (e) {
    return `unknown (${String(e)})`;
  }
}

window.__benchmark = { run };
status('ready');
