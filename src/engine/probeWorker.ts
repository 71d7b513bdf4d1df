/**
 * A throwaway module worker that reads the WebGL renderer's name (rendererProbe.ts) and closes,
 * started by the engine's worker (worker.ts) so the slow context creation runs beside tfjs'
 * loading rather than after it.
 */
/// <reference lib="webworker" />
import { probeRenderer, type ProbeAnswer } from './rendererProbe';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const answer: ProbeAnswer = { renderer: probeRenderer() ?? null };
scope.postMessage(answer);
scope.close();
