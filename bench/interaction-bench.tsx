/**
 * Interaction benchmark page (bench/interaction.html), driven by bench/run.mjs: the real simulator
 * (SimulatorShell with all its views) at the default lesson width, on WebGL.
 *
 * - parameter change → redrawn view: time from a settings change in the store (what a slider's
 *   onChange does) until the new trace is rendered and one more frame has been painted. It includes
 *   the 40 ms slider debounce and the simulate() call; the simulate share is shown separately.
 * - playback: requestAnimationFrame intervals while the simulator plays (8 steps/s, restarted at the
 *   end) for a few seconds: median / p95 / max frame interval.
 */
import { createRoot } from 'react-dom/client';
import 'katex/dist/katex.min.css';
import '../src/styles/app.css';
import type { SimulatorPreset } from '../lessons/types';
import SimulatorShell from '../src/views/SimulatorShell';
import { useSimulatorStore } from '../src/store/simulator';
import { useEngineStatus } from '../src/store/engineStatus';
import { usePrefs } from '../src/store/prefs';
import type { BenchTable } from './types';

const PRESETS: SimulatorPreset[] = ['vanilla-forward', 'vanishing', 'lstm', 'bidirectional'];

const status = (s: string) => {
  document.getElementById('status')!.textContent = s;
};
const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
/** nearest-rank 95th percentile */
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
}
const f1 = (x: number) => x.toFixed(1);

function simEl(): HTMLElement {
  return document.querySelector('[data-testid="simulator"]') as HTMLElement;
}

async function until(cond: () => boolean, timeoutMs = 60_000): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > timeoutMs) throw new Error('timed out waiting for the simulator');
    await sleep(2);
  }
}

/** Change a setting, wait for the new trace to be drawn and the next frame painted. */
async function change(id: string, patch: Record<string, unknown>): Promise<{ total: number; simulate: number }> {
  const el = simEl();
  const before = Number(el.dataset.results);
  const t0 = performance.now();
  useSimulatorStore.getState().setSettings(id, patch);
  await until(() => Number(el.dataset.results) > before && el.dataset.state === 'ready');
  await frame(); // the frame that paints the new drawing
  return { total: performance.now() - t0, simulate: useEngineStatus.getState().lastMs ?? NaN };
}

async function mount(preset: SimulatorPreset): Promise<() => void> {
  const host = document.getElementById('root')!;
  const fig = document.createElement('figure');
  fig.className = 'simulator-slot simulator';
  fig.dataset.simulator = preset;
  host.appendChild(fig);
  const root = createRoot(fig);
  useSimulatorStore.getState().reset(preset);
  root.render(<SimulatorShell preset={preset} />);
  await until(() => simEl()?.dataset.state === 'ready' && Number(simEl().dataset.results) > 0, 120_000);
  return () => {
    root.unmount();
    fig.remove();
  };
}

