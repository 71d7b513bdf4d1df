import type { ComponentType } from 'react';
import type { LessonMeta } from './types';
import Welcome, { meta as welcomeMeta } from './01-welcome.mdx';
import Introduction, { meta as introductionMeta } from './02-introduction.mdx';
import TypesOfRnn, { meta as typesOfRnnMeta } from './03-types-of-rnn.mdx';
import VanillaCell, { meta as vanillaCellMeta } from './04-vanilla-cell.mdx';
import VanillaForward, { meta as vanillaForwardMeta } from './05-vanilla-forward.mdx';
import Unrolled, { meta as unrolledMeta } from './06-unrolled.mdx';
import Bptt, { meta as bpttMeta } from './07-bptt.mdx';
import VanishingExploding, { meta as vanishingExplodingMeta } from './08-vanishing-exploding.mdx';
import Lstm, { meta as lstmMeta } from './09-lstm.mdx';
import Gru, { meta as gruMeta } from './10-gru.mdx';
import Comparison, { meta as comparisonMeta } from './11-comparison.mdx';
import Bidirectional, { meta as bidirectionalMeta } from './12-bidirectional.mdx';
import Tensorflow, { meta as tensorflowMeta } from './13-tensorflow.mdx';
import Summary, { meta as summaryMeta } from './14-summary.mdx';

export interface Lesson {
  meta: LessonMeta;
  Content: ComponentType<{ components?: Record<string, ComponentType<any>> }>;
}

/** The sections of the lesson, in order. */
export const lessons: Lesson[] = [
  { meta: welcomeMeta, Content: Welcome },
  { meta: introductionMeta, Content: Introduction },
  { meta: typesOfRnnMeta, Content: TypesOfRnn },
  { meta: vanillaCellMeta, Content: VanillaCell },
  { meta: vanillaForwardMeta, Content: VanillaForward },
  { meta: unrolledMeta, Content: Unrolled },
  { meta: bpttMeta, Content: Bptt },
  { meta: vanishingExplodingMeta, Content: VanishingExploding },
  { meta: lstmMeta, Content: Lstm },
  { meta: gruMeta, Content: Gru },
  { meta: comparisonMeta, Content: Comparison },
  { meta: bidirectionalMeta, Content: Bidirectional },
  { meta: tensorflowMeta, Content: Tensorflow },
  { meta: summaryMeta, Content: Summary },
];

/** The lessons' display equations, verbatim TeX, their section and origin (lecture or derived; used by tests). */
export { LECTURE_EQUATIONS, type EquationOrigin, type LessonEquation } from './equations';
