/**
 * The page's side of the training worker: creates it on demand, forwards commands, routes its
 * reports into the training store, and tears it down (tensors freed first) when the lab leaves
 * the page. One worker per page at most.
 */
import { useTrainingStore } from './training';
import { MODELS, type CellKind } from '../train/config';
import type { FromWorker, ToWorker } from '../train/protocol';
import type { TrainedWeights } from '../train/race';
import { Pending } from './channel';
import { cancelFrame, nextFrame, type FrameHandle } from './frames';
import { loadRun, saveRun } from './trainingKeep';
import { setLabClicker } from './labClicker';

let worker: Worker | null = null;
/** the worker's answers to weight requests (bounded like every request: store/channel.ts) */
const weightRequests = new Pending<TrainedWeights | null>({ fallback: null });
/** what the last disposal reported (tests read it through the hook) */
export const lifecycle = { workersStarted: 0, workersEnded: 0, lastDisposedTensors: null as number | null };

/**
 * Progress reports coalesced into one store update per animation frame: the worker may post
 * several between two frames (each one re-rendered the lab and its charts); the latest snapshot
 * wins, new evaluations (deltas) are concatenated, the latest probe is kept. A timer stands in
 * for requestAnimationFrame when the page is hidden (no frames then).
 */
type Progress = Extract<FromWorker, { type: 'progress' }>;
let pending: { snapshot: Progress['snapshot']; evals: Progress['evals']; probe: Progress['probe'] } | null = null;
let flushHandle: FrameHandle | null = null;
/** how many progress messages arrived and how many store updates they made (bench reads it) */
export const coalescing = { messages: 0, updates: 0 };

/** a probe (gradient chart, gate strips) waiting for the frame after its evaluation's */
let pendingProbe: { generation: number; probe: NonNullable<Progress['probe']> } | null = null;
let probeHandle: FrameHandle | null = null;

/** tells the worker the page has drawn what it got, a frame after the last store update */
function ackDrawn() {
  nextFrame(() => worker?.postMessage({ type: 'drawn' } satisfies ToWorker));
}

/**
 * Applies the pending progress. The cards and the loss chart update in this frame; a probe (the
 * gradient chart and the gate strips) in the next one, so no single frame does all the drawing
 * (the longest main-thread task while training is what the page's smoothness hangs on).
 */
function flushProgress() {
  if (flushHandle) {
    cancelFrame(flushHandle);
    flushHandle = null;
  }
  const p = pending;
  pending = null;
  if (!p) return;
  if (p.snapshot.generation !== useTrainingStore.getState().generation) {
    ackDrawn();
    return;
  }
  coalescing.updates++;
  const store = useTrainingStore.getState();
  store.applySnapshot(p.snapshot);
  store.addProgress(p.evals, null);
  // training stopped (paused, one step, finished): keep the trained weights with the results
  if (!p.snapshot.playing && p.snapshot.step > 0 && worker) void keepWeights(worker, p.snapshot.generation);
  if (p.probe) {
    pendingProbe = { generation: p.snapshot.generation, probe: p.probe };
    if (!probeHandle) probeHandle = nextFrame(flushProbe);
  } else if (!probeHandle) ackDrawn();
}

function flushProbe() {
  probeHandle = null;
  const q = pendingProbe;
  pendingProbe = null;
  if (q && q.generation === useTrainingStore.getState().generation) useTrainingStore.getState().addProgress([], q.probe);
  ackDrawn();
}

function queueProgress(m: Progress) {
  coalescing.messages++;
  if (pending && pending.snapshot.generation === m.snapshot.generation) {
    pending = { snapshot: m.snapshot, evals: pending.evals.concat(m.evals), probe: m.probe ?? pending.probe };
  } else pending = { snapshot: m.snapshot, evals: m.evals, probe: m.probe };
  if (flushHandle) return;
  flushHandle = nextFrame(flushProgress);
}

