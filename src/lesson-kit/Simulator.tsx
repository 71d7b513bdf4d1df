import { lazy, Suspense, useEffect } from 'react';
import { FigureBoundary } from './FigureBoundary';
import { warmUpEngineLazily } from '../store/warmUp';
import type { SimulatorPreset } from '../sim/settings';
import { PRESETS, isPreset } from '../sim/settings';
import type { SimHero } from '../views/SimulatorShell';

// The simulator (React views, d3, KaTeX panel) is a separate chunk, and TensorFlow.js another
// one behind it: the lesson text paints first.
const SimulatorShell = lazy(() => import('../views/SimulatorShell'));

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
        <Suspense
          fallback={
            <p className="simulator-slot-loading" data-testid="sim-loading">
              Loading the simulator…
            </p>
          }
        >
          <SimulatorShell preset={preset} hero={hero} />
        </Suspense>
      </FigureBoundary>
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}
