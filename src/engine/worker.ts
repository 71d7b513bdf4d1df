/**
 * The engine worker's entry (src/store/engineClient.ts starts it): tiny, so it runs at once. It
 * loads the engine (workerMain.ts: tfjs and the request handler) and, under auto, starts the renderer
 * probe beside it (probeWorker.ts: a WebGL context on a thread of its own); requests that arrive
 * before the engine has loaded wait and are handled in order. Auto does not wait for the probe:
 * the CPU computes until it answers (backend.ts).
 */
/// <reference lib="webworker" />
import type { ProbeAnswer } from './rendererProbe';
import { holdProbe } from './testHooks';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const bootAt = performance.timeOrigin + performance.now();

/** The probe's answer: the renderer's name, null without a context, undefined when no probe worker could start (the engine then probes itself). */
function startProbe(): Promise<string | null | undefined> {
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let w: Worker;
    try {
      w = new Worker(new URL('./probeWorker.ts', import.meta.url), { type: 'module', name: 'unrolled-renderer-probe' });
    } catch {
      resolve(undefined);
      return;
    }
    const done = (v: string | null | undefined) => {
      clearTimeout(timer);
      w.terminate();
      resolve(v);
    };
    // a probe that hangs: the engine reads the renderer itself
    const timer = setTimeout(() => done(undefined), 5000);
    w.onmessage = (e: MessageEvent<ProbeAnswer>) => done(typeof e.data?.renderer === 'string' ? e.data.renderer : null);
    w.onerror = (e) => {
      e.preventDefault();
      done(undefined);
    };
  });
}

/**
 * Only auto needs the renderer's name before it computes: the probe starts at once when the
 * worker's name says it starts under auto, else with the first request that carries a preference,
 * if that is 'auto' (else there is none, and the engine reads the name itself should auto be
 * chosen later).
 */
let settle: (v: string | null | undefined) => void = () => undefined;
const probe = new Promise<string | null | undefined>((r) => (settle = r));
let probeDecided = false;
function decideProbe(data: unknown): void {
  if (probeDecided) return;
  const pref = (data as { preference?: unknown } | null)?.preference;
  if (pref === undefined) return;
  probeDecided = true;
  if (pref === 'auto') void startProbe().then(settle);
  else settle(undefined);
}

// the page names the worker after the preference it starts under ("unrolled-engine:auto"): the probe starts at once
if (/:auto(:|$)/.test(scope.name)) decideProbe({ preference: 'auto' });

// for the browser tests: the probe's answer held until the page releases it (testHooks.ts)
const { answer, release } = holdProbe(scope.name, probe);

const early: MessageEvent[] = [];
scope.onmessage = (e) => {
  decideProbe(e.data);
  early.push(e);
};

import('./workerMain')
  .then(({ boot }) => {
    const handle = boot({ bootAt, probe: answer, releaseProbe: release });
    scope.onmessage = (e) => {
      decideProbe(e.data);
      void handle(e);
    };
    for (const e of early.splice(0)) void handle(e);
  })
  .catch((err: unknown) => {
    // the engine's chunk could not load: an error the page sees (it falls back to the page)
    setTimeout(() => {
      throw err instanceof Error ? err : new Error(String(err));
    });
  });
