import { createContext, useContext } from 'react';

export interface LessonContextValue {
  slug: string;
  presenting: boolean;
}

export const LessonContext = createContext<LessonContextValue>({ slug: 'unknown', presenting: false });
export const useLesson = () => useContext(LessonContext);