/** drops progress not yet applied (a new race is starting) */
function dropPending() {
  pending = null;
  pendingProbe = null;
  if (flushHandle) {
    cancelFrame(flushHandle);
    flushHandle = null;
  }
}

function onMessage(e: MessageEvent<FromWorker>) {
  const m = e.data;
  if (m.type !== 'progress') flushProgress(); // keep the worker's order: progress before what follows it
  const store = useTrainingStore.getState();
  switch (m.type) {
    case 'backend':
      store.setBackend(m.backend, m.reason);
      break;
    case 'ready':
      if (m.generation < store.generation) return;
      store.clearRun('ready');
      store.applySnapshot(m.snapshot);
      store.setStatus('ready');
      break;
    case 'progress':
      if (m.snapshot.generation !== useTrainingStore.getState().generation) return;
      queueProgress(m);
      break;
    case 'weights':
      weightRequests.settle(m.requestId, m.weights);
      break;
    case 'disposed':
      lifecycle.lastDisposedTensors = m.numTensors;
      break;
    case 'error':
      store.setStatus('error', m.message);
      break;
  }
}

/**
 * Asks `w` for every live model's weights and keeps them in the store (for Inspect once the worker
 * has ended, and for a reload), if the race is still the one they came from.
 */
async function keepWeights(w: Worker, generation: number): Promise<void> {
  const st = useTrainingStore.getState();
  const live = MODELS.filter((c) => !st.models[c].diverged && st.kept[c]?.step !== st.models[c].steps);
  if (!live.length) return;
  const got = await Promise.all(
    live.map((cell) => {
      const { id, promise } = weightRequests.open();
      w.postMessage({ type: 'weights', cell, requestId: id } satisfies ToWorker);
      return promise.then((weights) => [cell, weights] as const);
    }),
  );
  const now = useTrainingStore.getState();
  if (now.generation !== generation) return;
  const kept = { ...now.kept };
  for (const [c, weights] of got) if (weights && weights.step === now.models[c].steps) kept[c] = weights;
  useTrainingStore.setState({ kept });
}

const persist = () => saveRun(useTrainingStore.getState());

function ensureWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../train/worker.ts', import.meta.url), { type: 'module', name: 'unrolled-training' });
  lifecycle.workersStarted++;
  worker.onmessage = onMessage;
  worker.onerror = (e) => useTrainingStore.getState().setStatus('error', e.message || 'The training worker failed to start.');
  return worker;
}

function send(m: ToWorker) {
  ensureWorker().postMessage(m);
}

/**
 * Where the lab's commands go while another window runs the race (presenting: ./labSync.ts):
 * set, Train / Pause / One step / Reset / Inspect are sent there instead of to a worker here.
 */
export interface RemoteRace {
  play(): void;
  pause(): void;
  stepOnce(): void;
  /** a new race with this window's settings (the store's config and backend choice) */
  reset(): void;
  requestWeights(cell: CellKind): Promise<TrainedWeights | null>;
}
let remote: RemoteRace | null = null;
/** called when this window starts, steps or resets its own race (it then leads the others) */
let onLead: (() => void) | null = null;

export function setRemote(r: RemoteRace | null): void {
  remote = r;
}
export function following(): boolean {
  return remote !== null;
}
export function setLeadListener(fn: (() => void) | null): void {
  onLead = fn;
}

/**
 * Builds a fresh race from the store's settings (training paused at step 0). `mount`: the lab
 * appearing (or a window taking back its own race), not a student's Reset, so it is never sent to
 * another window's race.
 */
export function reset(opts: { mount?: boolean } = {}): void {
  if (!opts.mount) {
    if (remote) return remote.reset();
    onLead?.();
  }
  dropPending();
  const st = useTrainingStore.getState();
  st.clearRun('starting');
  persist(); // the kept race (if any) is gone
  const generation = st.generation + 1;
  useTrainingStore.setState({ generation });
  send({ type: 'configure', config: st.config, backend: st.backendChoice, generation });
}

/**
 * The lab appears: it shows the race it showed before (kept in the store when it left the page,
 * or in this tab's sessionStorage across a reload: ./trainingKeep.ts) as results without a
 * worker, else builds a fresh race.
 */
