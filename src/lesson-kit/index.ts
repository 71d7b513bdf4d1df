import './lesson-kit.css';
import { Callout } from './Callout';
import { Deeper } from './Deeper';
import { Derived } from './Derived';
import { Quiz, QuizSet } from './Quiz';
import { Simulator } from './Simulator';
import { ShowMe } from './ShowMe';
import { SpeakerNotes } from './SpeakerNotes';
import { Slide, Steps } from './Slide';
import { TrainingLab } from './TrainingLab';

/** Components every lesson can use without importing them (passed to MDX as `components`). */
export const lessonComponents = { Callout, Deeper, Quiz, QuizSet, ShowMe, Simulator, SpeakerNotes, Derived, TrainingLab, Slide, Steps };
export { LessonContext, useLesson } from '../views/LessonContext';
export type { Quote, ShowMeProps } from './ShowMe';
