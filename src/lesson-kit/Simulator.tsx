import { useEffect, type ComponentType } from 'react';
import { FigureBoundary } from './FigureBoundary';
import { warmUpEngineLazily } from '../store/warmUp';
import type { SimulatorPreset } from '../sim/settings';
import { PRESETS, isPreset } from '../sim/settings';
import type { SimHero } from '../views/SimulatorShell';
import { useLoaded } from '../views/kit/useLoaded';

// The simulator (React views, d3, KaTeX panel) is a separate chunk, and TensorFlow.js another
// one behind it: the lesson text paints first. Loaded without Suspense (useLoaded: no reveal
// throttle), and shared with the route's warm-up, which fetches it beside the section's chunk.
type Shell = ComponentType<{ preset: SimulatorPreset; hero?: SimHero }>;
let shell: Shell | undefined;
let shellLoad: Promise<Shell> | null = null;
/** Fetches the simulator's chunk (the route's warm-up calls this beside the section's chunk). */
export function loadSimulatorShell(): Promise<Shell> {
  return (shellLoad ??= import('../views/SimulatorShell').then(
    (m) => (shell = m.default),
    (e: unknown) => ((shellLoad = null), Promise.reject(e)),
  ));
}

/** The simulator once its chunk is there (inside the figure's error boundary: a failed chunk is the figure's error). */
function ShellSlot({ preset, hero }: { preset: SimulatorPreset; hero?: SimHero }) {
  const SimulatorShell = useLoaded('simulator', () => shell, loadSimulatorShell);
  return SimulatorShell ? (
    // eslint-disable-next-line react-hooks/static-components -- the chunk's default export, loaded once: the same component on every render
    <SimulatorShell preset={preset} hero={hero} />
  ) : (
    <p className="simulator-slot-loading" data-testid="sim-loading">
      Loading the simulator…
    </p>
  );
}

/**
 * The figure region where a lesson embeds its live simulator. `hero` picks the view a slide shows
 * largest when presenting (`cell`, `unrolled` or `gradient`; default per preset: the cell's inside
 * for the cell presets, the unrolled network for the forward pass, the BPTT chain for the gradients).
 */
export function Simulator({ preset, caption, hero }: { preset: SimulatorPreset; caption?: string; hero?: SimHero }) {
  // The engine (its worker, tfjs, WebGL's shaders) starts only on pages with a simulator; usually
  // the route started it already (src/app/engineWarmup.ts), and this costs nothing. The engine's
  // client is a chunk of its own, so sections without a simulator never load it.
  useEffect(() => warmUpEngineLazily(isPreset(preset) ? preset : undefined), [preset]);

  if (!isPreset(preset)) {
    return (
      <figure className="simulator-slot" data-simulator={String(preset)}>
        <p role="alert">There is no simulator preset called “{String(preset)}”.</p>
      </figure>
    );
  }
  const title = PRESETS[preset].title;
  return (
    <figure className="simulator-slot simulator" data-simulator={preset} aria-label={`Simulator: ${title}`}>
      <p className="simulator-slot-title">{title}</p>
      <FigureBoundary what="The simulator">
        <ShellSlot preset={preset} hero={hero} />
      </FigureBoundary>
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}
