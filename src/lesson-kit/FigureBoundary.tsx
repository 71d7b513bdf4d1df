import { Component, type ReactNode } from 'react';

/**
 * Catches a lesson figure whose lazy chunk failed to load (offline, a redeploy mid-lesson) or
 * that threw while rendering, so the lesson around it never blanks.
 */
export class FigureBoundary extends Component<{ what: string; children: ReactNode }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(err: unknown) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  render() {
    if (this.state.error)
      return (
        <p className="simulator-slot-error" role="alert">
          {this.props.what} could not load ({this.state.error}). Reload the page to try again.
        </p>
      );
    return this.props.children;
  }
}
