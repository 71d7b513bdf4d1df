/**
 * The page's side of the training worker: creates it on demand, forwards commands, routes its
 * reports into the training store, and tears it down (tensors freed first) when the lab leaves
 * the page. One worker per page at most.
 */
import { useTrainingStore } from '../../store/training';
import type { CellKind } from '../../train/config';
import type { FromWorker, ToWorker } from '../../train/protocol';
import type { TrainedWeights } from '../../train/race';

let worker: Worker | null = null;
let weightRequests = new Map<number, (w: TrainedWeights | null) => void>();
let nextRequest = 1;
/** what the last disposal reported (tests read it through the hook) */
export const lifecycle = { workersStarted: 0, workersEnded: 0, lastDisposedTensors: null as number | null };

function onMessage(e: MessageEvent<FromWorker>) {
  const m = e.data;
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
      store.applySnapshot(m.snapshot);
      store.addProgress(m.evals, m.probe);
      break;
    case 'weights':
      weightRequests.get(m.requestId)?.(m.weights);
      weightRequests.delete(m.requestId);
      break;
    case 'disposed':
      lifecycle.lastDisposedTensors = m.numTensors;
      break;
    case 'error':
      store.setStatus('error', m.message);
      break;
  }
}

function ensureWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../../train/worker.ts', import.meta.url), { type: 'module', name: 'unrolled-training' });
  lifecycle.workersStarted++;
  worker.onmessage = onMessage;
  worker.onerror = (e) => useTrainingStore.getState().setStatus('error', e.message || 'The training worker failed to start.');
  return worker;
}

function send(m: ToWorker) {
  ensureWorker().postMessage(m);
}

/** Builds a fresh race from the store's settings (training paused at step 0). */
export function reset(): void {
  const st = useTrainingStore.getState();
  st.clearRun('starting');
  useTrainingStore.setState({ generation: st.generation + 1 });
  send({ type: 'configure', config: st.config, backend: st.backendChoice });
}

export function play(): void {
  if (!worker) reset();
  send({ type: 'play' });
}

export function pause(): void {
  if (worker) worker.postMessage({ type: 'pause' } satisfies ToWorker);
}

export function stepOnce(): void {
  if (!worker) reset();
  send({ type: 'step' });
}

export function requestWeights(cell: CellKind): Promise<TrainedWeights | null> {
  if (!worker) return Promise.resolve(null);
  const requestId = nextRequest++;
  return new Promise((resolve) => {
    weightRequests.set(requestId, resolve);
    send({ type: 'weights', cell, requestId });
  });
}

export function isRunning(): boolean {
  return worker !== null;
}

/** Stops training, frees the worker's tensors, then ends the worker (1 s grace). */
export function shutdown(): Promise<void> {
  const w = worker;
  if (!w) return Promise.resolve();
  worker = null;
  weightRequests.forEach((r) => r(null));
  weightRequests = new Map();
  const st = useTrainingStore.getState();
  if (st.status === 'playing') st.setStatus('paused');
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
