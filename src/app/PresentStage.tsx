import { lessons, type Lesson } from '../../lessons';
import { LessonBody } from './LessonBody';
import { hrefFor } from '../store/route';
import { openNotesWindow, toggleFullscreen } from './useLessonKeys';

/**
 * Presentation mode: one section per 16:9 screen, large type, no sidebar and no speaker notes
 * (they belong in the notes window, key S). The stage has a fixed size, so nothing shifts as
 * sections change; long content scrolls inside it.
 */
export function PresentStage({ lesson, index }: { lesson: Lesson; index: number }) {
  const prev = index > 0 ? lessons[index - 1] : null;
  const next = index < lessons.length - 1 ? lessons[index + 1] : null;
  return (
    <div className="present" data-testid="present-stage">
      {/* tabIndex: the stage scrolls when a section is long, so keyboards must reach it */}
      <main className="present-stage" aria-labelledby="present-title" tabIndex={0}>
        <article className="lesson lesson-present" data-lesson={lesson.meta.slug}>
          <h1 id="present-title">{lesson.meta.title}</h1>
          <LessonBody lesson={lesson} presenting />
        </article>
      </main>
      <footer className="present-bar">
        <span className="present-count" aria-label={`Section ${index + 1} of ${lessons.length}`}>
          {index + 1} / {lessons.length}
        </span>
        <nav className="present-controls" aria-label="Presentation controls">
          {prev ? <a href={hrefFor(prev.meta.slug, 'present')} aria-label="Previous section">←</a> : <span aria-hidden="true" />}
          {next ? <a href={hrefFor(next.meta.slug, 'present')} aria-label="Next section">→</a> : <span aria-hidden="true" />}
          <button type="button" onClick={toggleFullscreen} aria-keyshortcuts="F">Full screen</button>
          <button type="button" onClick={() => openNotesWindow(lesson.meta.slug)} aria-label="Open speaker notes window (S)">
            Notes
          </button>
          <a href={hrefFor(lesson.meta.slug)} aria-label="Exit presentation (Esc)">Exit</a>
        </nav>
        <span className="present-hint">? keys</span>
      </footer>
    </div>
  );
}
