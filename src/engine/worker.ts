/**
 * The engine's module Web Worker: tfjs (WebGL through an OffscreenCanvas, or the CPU backend)
 * runs here, off the page's main thread. It answers each request of protocol.ts with a trace
 * (packed by transfer.ts, buffers transferred) or an error. The page side is src/store/engineClient.ts.
 */
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
import {
  getBackendInfo,
  loseWebglContext,
  programKeys,
  restoreWebglContext,
  setBackendPreference,
  setCalibrateOnSoftware,
  setProgramCacheLimit,
} from './backend';
import type { EngineRequest, EngineResponse } from './protocol';
import { simulate, testHooks } from './simulate';
import { decode, encode } from './transfer';
import type { SimSpec } from './types';
import { WARM_UP_SPEC } from './warmup';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let hangNext = false;

function reply(r: EngineResponse, transfer: ArrayBuffer[] = []) {
  scope.postMessage(r, transfer);
}

scope.onmessage = async (e: MessageEvent<EngineRequest>) => {
  // the page packs the spec's arrays too (transfer.ts)
  const req = decode<EngineRequest>(e.data);
  if (req.kind === 'test') {
    let ok: boolean | number = true;
    if (req.action === 'loseContext') ok = loseWebglContext();
    else if (req.action === 'restoreContext') ok = restoreWebglContext();
    else if (req.action === 'programCount') ok = programKeys().length;
    else if (req.action === 'programLimit') setProgramCacheLimit(req.value);
    else if (req.action === 'calibrateOnSoftware') setCalibrateOnSoftware(req.value === 1);
    else if (req.action === 'bucketing') testHooks.bucket = req.value === 1 ? true : req.value === 0 ? false : undefined;
    else hangNext = true;
    reply({ id: req.id, ok: true, value: ok, info: getBackendInfo(), ms: 0 });
    return;
  }
  if (hangNext && req.kind === 'simulate') {
    hangNext = false; // simulated: this request is never answered
    return;
  }
  const t0 = performance.now();
  try {
    if (req.kind === 'numTensors') {
      reply({ id: req.id, ok: true, value: tf.memory().numTensors, info: getBackendInfo(), ms: 0 });
      return;
    }
    setBackendPreference(req.preference);
    const spec = req.kind === 'warm' ? WARM_UP_SPEC : (req.spec as SimSpec);
    const trace = await simulate(spec);
    const { message, transfer } = encode(trace);
    reply({ id: req.id, ok: true, value: message, info: getBackendInfo(), ms: performance.now() - t0 }, transfer);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    reply({ id: req.id, ok: false, error, name: err instanceof Error ? err.name : 'Error', info: getBackendInfo() });
  }
};
