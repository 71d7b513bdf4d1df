import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { lessons } from '../../lessons';
import { useLesson } from '../views/LessonContext';

/**
 * One slide of a section (issue 10). The build wraps every slide in one (scripts/remark-slides.ts);
 * an author writes `<Slide>…</Slide>` only to keep together what the automatic cut would split, or
 * `<Slide title="…">` to give a slide a heading in the deck only.
 *
 * Reading, it adds nothing to the page (`display: contents`). Presenting, only the current slide
 * shows; it opens with the section title (first slide) or a heading: its own, else the section's.
 */
export function Slide({
  n,
  kind,
  headed,
  title,
  children,
}: {
  n?: string | number;
  kind?: string;
  headed?: string;
  title?: string;
  children?: ReactNode;
}) {
  const { slug, presenting, slide, allSlides, currentOnly } = useLesson();
  const index = Number(n ?? 0);
  if (!presenting) {
    return (
      <section className="slide" data-slide={index}>
        {children}
      </section>
    );
  }
  const sectionTitle = lessons.find((l) => l.meta.slug === slug)?.meta.title ?? '';
  const current = index === (slide ?? 0);
  const own = headed === 'yes';
  if (!current && currentOnly) return null;
  return (
    <section
      className={`slide slide-${kind ?? 'text'}${current ? ' slide-current' : ''}`}
      data-slide={index}
      data-slide-kind={kind ?? 'text'}
      hidden={!current && !allSlides}
      aria-current={current ? 'step' : undefined}
    >
      {index === 0 ? (
        <h1 className="slide-section-title" id={current ? 'present-title' : undefined}>
          {sectionTitle}
        </h1>
      ) : (
        <p className="slide-kicker" aria-hidden="true">
          {sectionTitle}
        </p>
      )}
      {index > 0 && !own && <h2 className="slide-heading">{title ?? sectionTitle}</h2>}
      {index === 0 && !own && title && <h2 className="slide-heading">{title}</h2>}
      <div className="slide-body">{children}</div>
    </section>
  );
}

/**
 * A list revealed one item per clicker press while presenting (reading, the whole list shows):
 *
 *     <Steps>
 *     - first point
 *     - second point
 *     </Steps>
 *
 * `from` (set by the build) is how many items earlier <Steps> on the same slide hold.
 */
export function Steps({ from, children }: { from?: string | number; children?: ReactNode }) {
  const { presenting, step, allSlides } = useLesson();
  const ref = useRef<HTMLDivElement>(null);
  const shown = presenting && !allSlides ? (step ?? 0) - Number(from ?? 0) : Infinity;
  useLayoutEffect(() => {
    const items = ref.current?.querySelectorAll<HTMLElement>(':scope > ul > li, :scope > ol > li');
    items?.forEach((li, i) => {
      const hide = i >= shown;
      li.classList.toggle('fragment-hidden', hide);
      if (hide) li.setAttribute('aria-hidden', 'true');
      else li.removeAttribute('aria-hidden');
    });
  }, [shown]);
  return (
    <div className="steps" ref={ref}>
      {children}
    </div>
  );
}
