import { useEffect, useRef } from 'react';
import { lessons, type Lesson } from '../../lessons';
import { LessonBody } from './LessonBody';
import { hrefFor } from './router';

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

  return (
    <article className="lesson" data-lesson={lesson.meta.slug} aria-labelledby="lesson-title">
      <p className="lesson-kicker">
        Section {index + 1} of {lessons.length}
      </p>
      <h1 id="lesson-title" ref={headingRef} tabIndex={-1}>
        {lesson.meta.title}
      </h1>
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
