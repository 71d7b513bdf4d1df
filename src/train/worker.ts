/// <reference lib="webworker" />
/**
 * The training worker: runs the race off the main thread, so the page stays smooth. It picks a
 * tfjs backend (see chooseBackend), trains while playing, and posts plain-data progress: every
 * evaluation (validation losses) and every PROBE_EVERY steps (and after step 1, and where a model is
 * solved) the gradient-norm and gate probes.
 * Tensors never leave it; 'dispose' frees all of them.
 *
 * Yielding to the page: after each progress message the training loop waits until the page says
 * it has drawn it ('drawn', a frame after the update), at most PAGE_WAIT_MS. The page's work comes
 * in bursts when a message lands (store update, React render, layout, paint); on a 2-core machine
 * a worker that keeps computing through the burst competes with the page's main, compositor and
 * raster threads for the one core left, and a 10 ms frame became a 60–190 ms long task waiting
 * for a core (bench/training-trace.mjs: wall time ≫ CPU time). A message goes out every
 * EVAL_EVERY steps, so the wait costs a few per cent of steps/s (measured in the same bench).
 */
import * as tf from '@tensorflow/tfjs';
import { PROBE_EVERY, type TrainConfig } from './config';
import type { BackendChoice, FromWorker, Snapshot, ToWorker, TrainBackend } from './protocol';
import { Race, type EvalPoint } from './race';
import { chooseBackend } from './backends';

const post = (m: FromWorker) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);

let race: Race | null = null;
let generation = 0;
let playing = false;
let loopRunning = false;
let backendReady: Promise<TrainBackend> | null = null;
let backendWanted: BackendChoice | null = null;
/** (time, step) samples of the last seconds, for steps per second */
let rate: { t: number; step: number }[] = [];
let pendingEvals: EvalPoint[] = [];
let pendingDiverged: Race['cells'] = [];
/** the longest a playing worker waits for the page's 'drawn' after a progress message, ms */
const PAGE_WAIT_MS = 100;
/** set while the loop waits for 'drawn': calling it ends the wait */
let endWait: (() => void) | null = null;
/** whether a progress message went out since the loop last waited */
let posted = false;

function waitForPage(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, PAGE_WAIT_MS);
    function done() {
      clearTimeout(timer);
      endWait = null;
      resolve();
    }
    endWait = done;
  });
}

function stepsPerSec(): number {
  if (rate.length < 2) return 0;
  const a = rate[0];
  const b = rate[rate.length - 1];
  return b.t > a.t ? ((b.step - a.step) * 1000) / (b.t - a.t) : 0;
}

function snapshot(): Snapshot {
  const r = race!;
  return {
    generation,
    step: r.step,
    playing,
    finished: r.finished(),
    baseline: r.baseline,
    models: JSON.parse(JSON.stringify(r.state)),
    gradMarks: r.gradMarks,
    stepsPerSec: stepsPerSec(),
    numTensors: tf.memory().numTensors,
    numBytes: tf.memory().numBytes,
  };
}

function flush(withProbe: boolean) {
  if (!race) return;
  post({
    type: 'progress',
    snapshot: snapshot(),
    evals: pendingEvals,
    probe: withProbe ? { step: race.step, models: race.probeAll() } : null,
    diverged: pendingDiverged,
  });
  posted = true;
  pendingEvals = [];
  pendingDiverged = [];
}

/** one step of every live model; returns whether a message went out */
function oneStep(): void {
  const r = race!;
  const { eval: ev, newlyDiverged, newlySolved } = r.stepOnce();
  if (ev) pendingEvals.push(ev);
  pendingDiverged.push(...newlyDiverged);
  const now = performance.now();
  rate.push({ t: now, step: r.step });
  while (rate.length > 2 && now - rate[0].t > 2000) rate.shift();
  // probes: every PROBE_EVERY steps, at the end, after the first step and where a model is solved
  // (the before/after view shows those two: race.gradMarks, in every snapshot)
  const probeDue = r.step % PROBE_EVERY === 0 || r.finished() || r.step === 1 || newlySolved.length > 0;
  if (ev || newlyDiverged.length || r.finished() || r.step === 1) flush(probeDue);
}

/** Trains while playing, yielding to the message queue between steps (so pause lands at once). */
async function loop() {
  if (loopRunning) return;
  loopRunning = true;
  try {
    while (playing && race && !race.finished()) {
      posted = false;
      oneStep();
      // a message went out: let the page draw it before the next step (see the header)
      if (posted) await waitForPage();
      else await new Promise((res) => setTimeout(res, 0));
    }
    if (race && race.finished() && playing) {
      playing = false;
      flush(false);
    }
  } catch (e) {
    playing = false;
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  } finally {
    loopRunning = false;
  }
}

async function configure(config: TrainConfig, backend: BackendChoice, gen?: number) {
  playing = false;
  generation = gen !== undefined && Number.isSafeInteger(gen) && gen > generation ? gen : generation + 1;
  const mine = generation;
  if (!backendReady || backendWanted !== backend) {
    backendWanted = backend;
    const t0 = performance.now();
    backendReady = chooseBackend(backend).then(({ backend: b, reason }) => {
      post({ type: 'backend', backend: b, reason, initMs: performance.now() - t0 });
      return b;
    });
  }
  await backendReady;
  // wait for a running loop to notice the pause before the old race goes
  while (loopRunning) await new Promise((res) => setTimeout(res, 0));
  if (mine !== generation) return;
  race?.dispose();
  race = null;
  rate = [];
  pendingEvals = [];
  pendingDiverged = [];
  race = new Race(config);
  const first = race.evaluateAll();
  post({ type: 'ready', generation, snapshot: snapshot() });
  pendingEvals = [first];
  flush(true);
}

let queue: Promise<void> = Promise.resolve();

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  // configure / step / weights / dispose run in order; play and pause act at once
  if (m.type === 'play') {
    queue = queue.then(() => {
      if (!race || race.finished()) return;
      playing = true;
      rate = [];
      void loop();
    });
    return;
  }
  // any other message ends a wait for the page at once (pause, step and reset land without delay)
  endWait?.();
  if (m.type === 'drawn') return;
  if (m.type === 'pause') {
    playing = false;
    queue = queue.then(() => flush(false));
    return;
  }
  queue = queue
    .then(async () => {
      if (m.type === 'configure') await configure(m.config, m.backend, m.generation);
      else if (m.type === 'step') {
        playing = false;
        while (loopRunning) await new Promise((res) => setTimeout(res, 0));
        if (race && !race.finished()) {
          oneStep();
          flush(true);
        }
      } else if (m.type === 'weights') {
        post({ type: 'weights', requestId: m.requestId, weights: race ? race.trainedWeights(m.cell) : null });
      } else if (m.type === 'dispose') {
        playing = false;
        while (loopRunning) await new Promise((res) => setTimeout(res, 0));
        race?.dispose();
        race = null;
        tf.disposeVariables();
        post({ type: 'disposed', numTensors: tf.memory().numTensors });
      }
    })
    .catch((err) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
};
