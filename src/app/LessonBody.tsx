import { Suspense, useEffect, useRef } from 'react';
import type { MDXComponents } from 'mdx/types';
import { lessons, type Lesson } from '../../lessons';
import { lessonComponents, LessonContext } from '../lesson-kit';
import { mathFontsPending } from '../views/kit/mathFonts';
import { useLoaded } from '../views/kit/useLoaded';

/**
 * A section's content once both its chunk and KaTeX's faces have loaded (the faces bounded: see
 * mathFonts), so its text never reflows when a face arrives. Loaded without Suspense (useLoaded):
 * React's reveal throttle held a section back 300 ms after its placeholder.
 */
function useSection(lesson: Lesson) {
  return useLoaded(
    lesson,
    () => (mathFontsPending() ? undefined : lesson.loaded()),
    () => Promise.all([lesson.load(), mathFontsPending()]).then(([m]) => m.default),
  );
}

/**
 * Renders one lesson's MDX. Display equations, code and tables wider than their box scroll
 * horizontally; the ones that actually overflow are made focusable so keyboard users can scroll them.
 */
export interface LessonBodyProps {
  lesson: Lesson;
  presenting: boolean;
  /** presenting: the slide shown (0-based), its revealed clicker steps, or every slide (a handout) */
  slide?: number;
  step?: number;
  allSlides?: boolean;
  currentOnly?: boolean;
  /** lesson components to replace (the presenter view's previews) */
  components?: MDXComponents;
  notesWindow?: boolean;
}

const loading = (
  <p className="lesson-loading" role="status">
    Loading the section…
  </p>
);

export function LessonBody({ lesson, presenting, slide, step, allSlides, currentOnly, components, notesWindow }: LessonBodyProps) {
  const ref = useRef<HTMLDivElement>(null);
  const Content = useSection(lesson);

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    // All reads first, then only the writes that change something: reading scrollWidth after a
    // write would lay the page out again for every box (this runs on every resize of the body).
    const label = (el: Element) =>
      el.matches('.katex-display') ? 'Equation (scrolls sideways)' : el.matches('pre') ? 'Code (scrolls sideways)' : 'Table (scrolls sideways)';
    const mark = () => {
      // a box whose drawing is skipped off-screen (content-visibility: auto) is measured when it is drawn
      const boxes = [...root.querySelectorAll<HTMLElement>('.katex-display, pre, table')].filter(
        (el) => el.checkVisibility?.({ contentVisibilityAuto: true }) ?? true,
      );
      const scrolls = boxes.map((el) => el.scrollWidth > el.clientWidth + 1);
      boxes.forEach((el, i) => {
        if (scrolls[i]) {
          if (el.getAttribute('tabindex') !== '0') el.tabIndex = 0;
          if (!el.matches('table') && el.getAttribute('role') !== 'region') el.setAttribute('role', 'region');
          if (el.getAttribute('aria-label') !== label(el)) el.setAttribute('aria-label', label(el));
        } else if (el.hasAttribute('tabindex')) {
          el.removeAttribute('tabindex');
          if (!el.matches('table')) el.removeAttribute('role');
          el.removeAttribute('aria-label');
        }
      });
    };
    // the observer's first call comes after the first layout: no layout forced here
    const ro = new ResizeObserver(mark);
    ro.observe(root);
    root.addEventListener('contentvisibilityautostatechange', mark, { capture: true });
    // a face that arrives late widens its equations without resizing the body
    document.fonts?.addEventListener('loadingdone', mark);
    return () => {
      ro.disconnect();
      root.removeEventListener('contentvisibilityautostatechange', mark, { capture: true });
      document.fonts?.removeEventListener('loadingdone', mark);
    };
  }, [lesson, presenting]);

  return (
    <LessonContext.Provider
      value={{ slug: lesson.meta.slug, index: lessons.indexOf(lesson), presenting, slide, step, allSlides, currentOnly, notesWindow }}
    >
      <div className="lesson-body" ref={ref}>
        {/* keyed: a new section never shows the previous one's content while its chunk loads */}
        {Content ? (
          <Suspense key={lesson.meta.slug} fallback={loading}>
            {/* eslint-disable-next-line react-hooks/static-components -- the section chunk's export, loaded once: the same component on every render */}
            <Content components={components ? { ...lessonComponents, ...components } : lessonComponents} />
          </Suspense>
        ) : (
          loading
        )}
      </div>
    </LessonContext.Provider>
  );
}
