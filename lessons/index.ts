import { lazy, type ComponentType } from 'react';
import type { LessonMeta, SlideInfo } from './types';
import type { MDXComponents } from 'mdx/types';
// Each section's meta alone (scripts/vite-lesson-meta.ts); its content is a chunk of its own.
import welcomeMeta from './01-welcome.mdx?meta';
import introductionMeta from './02-introduction.mdx?meta';
import typesOfRnnMeta from './03-types-of-rnn.mdx?meta';
import vanillaCellMeta from './04-vanilla-cell.mdx?meta';
import vanillaForwardMeta from './05-vanilla-forward.mdx?meta';
import unrolledMeta from './06-unrolled.mdx?meta';
import bpttMeta from './07-bptt.mdx?meta';
import vanishingExplodingMeta from './08-vanishing-exploding.mdx?meta';
import lstmMeta from './09-lstm.mdx?meta';
import gruMeta from './10-gru.mdx?meta';
import comparisonMeta from './11-comparison.mdx?meta';
import trainingMeta from './11b-training.mdx?meta';
import bidirectionalMeta from './12-bidirectional.mdx?meta';
import tensorflowMeta from './13-tensorflow.mdx?meta';
import summaryMeta from './14-summary.mdx?meta';

type LessonContent = ComponentType<{ components?: MDXComponents }>;

export interface Lesson {
  meta: LessonMeta;
  /** the section's slides, in order (presenting shows one at a time; scripts/remark-slides.ts) */
  slides: SlideInfo[];
  Content: LessonContent;
  /** fetches the section's chunk (prefetching the neighbours; tests that render the MDX directly) */
  load: () => Promise<{ default: LessonContent }>;
  /** the section's content once its chunk has loaded (synchronously), else undefined */
  loaded: () => LessonContent | undefined;
}

/** A section whose MDX is loaded when it is first shown: `Content` lazily (inside <Suspense>; the notes window), or `load` then `loaded` (LessonBody, no reveal throttle). */
function section({ slides, ...meta }: LessonMeta & { slides: SlideInfo[] }, load: () => Promise<{ default: LessonContent }>): Lesson {
  let p: Promise<{ default: LessonContent }> | null = null;
  let mod: { default: LessonContent } | undefined;
  const once = () =>
    (p ??= load().then(
      (m) => (mod = m),
      (e) => ((p = null), Promise.reject(e)),
    ));
  return { meta, slides, Content: lazy(once), load: once, loaded: () => mod?.default };
}

/** The sections of the lesson, in order: one entry per section. */
export const lessons: Lesson[] = [
  section(welcomeMeta, () => import('./01-welcome.mdx')),
  section(introductionMeta, () => import('./02-introduction.mdx')),
  section(typesOfRnnMeta, () => import('./03-types-of-rnn.mdx')),
  section(vanillaCellMeta, () => import('./04-vanilla-cell.mdx')),
  section(vanillaForwardMeta, () => import('./05-vanilla-forward.mdx')),
  section(unrolledMeta, () => import('./06-unrolled.mdx')),
  section(bpttMeta, () => import('./07-bptt.mdx')),
  section(vanishingExplodingMeta, () => import('./08-vanishing-exploding.mdx')),
  section(lstmMeta, () => import('./09-lstm.mdx')),
  section(gruMeta, () => import('./10-gru.mdx')),
  section(comparisonMeta, () => import('./11-comparison.mdx')),
  section(trainingMeta, () => import('./11b-training.mdx')),
  section(bidirectionalMeta, () => import('./12-bidirectional.mdx')),
  section(tensorflowMeta, () => import('./13-tensorflow.mdx')),
  section(summaryMeta, () => import('./14-summary.mdx')),
];

/** The lessons' display equations, verbatim TeX, their section and origin (lecture or derived; used by tests). */
export { LECTURE_EQUATIONS, type EquationOrigin, type LessonEquation } from './equations';
