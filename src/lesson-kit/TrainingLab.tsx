import { lazy, Suspense } from 'react';
import { FigureBoundary } from './FigureBoundary';
import { useLesson } from '../views/LessonContext';
import type { CellKind } from '../train/config';

// The lab (React views, d3) is its own chunk; TensorFlow.js loads inside the training worker.
const Lab = lazy(() => import('../views/training/TrainingLab'));
/** "Inspect this trained GRU" routes and writes the simulator store: the app's (its own chunk, loaded on the first click). */
const inspectTrained = (c: CellKind) => import('../app/inspect').then((m) => m.inspectTrained(c));

/** The training lab: vanilla RNN, LSTM and GRU trained side by side, live. */
export function TrainingLab({ caption }: { caption?: string }) {
  const { presenting } = useLesson();
  return (
    <figure className="simulator-slot training-slot" data-training-lab aria-label="Training lab: RNN, LSTM and GRU learn side by side">
      <p className="simulator-slot-title">Training lab: who remembers longest?</p>
      <FigureBoundary what="The training lab">
        <Suspense
          fallback={
            <p className="simulator-slot-loading" data-testid="tl-loading">
              Loading the training lab…
            </p>
          }
        >
          <Lab presenting={presenting} inspectTrained={inspectTrained} />
        </Suspense>
      </FigureBoundary>
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}
