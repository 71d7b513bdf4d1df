import { Component, lazy, Suspense, type ReactNode } from 'react';
import { useLesson } from './LessonContext';

// The lab (React views, d3) is its own chunk; TensorFlow.js loads inside the training worker.
const Lab = lazy(() => import('../views/training/TrainingLab'));

class LabBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(err: unknown) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  render() {
    if (this.state.error)
      return (
        <p className="simulator-slot-error" role="alert">
          The training lab could not load ({this.state.error}). Reload the page to try again.
        </p>
      );
    return this.props.children;
  }
}

/** The training lab: vanilla RNN, LSTM and GRU trained side by side, live. */
export function TrainingLab({ caption }: { caption?: string }) {
  const { presenting } = useLesson();
  return (
    <figure className="simulator-slot training-slot" data-training-lab aria-label="Training lab: RNN, LSTM and GRU learn side by side">
      <p className="simulator-slot-title">Training lab: who remembers longest?</p>
      <LabBoundary>
        <Suspense
          fallback={
            <p className="simulator-slot-loading" data-testid="tl-loading">
              Loading the training lab…
            </p>
          }
        >
          <Lab presenting={presenting} />
        </Suspense>
      </LabBoundary>
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}
