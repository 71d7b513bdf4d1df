import { createContext, useContext } from 'react';

export interface LessonContextValue {
  slug: string;
  /** the section's position in the lesson (0-based); quizzes use it to spread their answers */
  index?: number;
  presenting: boolean;
  /** the presenter's notes window: speaker notes always shown */
  notesWindow?: boolean;
  /** presenting: the slide shown (0-based) and how many of its clicker steps (list items) are revealed */
  slide?: number;
  step?: number;
  /** print every slide (a handout), not only the current one */
  allSlides?: boolean;
  /** render the current slide alone (the presenter view), not the others hidden */
  currentOnly?: boolean;
  /** the simulator alone in an iframe (`#/embed/…`): its picture comes first */
  embed?: boolean;
}

export const LessonContext = createContext<LessonContextValue>({ slug: 'unknown', presenting: false });
export const useLesson = () => useContext(LessonContext);
