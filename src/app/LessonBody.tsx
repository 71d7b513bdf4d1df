import { useEffect, useRef } from 'react';
import type { Lesson } from '../../lessons';
import { lessonComponents, LessonContext } from '../lesson-kit';

/**
 * Renders one lesson's MDX. Display equations wider than their box scroll horizontally; the ones
 * that actually overflow are made focusable so keyboard users can scroll them too.
 */
export function LessonBody({ lesson, presenting }: { lesson: Lesson; presenting: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const { Content } = lesson;

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const mark = () => {
      root.querySelectorAll<HTMLElement>('.katex-display').forEach((el) => {
        const scrolls = el.scrollWidth > el.clientWidth + 1;
        if (scrolls) {
          el.tabIndex = 0;
          el.setAttribute('role', 'region');
          el.setAttribute('aria-label', 'Equation (scrolls sideways)');
        } else if (el.hasAttribute('tabindex')) {
          el.removeAttribute('tabindex');
          el.removeAttribute('role');
          el.removeAttribute('aria-label');
        }
      });
    };
    mark();
    const ro = new ResizeObserver(mark);
    ro.observe(root);
    return () => ro.disconnect();
  }, [lesson, presenting]);

  return (
    <LessonContext.Provider value={{ slug: lesson.meta.slug, presenting }}>
      <div className="lesson-body" ref={ref}>
        <Content components={lessonComponents} />
      </div>
    </LessonContext.Provider>
  );
}
