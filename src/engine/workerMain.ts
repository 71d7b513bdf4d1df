/**
 * The engine's module Web Worker: tfjs (WebGL through an OffscreenCanvas, or the CPU backend)
 * runs here, off the page's main thread. It answers each request of protocol.ts with a trace
 * (packed by transfer.ts, buffers transferred) or an error. The page side is src/store/engineClient.ts;
 * the worker's entry is worker.ts, which loads this module and hands it its requests.
 */
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
import { engineBackend as backend } from './backend';
import { programKeys, programStats, setProgramCacheLimit, setShapeUniforms } from './programs';
import type { EngineRequest, EngineResponse } from './protocol';
import { simulate } from './simulate';
import { handleTestMessage, takeHang } from './testHooks';
import { decode, encode } from './transfer';
import type { SimSpec } from './types';
import { WARM_UP_SPEC } from './warmup';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let releaseProbe: ((renderer: string | null) => void) | undefined;

/**
 * Start-up marks (epoch ms, first occurrence only) for the benchmark's first-trace breakdown:
 * origin (the worker was created), boot (its entry ran), ready (this chunk, tfjs included,
 * fetched, parsed and run), probe-answer (the renderer probe answered), first-message, backend
 * (tfjs backend chosen and initialised), first-simulate, first-reply.
 */
const marks: Record<string, number> = { origin: performance.timeOrigin };
function mark(name: string): void {
  if (!(name in marks)) marks[name] = performance.timeOrigin + performance.now();
}

function reply(r: EngineResponse, transfer: ArrayBuffer[] = []) {
  scope.postMessage(r, transfer);
}

/** Called by worker.ts once this chunk has loaded: returns the request handler. */
export function boot(o: {
  bootAt: number;
  probe: Promise<string | null | undefined>;
  /** for the browser tests: releases a held probe (worker.ts), with a renderer name standing in for its answer or (null) its own */
  releaseProbe?: (renderer: string | null) => void;
}): (e: MessageEvent<EngineRequest>) => Promise<void> {
  marks.boot = o.bootAt;
  mark('ready');
  backend.setStartupMark(mark);
  releaseProbe = o.releaseProbe;
  // auto's choice changed without a request (the probe answered): the page's badge is told
  backend.onBackendInfo((info) => reply({ id: 0, kind: 'info', info }));
  backend.setRendererProbe(
    o.probe.then((r) => {
      mark('probe-answer');
      return r;
    }),
  );
  return onRequest;
}

async function onRequest(e: MessageEvent<EngineRequest>): Promise<void> {
  // the page packs the spec's arrays too (transfer.ts)
  const req = decode<EngineRequest>(e.data);
  mark('first-message');
  if (req.kind === 'test') {
    // the browser tests' and the benchmark's messages (testHooks.ts)
    reply(
      handleTestMessage(req, {
        info: () => backend.info(),
        loseWebglContext: () => backend.loseWebglContext(),
        restoreWebglContext: () => backend.restoreWebglContext(),
        setCalibrateOnSoftware: (on) => backend.setCalibrateOnSoftware(on),
        programCount: () => programKeys().length,
        programStats: () => programStats,
        setProgramCacheLimit,
        setShapeUniforms,
        marks: () => marks,
        releaseProbe,
      }),
    );
    return;
  }
  if (req.kind === 'simulate' && takeHang()) return; // a test's hangNext: this request is never answered
  const t0 = performance.now();
  try {
    if (req.kind === 'numTensors') {
      reply({ id: req.id, ok: true, value: tf.memory().numTensors, info: backend.info(), ms: 0 });
      return;
    }
    backend.setPreference(req.preference);
    const spec = req.kind === 'warm' ? WARM_UP_SPEC : (req.spec as SimSpec);
    await backend.ensure();
    mark('backend');
    const trace = await simulate(spec);
    mark('first-simulate');
    const { message, transfer } = encode(trace);
    mark('first-reply');
    reply({ id: req.id, ok: true, value: message, info: backend.info(), ms: performance.now() - t0 }, transfer);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    reply({ id: req.id, ok: false, error, name: err instanceof Error ? err.name : 'Error', info: backend.info() });
  }
}
