import { createContext, useContext } from 'react';

export interface LessonContextValue {
  slug: string;
  /** the section's position in the lesson (0-based); quizzes use it to spread their answers */
  index?: number;
  presenting: boolean;
  /** the presenter's notes window: speaker notes always shown */
  notesWindow?: boolean;
}

export const LessonContext = createContext<LessonContextValue>({ slug: 'unknown', presenting: false });
export const useLesson = () => useContext(LessonContext);
