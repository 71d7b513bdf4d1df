import { useEffect, useRef, useState } from 'react';
import { lessons, type Lesson } from '../../lessons';
import { usePrefs } from '../store/prefs';
import { LessonBody } from './LessonBody';
import { hrefFor } from '../store/route';
import { useOpenAt } from './openAt';

export function LessonPage({ lesson, index }: { lesson: Lesson; index: number }) {
  const prev = index > 0 ? lessons[index - 1] : null;
  const next = index < lessons.length - 1 ? lessons[index + 1] : null;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  // On navigation, start at the top and move focus to the new heading (screen readers announce it).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    headingRef.current?.focus({ preventScroll: true });
  }, [lesson.meta.slug]);

  // a link's at= (the deck's QR code): the page opens at that simulator
  useOpenAt(lesson.meta.slug);

  // Switching instructor notes on (button or N) brings them into view: they sit at the end of the
  // section, so otherwise nothing visible would happen.
  const showNotes = usePrefs((s) => s.showNotes);
  const notesBefore = useRef(showNotes);
  // said for one section while the notes are on
  const [noNotesIn, setNoNotesIn] = useState<string | null>(null);
  const notesMsg = showNotes && noNotesIn === lesson.meta.slug ? 'This section has no instructor notes.' : null;
  useEffect(() => {
    const turnedOn = showNotes && !notesBefore.current;
    notesBefore.current = showNotes;
    if (!turnedOn) return;
    const notes = document.querySelector<HTMLElement>(`[data-lesson="${lesson.meta.slug}"] [data-speaker-notes]`);
    setNoNotesIn(notes ? null : lesson.meta.slug);
    if (!notes) return;
    // an instant jump: a smooth scroll can be thrown off by simulators still loading above
    notes.tabIndex = -1;
    notes.scrollIntoView({ block: 'start' });
    notes.focus({ preventScroll: true });
  }, [showNotes, lesson.meta.slug]);

  return (
    <article className="lesson" data-lesson={lesson.meta.slug} aria-labelledby="lesson-title">
      <p className="lesson-kicker">
        Section {index + 1} of {lessons.length}
      </p>
      <h1 id="lesson-title" ref={headingRef} tabIndex={-1}>
        {lesson.meta.title}
      </h1>
      {notesMsg && (
        <p className="notes-msg" role="status">
          {notesMsg}
        </p>
      )}
      <LessonBody lesson={lesson} presenting={false} />
      <nav className="pager" aria-label="Previous and next section">
        {prev ? (
          <a className="pager-prev" href={hrefFor(prev.meta.slug)} rel="prev">
            <span className="pager-dir">← Previous</span>
            <span className="pager-title">{prev.meta.title}</span>
          </a>
        ) : (
          <span />
        )}
        {next ? (
          <a className="pager-next" href={hrefFor(next.meta.slug)} rel="next">
            <span className="pager-dir">Next →</span>
            <span className="pager-title">{next.meta.title}</span>
          </a>
        ) : (
          <span />
        )}
      </nav>
    </article>
  );
}
