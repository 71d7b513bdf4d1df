import { Component, lazy, Suspense, useEffect, type ReactNode } from 'react';
import { warmUpEngineWhenIdle } from '../app/engineLoader';
import type { SimulatorPreset } from '../../lessons/types';
import { PRESETS, isPreset } from '../views/sim/settings';

// The simulator (React views, d3, KaTeX panel) is a separate chunk, and TensorFlow.js another
// one behind it: the lesson text paints first.
const SimulatorShell = lazy(() => import('../views/SimulatorShell'));

/** A failed chunk load (offline, a redeploy mid-lesson) must not blank the lesson. */
class SimulatorBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(err: unknown) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  render() {
    if (this.state.error)
      return (
        <p className="simulator-slot-error" role="alert">
          The simulator could not load ({this.state.error}). Reload the page to try again.
        </p>
      );
    return this.props.children;
  }
}

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
      <SimulatorBoundary>
        <Suspense
          fallback={
            <p className="simulator-slot-loading" data-testid="sim-loading">
              Loading the simulator…
            </p>
          }
        >
          <SimulatorShell preset={preset} />
        </Suspense>
      </SimulatorBoundary>
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}