async function run({ quick }: { quick?: boolean }): Promise<BenchTable> {
  // auto would pick the CPU on a software renderer (SwiftShader): this page measures WebGL
  usePrefs.getState().setBackend('webgl');
  const reps = quick ? 5 : 25;
  const playMs = quick ? 1500 : 4000;
  const rows: BenchTable['rows'] = [];
  const failures: string[] = [];
  for (const preset of PRESETS) {
    status(`${preset}: loading`);
    const unmount = await mount(preset);
    const base = useSimulatorStore.getState().instances[preset].settings;
    // warm-up: the shapes used below compile their WebGL shaders once
    for (let i = 0; i < 3; i++) await change(preset, { seed: base.seed + 1000 + i });
    const backend = useEngineStatus.getState().backend ?? '?';
    if (backend !== 'webgl') failures.push(`${preset}: ran on ${backend}, not webgl`);

    status(`${preset}: parameter changes`);
    const totals: number[] = [];
    const sims: number[] = [];
    for (let i = 0; i < reps; i++) {
      // alternate the two kinds of slider change: new seed (re-initialise) and weight scale
      const patch = i % 2 ? { seed: base.seed + i } : { weightScale: 0.5 + ((i * 0.1) % 2) };
      const r = await change(preset, patch);
      totals.push(r.total);
      sims.push(r.simulate);
    }

    status(`${preset}: single steps`);
    // main-thread cost of one step: a click on "Step forward/back" is a discrete React event,
    // rendered and committed in a microtask that click() queues (paint and compositing come after)
    useSimulatorStore.getState().setPlayback(preset, { phase: 'forward', step: 0, playing: false });
    await frame();
    const stepMs: number[] = [];
    for (let i = 0; i < (quick ? 10 : 40); i++) {
      const fwd = simEl().querySelector<HTMLButtonElement>('[data-testid="sim-step-forward"]')!;
      const btn = fwd.disabled ? simEl().querySelector<HTMLButtonElement>('[data-testid="sim-step-back"]')! : fwd;
      const t0 = performance.now();
      btn.click();
      await new Promise<void>((r) => queueMicrotask(r)); // React 19 flushes the update in a microtask queued during click()
      stepMs.push(performance.now() - t0);
      await frame();
    }

    status(`${preset}: playback`);
    useSimulatorStore.getState().setPlayback(preset, { phase: 'forward', step: 0, speed: 8 });
    useSimulatorStore.getState().togglePlay(preset);
    const intervals: number[] = [];
    let last = await frame();
    const tEnd = last + playMs;
    let steps = 0;
    let prevStep = useSimulatorStore.getState().instances[preset].playback.step;
    while (last < tEnd) {
      const now = await frame();
      intervals.push(now - last);
      last = now;
      const pb = useSimulatorStore.getState().instances[preset].playback;
      if (pb.step !== prevStep) steps++;
      prevStep = pb.step;
      if (!pb.playing) useSimulatorStore.getState().togglePlay(preset); // loop from t = 1
    }
    useSimulatorStore.getState().setPlayback(preset, { playing: false });
    const s = useSimulatorStore.getState().instances[preset].settings;
    rows.push({
      simulator: preset,
      model: `${s.cell}${s.bidirectional ? ' bi' : ''} ${s.units}u T${s.steps}`,
      'change→drawn median ms': f1(median(totals)),
      'change→drawn p95 ms': f1(p95(totals)),
      'simulate median ms': f1(median(sims)),
      'step render median ms': f1(median(stepMs)),
      'step render p95 ms': f1(p95(stepMs)),
      'frame median ms': f1(median(intervals)),
      'frame p95 ms': f1(p95(intervals)),
      'frame max ms': f1(Math.max(...intervals)),
      'steps/s': f1(steps / (playMs / 1000)),
    });
    unmount();
    await sleep(50);
  }
  status('done');
  return {
    title: 'Simulator interaction: parameter change → redrawn view, and playback frame times',
    columns: [
      'simulator',
      'model',
      'change→drawn median ms',
      'change→drawn p95 ms',
      'simulate median ms',
      'step render median ms',
      'step render p95 ms',
      'frame median ms',
      'frame p95 ms',
      'frame max ms',
      'steps/s',
    ],
    rows,
    notes: [
      `${reps} parameter changes per simulator (alternating weight scale and seed), after 3 warm-up changes; the simulator is mounted at the lesson column width.`,
      'change→drawn includes the 40 ms slider debounce, building the spec, simulate() (its share in its own column) and rendering every view, up to the next painted frame.',
      'step render: main-thread time of one click on Step forward (React render + commit of every view); paint and compositing are not included.',
      `playback: requestAnimationFrame intervals over ${playMs / 1000} s at 8 steps/s (16.7 ms = 60 fps). Without a GPU, Chromium composites and rasterises in software (SwiftShader), which dominates these intervals while the highlight slides.`,
      'This page runs under Vite’s dev server, i.e. React’s development build; bench/interaction-prod.mjs measures the production build in the real lesson pages.',
      'Timings from headless Chromium; on GPU-less machines WebGL is SwiftShader (CPU), so simulate() is far slower than on a real GPU.',
    ],
    failures,
  };
}

window.__benchmark = { run };
status('ready');
