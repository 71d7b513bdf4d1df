import type { SimulatorPreset } from '../sim/settings';

/**
 * Starts the engine for a simulator (engineClient.ts warmUpEngine) through a dynamic import: the
 * engine's client is a chunk of its own, so pages without a simulator never load it. Used by the
 * route's warm-up (app/engineWarmup.ts) and by the simulator's slot (lesson-kit/Simulator.tsx).
 */
export function warmUpEngineLazily(preset?: SimulatorPreset): void {
  import('./engineClient').then((m) => m.warmUpEngine(preset)).catch(() => undefined);
}
