import type { ReactNode } from 'react';
import { usePrefs } from '../store/prefs';
import { useLesson } from '../views/LessonContext';

/**
 * Instructor notes. Never shown on the presenting screen (the audience sees it); the presenter
 * reads them in the notes window (key S). While reading, they appear only when "Instructor notes"
 * is switched on (key N).
 */
export function SpeakerNotes({ children }: { children: ReactNode }) {
  const { presenting, notesWindow } = useLesson();
  const show = usePrefs((s) => s.showNotes);
  return (
    <aside className="speaker-notes" data-speaker-notes hidden={presenting || !(show || notesWindow)} aria-label="Speaker notes">
      <h3 className="speaker-notes-title">Speaker notes</h3>
      {children}
    </aside>
  );
}
