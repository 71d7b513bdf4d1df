import { Suspense, useEffect, useState } from 'react';
import { lessons, type Lesson } from '../../lessons';
import { lessonComponents, LessonContext } from '../lesson-kit';
import { navigate } from '../store/route';

const only = (keep: boolean) => (keep ? undefined : () => null);

/**
 * The presenter's own window (key S while presenting): the current section's speaker notes, what
 * comes next, and a clock. It follows the projected window and can drive it with ←/→.
 */
export function NotesWindow({ lesson, index }: { lesson: Lesson; index: number }) {
  const next = index < lessons.length - 1 ? lessons[index + 1] : null;
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(id);
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowRight' || e.key === 'PageDown') navigate(lessons[Math.min(index + 1, lessons.length - 1)].meta.slug, 'notes');
      if (e.key === 'ArrowLeft' || e.key === 'PageUp') navigate(lessons[Math.max(index - 1, 0)].meta.slug, 'notes');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index]);

  // Everything but the notes and the live simulators (mirrored with the projected window,
  // store/simSync.ts) renders as nothing here.
  const components = {
    ...lessonComponents,
    Quiz: only(false)!,
    QuizSet: only(false)!,
    Deeper: only(false)!,
    Callout: only(false)!,
  };
  const { Content } = lesson;
  return (
    <main className="notes-window">
      <header className="notes-header">
        <p>
          Section {index + 1} / {lessons.length} · {now.toLocaleTimeString()}
        </p>
        <h1>{lesson.meta.title}</h1>
        {next && <p className="notes-next">Next: {next.meta.title}</p>}
      </header>
      <LessonContext.Provider value={{ slug: lesson.meta.slug, presenting: false, notesWindow: true }}>
        <div className="notes-only">
          <Suspense key={lesson.meta.slug} fallback={<p role="status">Loading the notes…</p>}>
            <Content components={components} />
          </Suspense>
        </div>
      </LessonContext.Provider>
      <p className="notes-help">← / → here move the projected slides too.</p>
    </main>
  );
}
