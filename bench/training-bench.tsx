/**
 * Training benchmark page (bench/training.html), driven by bench/run.mjs (`npm run bench training`).
 *
 * 1. Training steps per second per model at the default race size (adding, T 30, 16 units,
 *    batch 32), in the training worker, on each backend: webgl (SwiftShader here), cpu, wasm.
 *    Each model's steps are timed separately inside the worker (forward + gradients + update).
 * 2. Steps until "solved" (validation loss < baseline / 10) per model, seeds 1, 2, 3 on the
 *    automatic backend (median), with the real lab (TrainingLab) on the page.
 * 3. The page's frame intervals (requestAnimationFrame) and long main-thread tasks (> 50 ms)
 *    while the lab trains and redraws its charts.
 */
import { Profiler } from 'react';
import { createRoot } from 'react-dom/client';
import 'katex/dist/katex.min.css';
import '../src/styles/app.css';
import TrainingLab from '../src/views/training/TrainingLab';
import * as client from '../src/store/trainingClient';
import { useTrainingStore } from '../src/store/training';
import { DEFAULT_CONFIG, MODEL_LABEL, MODELS, type CellKind } from '../src/train/config';
import type { FromWorker, Snapshot, TrainBackend } from '../src/train/protocol';
import type { BenchTable } from './types';

const status = (s: string) => {
  document.getElementById('status')!.textContent = s;
  console.log(`[training] ${s}`);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
}
const f1 = (x: number) => x.toFixed(1);

/** Steps the worker on one backend; returns per-model steps/s (from its in-worker timings). */
async function backendSpeed(
  backend: TrainBackend,
  steps: number,
): Promise<{ ran: string; initMs: number; perModel: Record<CellKind, number>; all: number }> {
  const w = new Worker(new URL('../src/train/worker.ts', import.meta.url), { type: 'module' });
  let ran = '';
  let initMs = 0;
  let last: Snapshot | null = null;
  let waiting: ((s: Snapshot) => void) | null = null;
  w.onmessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === 'backend') {
      ran = m.backend;
      initMs = m.initMs;
    } else if (m.type === 'progress' || m.type === 'ready') {
      last = m.snapshot;
      if (m.type === 'progress' && waiting) waiting(m.snapshot);
    } else if (m.type === 'error') console.log(`[training] worker error: ${m.message}`);
  };
  const stepOnce = () =>
    new Promise<Snapshot>((res) => {
      waiting = res;
      w.postMessage({ type: 'step' });
    });
  w.postMessage({ type: 'configure', config: { ...DEFAULT_CONFIG, stepBudget: 10_000 }, backend });
  while (!last) await sleep(20);
  for (let i = 0; i < 3; i++) await stepOnce(); // warm-up (shader compilation on WebGL)
  const t0 = performance.now();
  let snap: Snapshot | null = null;
  // timed: per-model ms come from the worker's moving average; "all" is wall time per race step
  for (let i = 0; i < steps; i++) snap = await stepOnce();
  const perModel = {} as Record<CellKind, number>;
  for (const c of MODELS) perModel[c] = 1000 / (snap!.models[c].msPerStep ?? NaN);
  // race steps/s from training alone (every model one step); the race adds evaluations on top
  const all = 1000 / MODELS.reduce((a, c) => a + (snap!.models[c].msPerStep ?? NaN), 0);
  void t0;
  w.postMessage({ type: 'dispose' });
  await sleep(200);
  w.terminate();
  return { ran, initMs, perModel, all };
}

