import { useEffect, useRef } from 'react';
import { lessons } from '../../lessons';
import { useProgress } from '../store/progress';
import { hrefFor } from '../store/route';

/** Section list with progress: ✓ visited, and whether the section's quiz has been answered. */
export function Sidebar({ currentSlug, open = false, onClose }: { currentSlug: string | null; open?: boolean; onClose?: () => void }) {
  const ref = useRef<HTMLElement>(null);
  // opened as a drawer (narrow screens): focus the current section; Escape closes it
  useEffect(() => {
    if (!open) return;
    const el = ref.current;
    (el?.querySelector<HTMLElement>('[aria-current="page"]') ?? el?.querySelector<HTMLElement>('a'))?.focus({ preventScroll: true });
  }, [open]);
  const visited = useProgress((s) => s.visited);
  const quizzes = useProgress((s) => s.quizzes);
  const reset = useProgress((s) => s.reset);
  const visitedCount = lessons.filter((l) => visited[l.meta.slug]).length;
  const quizDone = (slug: string) => Object.keys(quizzes).some((id) => id.startsWith(`${slug}/`));

  return (
    <nav
      ref={ref}
      id="section-nav"
      className={`sidebar${open ? ' is-open' : ''}`}
      aria-label="Lesson sections"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          onClose?.();
          document.querySelector<HTMLElement>('.nav-toggle')?.focus();
        }
      }}
    >
      <p className="sidebar-progress" id="progress-label">
        <span data-testid="visited-count">{visitedCount}</span> of {lessons.length} sections visited
      </p>
      <progress className="sidebar-progressbar" max={lessons.length} value={visitedCount} aria-labelledby="progress-label" />
      <ol className="sidebar-list">
        {lessons.map((l, i) => {
          const isVisited = !!visited[l.meta.slug];
          const answered = quizDone(l.meta.slug);
          const current = l.meta.slug === currentSlug;
          return (
            <li key={l.meta.slug} className={current ? 'is-current' : undefined}>
              <a href={hrefFor(l.meta.slug)} aria-current={current ? 'page' : undefined} title={l.meta.summary} data-slug={l.meta.slug}>
                <span className="sidebar-num" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="sidebar-title">{l.meta.title}</span>
                <span className="sidebar-marks">
                  {isVisited && (
                    <span className="mark-visited" title="Visited">
                      ✓<span className="sr-only"> visited</span>
                    </span>
                  )}
                  {answered && (
                    <span className="mark-quiz" title="Quiz answered">
                      ●<span className="sr-only"> quiz answered</span>
                    </span>
                  )}
                </span>
              </a>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button button-quiet sidebar-reset"
        onClick={() => {
          if (window.confirm('Forget which sections you visited and your quiz answers?')) reset();
        }}
      >
        Reset progress
      </button>
    </nav>
  );
}