export function mount(): void {
  if (!worker && !remote) {
    const st = useTrainingStore.getState();
    if (st.step === 0) {
      const run = loadRun();
      if (run) useTrainingStore.setState({ ...run, messages: [], error: null, stepsPerSec: 0 });
    }
    const now = useTrainingStore.getState();
    if (now.step > 0 && now.status !== 'error') {
      useTrainingStore.setState({ detached: true, stepsPerSec: 0, status: now.status === 'finished' ? 'finished' : 'paused' });
      return;
    }
  }
  reset({ mount: true });
}

export function play(): void {
  if (remote) return remote.play();
  onLead?.();
  if (!worker) reset();
  send({ type: 'play' });
}

export function pause(): void {
  if (remote) return remote.pause();
  if (worker) worker.postMessage({ type: 'pause' } satisfies ToWorker);
}

export function stepOnce(): void {
  if (remote) return remote.stepOnce();
  onLead?.();
  if (!worker) reset();
  send({ type: 'step' });
}

/**
 * The clicker on the lab's slide: a press while training pauses it; forward on a race not yet
 * started starts it (Train); anything else (a paused or finished race) lets the deck move on, so
 * the slide is Train → Pause → next slide, all from the clicker.
 */
function clickerPress(dir: 1 | -1): boolean {
  const st = useTrainingStore.getState();
  if (st.status === 'playing') {
    pause();
    return true;
  }
  if (dir > 0 && st.step === 0 && !st.detached && st.status !== 'finished' && st.status !== 'error') {
    play();
    return true;
  }
  return false;
}
setLabClicker(clickerPress);

export function requestWeights(cell: CellKind): Promise<TrainedWeights | null> {
  if (remote) return remote.requestWeights(cell);
  if (!worker) return Promise.resolve(useTrainingStore.getState().kept[cell] ?? null);
  const { id, promise } = weightRequests.open();
  send({ type: 'weights', cell, requestId: id });
  return promise;
}

export function isRunning(): boolean {
  return worker !== null;
}

/**
 * Stops training, keeps the race's results and trained weights (the store and sessionStorage:
 * they show when the lab comes back), frees the worker's tensors, then ends the worker (1 s grace).
 */
export async function shutdown({ keep = true }: { keep?: boolean } = {}): Promise<void> {
  const w = worker;
  if (!w) return;
  worker = null;
  flushProgress();
  if (!keep) {
    weightRequests.clear();
    const st = useTrainingStore.getState();
    if (st.status === 'playing') st.setStatus('paused');
    return dispose(w);
  }
  w.postMessage({ type: 'pause' } satisfies ToWorker);
  // its last reports still count, until a new race has a worker of its own
  w.onmessage = (e: MessageEvent<FromWorker>) => {
    if (!worker || e.data.type === 'weights') onMessage(e);
  };
  const generation = useTrainingStore.getState().generation;
  const detach = () => {
    const st = useTrainingStore.getState();
    if (st.generation !== generation || worker) return;
    if (st.step > 0) useTrainingStore.setState({ detached: true, stepsPerSec: 0 });
    if (st.status === 'playing') st.setStatus('paused');
    persist();
  };
  detach(); // at once (a page being hidden may not get further)
  if (useTrainingStore.getState().step > 0) {
    await keepWeights(w, generation);
    if (!worker) flushProgress(); // the pause's last report came before the weights
    detach();
  }
  return dispose(w);
}

/** frees `w`'s tensors and ends it (1 s grace) */
function dispose(w: Worker): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      w.terminate();
      lifecycle.workersEnded++;
      resolve();
    };
    const timer = setTimeout(done, 1000);
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      if (e.data.type === 'disposed') {
        lifecycle.lastDisposedTensors = e.data.numTensors;
        clearTimeout(timer);
        done();
      }
    };
    w.postMessage({ type: 'dispose' } satisfies ToWorker);
  });
}
