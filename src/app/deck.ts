import { lessons, type Lesson } from '../../lessons';
import type { SlideInfo } from '../../lessons/types';

/**
 * The deck: every slide of every section, in lecture order (the outline comes with each section's
 * meta, scripts/remark-slides.ts, so nothing here loads a section's content).
 */
export interface DeckSlide {
  /** the section's position in the lesson */
  section: number;
  slug: string;
  sectionTitle: string;
  /** the slide's position in its section (0-based) */
  slide: number;
  /** the slide's position in the whole deck (0-based; people see number + 1) */
  number: number;
  info: SlideInfo;
}

export const DECK: DeckSlide[] = lessons.flatMap((l, section) =>
  l.slides.map((info, slide) => ({ section, slug: l.meta.slug, sectionTitle: l.meta.title, slide, number: 0, info })),
);
DECK.forEach((d, i) => (d.number = i));

/** A section's slides in the deck (a section always has at least one). */
export function slidesOf(lesson: Lesson): SlideInfo[] {
  return lesson.slides.length ? lesson.slides : [{ title: null, kind: 'text', fragments: 0 }];
}

/** The deck slide at a section's slide (clamped). */
export function deckSlide(slug: string, slide: number): DeckSlide {
  const first = DECK.findIndex((d) => d.slug === slug);
  if (first < 0) return DECK[0];
  const count = DECK.filter((d) => d.slug === slug).length;
  return DECK[first + Math.max(0, Math.min(count - 1, slide))];
}

export interface Resolved {
  /** 0-based slide within the section */
  slide: number;
  /** revealed list items (clicker steps) */
  step: number;
  /** set when the URL named a slide or step that does not exist */
  notice: string | null;
}

/**
 * Reads a URL's slide and step (1-based slide, NaN when not a number) against a section: a slide
 * that does not exist becomes the nearest one, with a notice, never an empty stage.
 */
export function resolveSlide(lesson: Lesson, rawSlide: number | undefined, rawStep: number | undefined): Resolved {
  const slides = slidesOf(lesson);
  const n = slides.length;
  let notice: string | null = null;
  let slide = 0;
  if (rawSlide !== undefined) {
    if (!Number.isFinite(rawSlide)) {
      notice = `That link names no slide of “${lesson.meta.title}”: showing its first slide.`;
    } else if (rawSlide < 1 || rawSlide > n) {
      slide = rawSlide < 1 ? 0 : n - 1;
      notice = `“${lesson.meta.title}” has no slide ${rawSlide}: it has ${n}. Showing slide ${slide + 1}, the nearest one.`;
    } else slide = rawSlide - 1;
  }
  const max = slides[slide].fragments;
  let step = 0;
  if (rawStep !== undefined) {
    if (!Number.isFinite(rawStep) || rawStep > max) {
      step = Number.isFinite(rawStep) ? max : 0;
      notice ??= `Slide ${slide + 1} of “${lesson.meta.title}” has ${max === 0 ? 'no steps' : `only ${max} steps`}: showing step ${step}.`;
    } else step = rawStep;
  }
  return { slide, step, notice };
}
