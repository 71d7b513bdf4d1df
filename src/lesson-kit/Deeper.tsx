import type { ReactNode } from 'react';
import { useLesson } from '../views/LessonContext';

/**
 * Longer explanation for self-paced reading. Hidden while presenting so a section fits one
 * projector screen; the instructor says it instead (see the speaker notes).
 */
export function Deeper({ children }: { children: ReactNode }) {
  const { presenting } = useLesson();
  if (presenting) return null;
  return <div className="deeper">{children}</div>;
}
