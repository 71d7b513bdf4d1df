import { Callout } from './Callout';
import { Deeper } from './Deeper';
import { Quiz, QuizSet } from './Quiz';
import { Simulator } from './Simulator';
import { SpeakerNotes } from './SpeakerNotes';

/** Components every lesson can use without importing them (passed to MDX as `components`). */
export const lessonComponents = { Callout, Deeper, Quiz, QuizSet, Simulator, SpeakerNotes };
export { LessonContext, useLesson } from './LessonContext';
