// The engine's CPU paths in Node (npm run bench runs it after the link bench; alone:
// npx tsx bench/engine-node.ts [--quick]; wrap it in flock /tmp/pw.lock on a shared machine).
// For each size, in this one process and interleaved round by round (see main): simulate() on tfjs' CPU
// kernels, on tfjs' WebAssembly backend (XNNPACK, SIMD) and on the plain typed-array path (the
// engine's CPU default), and the independent float64 loops of bench/float64-reference.ts (forward
// and every ∂C_t/∂h_k, ∂C_t/∂c_k) as the yardstick: medians, and each path's ratio to it. Also the
// tfjs kernel calls per step (tf.profile of one run) against the plain path's zero, and the largest
// difference of the plain path's dCdh from the reference's (the yardstick computes the same thing).
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { simulate, type CellKind, type SimSpec } from '../src/engine/index';
import { lessonSpec } from './lessonSpec';
import { engineTestFlags } from '../src/engine/testHooks';
import { cliArgs, median } from './common.mjs';
import { float64Trace } from './float64-reference';

const quick = cliArgs().quick === 'true';
interface Size {
  cell: CellKind;
  T: number;
  units: number;
  reps: number;
  targets?: boolean;
  /** the issue's budget: the plain path's ratio to the float64 reference (or ms) */
  budget: string;
}
const SIZES: Size[] = [
  ...(['rnn', 'lstm', 'gru'] as const).map((cell) => ({ cell, T: 12, units: 8, reps: 41, budget: '≤ 3×' })),
  ...(['rnn', 'lstm', 'gru'] as const).map((cell) => ({ cell, T: 50, units: 16, reps: 15, budget: '≤ 3×' })),
  ...(['rnn', 'lstm', 'gru'] as const).map((cell) => ({ cell, T: 100, units: 64, reps: 5, budget: '≤ 1×' })),
  { cell: 'lstm', T: 200, units: 256, reps: 3, targets: false, budget: '–' },
  { cell: 'lstm', T: 500, units: 256, reps: 3, targets: false, budget: '≤ 2 s (plain)' },
];

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

type Path = 'tfjs' | 'wasm' | 'plain' | 'ref';
async function once(p: Path, spec: SimSpec): Promise<number> {
  const t0 = performance.now();
  if (p === 'ref') float64Trace(spec);
  else {
    engineTestFlags.cpuPath = p;
    await simulate(spec);
  }
  return performance.now() - t0;
}

async function kernelsPerStep(p: 'tfjs' | 'wasm' | 'plain', spec: SimSpec): Promise<number> {
  engineTestFlags.cpuPath = p;
  // simulate switches to its backend itself; profile counts every kernel the engine runs meanwhile
  const info = await tf.profile(async () => {
    await simulate(spec);
  });
  return info.kernels.length / spec.inputs.length;
}

async function main() {
  setWasmPaths(path.resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
  await tf.setBackend('wasm');
  await tf.ready();
  await tf.setBackend('cpu');
  const rows: string[][] = [];
  const header = [
    'size',
    'tfjs-cpu ms',
    'wasm ms',
    'plain ms',
    'float64 ref ms',
    'cpu/ref',
    'wasm/ref',
    'plain/ref',
    'budget',
    'kernels/step tfjs → plain',
    'max |Δ dCdh| / max |dCdh|',
  ];
  for (const z of quick ? SIZES.slice(0, 3) : SIZES) {
    const spec = lessonSpec(z.cell, z.T, z.units, z.targets ?? true);
    const paths: Path[] = ['tfjs', 'wasm', 'plain', 'ref'];
    const times: Record<Path, number[]> = { tfjs: [], wasm: [], plain: [], ref: [] };
    const reps = quick ? 3 : z.reps;
    // two groups, each interleaved round by round: tfjs' backends, then the plain path with the
    // reference it is budgeted against (tfjs' garbage, collected during a plain run, is not what
    // the browser's plain path meets: there it runs alone). Each path first warms up to a steady
    // state (JIT tiers, wasm kernels), as a slider dragged a while sees it: 40 ms of runs (at least
    // one, at most 200). The small sizes' plain rounds are cheap: more of them.
    const groups: [Path[], number][] = [
      [['tfjs', 'wasm'], reps],
      [['plain', 'ref'], quick ? 3 : z.T <= 50 ? 5 * z.reps : reps],
    ];
    for (const [group, n] of groups) {
      for (const p of group) for (let k = 0, t0 = performance.now(); k < 200 && (k < 1 || performance.now() - t0 < 40); k++) await once(p, spec);
      for (let r = 0; r < n; r++) for (const p of group) times[p].push(await once(p, spec));
    }
    const med = Object.fromEntries(paths.map((p) => [p, median(times[p])])) as Record<Path, number>;
    const kTfjs = await kernelsPerStep('tfjs', spec);
    const kPlain = await kernelsPerStep('plain', spec);
    let agree = '–';
    if (z.targets ?? true) {
      engineTestFlags.cpuPath = 'plain';
      const tr = await simulate(spec);
      const ref = float64Trace(spec);
      let num = 0;
      let den = 0;
      for (let t = 0; t < z.T; t++)
        for (let k = 0; k < z.T; k++)
          for (let j = 0; j < z.units; j++) {
            const v = ref.dCdh[(t * z.T + k) * z.units + j];
            num = Math.max(num, Math.abs(tr.dCdh[t][k][j] - v));
            den = Math.max(den, Math.abs(v));
          }
      agree = (num / den).toExponential(1);
    }
    const label = `${z.cell} T=${z.T} u=${z.units}${z.targets === false ? ' (no targets)' : ''}`;
    rows.push([
      label,
      fmt(med.tfjs),
      fmt(med.wasm),
      fmt(med.plain),
      fmt(med.ref),
      `${(med.tfjs / med.ref).toFixed(2)}×`,
      `${(med.wasm / med.ref).toFixed(2)}×`,
      `${(med.plain / med.ref).toFixed(2)}×`,
      z.budget,
      `${kTfjs.toFixed(1)} → ${kPlain}`,
      agree,
    ]);
    console.error(
      `[engine-node] ${label}: ${groups.map(([g, n]) => `${g.join('+')} ${n}`).join(', ')} rounds: ${rows[rows.length - 1].join(' | ')}`,
    );
  }
  delete engineTestFlags.cpuPath;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (v: string[]) => '| ' + v.map((x, i) => x.padEnd(widths[i])).join(' | ') + ' |';
  console.log(`\n## Engine CPU paths in Node (medians, interleaved rounds; ratios to the float64 reference in the same process)\n`);
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
  console.log(
    `\n- simulate() computes the whole trace (forward, gates, losses, every ∂C_t/∂h_k and ∂C_t/∂c_k, weight gradients, ∂y_T/∂x_k) and returns nested arrays; the reference computes forward + ∂C_t/∂h_k (+ ∂C_t/∂c_k) into flat Float64Arrays.`,
  );
  console.log(`- ${process.version}, ${tf.version_core ? `tfjs-core ${tf.version_core}` : ''}; the plain path runs no tfjs kernel.`);
}

void main();