async function raceInLab(seed: number): Promise<{
  solved: Record<CellKind, number | null>;
  losses: Record<CellKind, number | null>;
  frames: number[];
  longTasks: number[];
  backend: string;
  wallS: number;
  messages: number;
  updates: number;
}> {
  useTrainingStore.setState({ config: { ...DEFAULT_CONFIG } });
  useTrainingStore.getState().setConfig({ seed });
  client.reset();
  while (useTrainingStore.getState().status !== 'ready') await sleep(50);
  const frames: number[] = [];
  const longTasks: number[] = [];
  const obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
  try {
    obs.observe({ type: 'longtask', buffered: false });
  } catch {
    /* longtask unsupported */
  }
  // long animation frames with script attribution (Chromium): which callbacks ran in the slow frames
  const loafObs = new PerformanceObserver((list) =>
    list.getEntries().forEach((e) => {
      if (e.duration <= 50) return;
      const scripts = (e as PerformanceEntry & { scripts?: { invoker: string; sourceFunctionName: string; duration: number }[] }).scripts ?? [];
      for (const sc of scripts) {
        const k = `${sc.invoker} → ${sc.sourceFunctionName || '?'}`;
        loafScripts.set(k, (loafScripts.get(k) ?? 0) + sc.duration);
      }
      loafCount.n++;
    }),
  );
  try {
    loafObs.observe({ type: 'long-animation-frame', buffered: false });
  } catch {
    /* LoAF unsupported */
  }
  let running = true;
  let prev = performance.now();
  const tick = (t: number) => {
    frames.push(t - prev);
    prev = t;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame((t) => {
    prev = t;
    requestAnimationFrame(tick);
  });
  const t0 = performance.now();
  const c0 = { ...(client.coalescing ?? { messages: 0, updates: 0 }) };
  const r0 = renders.length;
  client.play();
  let lastLog = 0;
  while (useTrainingStore.getState().status !== 'finished') {
    await sleep(250);
    const st = useTrainingStore.getState();
    if (st.status === 'error') throw new Error(st.error ?? 'training failed');
    if (st.step - lastLog >= 100) {
      lastLog = st.step;
      status(`seed ${seed}: step ${st.step}, ${f1(st.stepsPerSec)} steps/s`);
    }
  }
  running = false;
  obs.disconnect();
  loafObs.disconnect();
  const st = useTrainingStore.getState();
  const solved = {} as Record<CellKind, number | null>;
  const losses = {} as Record<CellKind, number | null>;
  for (const c of MODELS) {
    solved[c] = st.models[c].solvedAt;
    losses[c] = st.models[c].loss;
  }
  const messages = (client.coalescing?.messages ?? 0) - c0.messages;
  const updates = (client.coalescing?.updates ?? 0) - c0.updates;
  renderTimes.push(...renders.slice(r0));
  return {
    solved,
    losses,
    frames: frames.slice(1),
    longTasks,
    backend: st.backend ?? '',
    wallS: (performance.now() - t0) / 1000,
    messages,
    updates,
  };
}

/** script time (ms) by invoker → function in long animation frames (> 50 ms) during the races */
const loafScripts = new Map<string, number>();
const loafCount = { n: 0 };

/** React Profiler actualDuration of every lab commit; renderTimes: those during the races */
const renders: number[] = [];
const renderTimes: number[] = [];

/** rAF intervals and long tasks over `ms` with nothing else going on */
async function framesFor(ms: number): Promise<{ frames: number[]; longTasks: number[] }> {
  const frames: number[] = [];
  const longTasks: number[] = [];
  const obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
  try {
    obs.observe({ type: 'longtask', buffered: false });
  } catch {
    /* longtask unsupported */
  }
  const end = performance.now() + ms;
  let prev = await new Promise<number>((r) => requestAnimationFrame(r));
  while (performance.now() < end) {
    const t = await new Promise<number>((r) => requestAnimationFrame(r));
    frames.push(t - prev);
    prev = t;
  }
  obs.disconnect();
  return { frames, longTasks };
}

async function run({ quick }: { quick?: boolean }): Promise<BenchTable> {
  const rows: BenchTable['rows'] = [];
  const notes: string[] = [];
  const failures: string[] = [];
  const speeds: Partial<Record<TrainBackend, Record<CellKind, number>>> = {};
  for (const b of ['webgl', 'cpu', 'wasm'] as TrainBackend[]) {
    status(`speed on ${b}…`);
    const n = quick ? 5 : b === 'webgl' ? 15 : 30;
    const r = await backendSpeed(b, n);
    if (r.ran !== b) failures.push(`asked for ${b} but ${r.ran} ran`);
    speeds[b] = r.perModel;
    rows.push({
      measure: `steps/s per model on ${r.ran} (${n} steps; backend init ${Math.round(r.initMs)} ms)`,
      'Vanilla RNN': f1(r.perModel.rnn),
      LSTM: f1(r.perModel.lstm),
      GRU: f1(r.perModel.gru),
      'all three': f1(r.all),
    });
  }
  if (speeds.cpu && speeds.wasm && speeds.webgl)
    notes.push(
      `ratios (GRU): wasm / cpu = ${(speeds.wasm.gru / speeds.cpu.gru).toFixed(2)}, wasm / webgl = ${(speeds.wasm.gru / speeds.webgl.gru).toFixed(2)}; LSTM: wasm / cpu = ${(speeds.wasm.lstm / speeds.cpu.lstm).toFixed(2)}, wasm / webgl = ${(speeds.wasm.lstm / speeds.webgl.lstm).toFixed(2)}`,
    );

  status('mounting the lab…');
  // React's own render times (commit durations) attribute main-thread time to the lab's rendering
  createRoot(document.getElementById('root')!).render(
    <Profiler id="lab" onRender={(_id, _phase, actual) => renders.push(actual)}>
      <TrainingLab />
    </Profiler>,
  );
  while (!useTrainingStore.getState().backend) await sleep(50);
  // baseline in the same process: the same page, lab on screen, not training
  const idle = await framesFor(quick ? 2000 : 5000);
  const seeds = quick ? [1] : [1, 2, 3];
  const results: Awaited<ReturnType<typeof raceInLab>>[] = [];
  for (const seed of seeds) {
    status(`race, seed ${seed}…`);
    const r = await raceInLab(seed);
    results.push(r);
    rows.push({
      measure: `steps until solved, seed ${seed} (${r.backend}, ${f1(r.wallS)} s)`,
      'Vanilla RNN': r.solved.rnn ?? `not in ${DEFAULT_CONFIG.stepBudget} (loss ${r.losses.rnn?.toFixed(3)})`,
      LSTM: r.solved.lstm ?? `not in ${DEFAULT_CONFIG.stepBudget}`,
      GRU: r.solved.gru ?? `not in ${DEFAULT_CONFIG.stepBudget}`,
      'all three': '',
    });
  }
  const med = (c: CellKind) => {
    const v = results.map((r) => r.solved[c]);
    const solvedN = v.filter((x) => x !== null).length;
    return solvedN * 2 > v.length ? String(median(v.map((x) => x ?? Infinity))) : `not solved (${solvedN}/${v.length})`;
  };
  rows.push({
    measure: `median steps until solved (${seeds.length} seeds)`,
    'Vanilla RNN': med('rnn'),
    LSTM: med('lstm'),
    GRU: med('gru'),
    'all three': '',
  });
  const frames = results.flatMap((r) => r.frames);
  const longTasks = results.flatMap((r) => r.longTasks);
  rows.push({
    measure: `page frame interval while training, ms (${frames.length} frames): median / p95 / max`,
    'Vanilla RNN': '',
    LSTM: '',
    GRU: '',
    'all three': `${f1(median(frames))} / ${f1(p95(frames))} / ${f1(Math.max(...frames))}`,
  });
  rows.push({
    measure: `baseline, lab on screen but idle (${idle.frames.length} frames): median / p95 / max; long tasks`,
    'Vanilla RNN': '',
    LSTM: '',
    GRU: '',
    'all three': `${f1(median(idle.frames))} / ${f1(p95(idle.frames))} / ${f1(Math.max(...idle.frames))}; ${idle.longTasks.length}`,
  });
  notes.push(
    `frame interval ratio training / idle: median ${(median(frames) / median(idle.frames)).toFixed(2)}, p95 ${(p95(frames) / p95(idle.frames)).toFixed(2)}`,
  );
  rows.push({
    measure: 'main-thread tasks over 50 ms while training: count / longest ms',
    'Vanilla RNN': '',
    LSTM: '',
    GRU: '',
    'all three': `${longTasks.length} / ${longTasks.length ? f1(Math.max(...longTasks)) : '–'}`,
  });
  if (renderTimes.length)
    rows.push({
      measure: `lab React commits while training (Profiler, dev build): count / median / p95 / max ms`,
      'Vanilla RNN': '',
      LSTM: '',
      GRU: '',
      'all three': `${renderTimes.length} / ${f1(median(renderTimes))} / ${f1(p95(renderTimes))} / ${f1(Math.max(...renderTimes))}`,
    });
  notes.push(
    `long animation frames (> 50 ms) while training: ${loafCount.n}; their script time by invoker → function: ` +
      ([...loafScripts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([k, v]) => `${k} ${f1(v)} ms`)
        .join('; ') || '–') +
      ' (node bench/training-trace.mjs attributes them further on the production build: CPU vs wall time, GC, layout, functions)',
  );
  notes.push(
    `worker progress messages / store updates (one per animation frame at most): ${results.map((r) => `${r.messages} / ${r.updates}`).join(', ')}`,
  );
  notes.push(`default race: ${JSON.stringify(DEFAULT_CONFIG)}; solved = validation MSE < baseline / 10 (evaluated every 10 steps)`);
  notes.push(
    `${MODEL_LABEL.gru} etc. steps/s count one model's training step (forward + gradients + optimizer update) on a batch of 32; "all three" = 1 / (sum of the three models' step times): race steps/s from training alone (the race also evaluates every 10 steps and probes every 50)`,
  );
  status('done');
  return {
    title: 'Training lab: speed per backend, steps until solved, frame times',
    columns: ['measure', 'Vanilla RNN', 'LSTM', 'GRU', 'all three'],
    rows,
    notes,
    failures,
  };
}

/**
 * The opt-in soak (`node bench/run.mjs training --soak`): the lab on the page trains the default
 * race with the largest step budget, and starts a fresh race whenever one finishes (so disposal
 * and rebuilding are soaked too). bench/run.mjs samples soakSample() after forcing a GC.
 */
const soakState = { races: 0, doneSteps: 0, timer: 0 as ReturnType<typeof setInterval> | 0 };
function soakStart(): void {
  createRoot(document.getElementById('root')!).render(<TrainingLab />);
  const startRace = () => {
    soakState.races++;
    useTrainingStore.setState({ config: { ...DEFAULT_CONFIG } });
    useTrainingStore.getState().setConfig({ stepBudget: 20_000, seed: soakState.races });
    client.reset();
  };
  startRace();
  soakState.timer = setInterval(() => {
    const st = useTrainingStore.getState();
    if (st.status === 'ready' && st.step === 0) client.play();
    else if (st.status === 'finished') {
      soakState.doneSteps += st.step;
      startRace();
    }
  }, 500);
}
function soakSample() {
  const st = useTrainingStore.getState();
  return {
    races: soakState.races,
    step: st.step,
    totalSteps: soakState.doneSteps + st.step,
    status: st.status,
    error: st.error,
    numTensors: st.numTensors,
    numBytes: st.numBytes,
  };
}
function soakStop(): void {
  clearInterval(soakState.timer);
  client.pause();
}

window.__benchmark = { run, soakStart, soakSample, soakStop };
status('ready');
