import { lazy, Suspense, useEffect } from 'react';
import { FigureBoundary } from './FigureBoundary';
import { warmUpEngineWhenIdle } from '../store/engineClient';
import type { SimulatorPreset } from '../sim/settings';
import { PRESETS, isPreset } from '../sim/settings';

// The simulator (React views, d3, KaTeX panel) is a separate chunk, and TensorFlow.js another
// one behind it: the lesson text paints first.
const SimulatorShell = lazy(() => import('../views/SimulatorShell'));

/** The figure region where a lesson embeds its live simulator. */
export function Simulator({ preset, caption }: { preset: SimulatorPreset; caption?: string }) {
  // The engine (its worker, tfjs, WebGL's shaders) starts only on pages with a simulator.
  useEffect(() => warmUpEngineWhenIdle(), []);
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
          <SimulatorShell preset={preset} />
        </Suspense>
      </FigureBoundary>
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}
