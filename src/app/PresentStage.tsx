import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { type Lesson } from '../../lessons';
import { LessonBody } from './LessonBody';
import { hrefFor } from '../store/route';
import { usePresentation } from '../store/presentation';
import { openNotesWindow, toggleFullscreen } from './useLessonKeys';
import { DECK, deckSlide } from './deck';
import { deckClick } from './deckNav';
import { Overview } from './Overview';
import { clearSlideFits, fitSlides, PRINT_PAGE } from './printPage';
import { usePrintPrepare } from '../views/kit/printSignal';

/** The smallest type a slide shrinks to when it would not fit (0.8 × 30 px = 24 px at 1920×1080). */
const MIN_FIT = 0.8;

/**
 * Shrinks a slide's type in small steps until the stage no longer scrolls (at most to MIN_FIT):
 * the safety net under slides written to fit. Re-runs when the stage, the slide or one of its
 * blocks changes size.
 */
export function useFit<E extends HTMLElement>(key: string) {
  const stage = useRef<E>(null);
  useLayoutEffect(() => {
    const el = stage.current;
    if (!el) return;
    let frame = 0;
    const watched = new Set<Element>();
    const fit = () => {
      cancelAnimationFrame(frame);
      let scale = 1;
      el.style.setProperty('--fit', '1');
      while (el.scrollHeight > el.clientHeight + 1 && scale > MIN_FIT + 1e-9) {
        scale = Math.round((scale - 0.04) * 100) / 100;
        el.style.setProperty('--fit', String(scale));
      }
      el.dataset.fit = String(scale);
      // the slide's content arrives late (lazy chunks, simulators) and grows late (a chart that
      // re-scales its text a frame after a resize): watch the slide and its blocks two levels
      // down, whose own sizes change when their content does (the slide's box is the stage's)
      const cur = el.querySelector('.slide-current .slide-body');
      const next = new Set<Element>();
      if (cur) {
        next.add(cur);
        for (const child of cur.children) {
          next.add(child);
          for (const grandchild of child.children) next.add(grandchild);
        }
      }
      for (const w of watched) {
        if (next.has(w)) continue;
        ro.unobserve(w);
        watched.delete(w);
      }
      for (const n of next) {
        if (watched.has(n)) continue;
        ro.observe(n);
        watched.add(n);
      }
    };
    const later = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(fit);
    };
    const ro = new ResizeObserver(later);
    ro.observe(el);
    const mo = new MutationObserver(later);
    mo.observe(el, { childList: true, subtree: true });
    fit();
    void document.fonts?.ready.then(later);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      mo.disconnect();
    };
  }, [key]);
  return stage;
}

/**
 * Presentation mode: one slide at a time on a fixed 16:9 stage (issue 10). Type scales with the
 * stage; no sidebar and no speaker notes (they belong in the presenter view, key S).
 */
export function PresentStage({ lesson, slide, step }: { lesson: Lesson; index: number; slide: number; step: number }) {
  const at = deckSlide(lesson.meta.slug, slide);
  const blackout = usePresentation((s) => s.blackout);
  const jump = usePresentation((s) => s.jump);
  const stageRef = useFit<HTMLElement>(`${lesson.meta.slug}/${slide}/${step}`);
  // printing (the button, Ctrl+P, a PDF): every slide's type fits its page before the simulators re-fit
  usePrintPrepare(useCallback((on: boolean) => (on ? void fitSlides(stageRef.current) : clearSlideFits(stageRef.current)), [stageRef]));

  // each slide opens at its top
  useEffect(() => {
    stageRef.current?.scrollTo(0, 0);
  }, [stageRef, lesson.meta.slug, slide]);

  return (
    <div className="present" data-testid="present-stage">
      <style>{PRINT_PAGE}</style>
      <div className="present-frame">
        <main
          className="present-stage"
          ref={stageRef}
          aria-labelledby={slide === 0 ? 'present-title' : undefined}
          aria-label={slide === 0 ? undefined : `${at.sectionTitle}, slide ${slide + 1}`}
          data-slide-number={at.number + 1}
          data-slug={lesson.meta.slug}
          data-slide={slide}
          data-step={step}
        >
          <article className="lesson lesson-present" data-lesson={lesson.meta.slug}>
            <LessonBody lesson={lesson} presenting slide={slide} step={step} />
          </article>
        </main>
      </div>
      <footer className="present-bar">
        <span className="present-count" data-testid="slide-count" aria-label={`Slide ${at.number + 1} of ${DECK.length}`}>
          {at.number + 1} / {DECK.length}
        </span>
        <nav className="present-controls" aria-label="Presentation controls">
          <button type="button" onClick={() => deckClick(-1)} aria-label="Back (←)" disabled={at.number === 0 && step === 0}>
            ←
          </button>
          <button type="button" onClick={() => deckClick(1)} aria-label="Next (→)">
            →
          </button>
          <button type="button" onClick={() => usePresentation.getState().setOverviewOpen(true)} aria-keyshortcuts="O">
            Overview
          </button>
          <button type="button" onClick={toggleFullscreen} aria-keyshortcuts="F">
            Full screen
          </button>
          <button type="button" onClick={() => openNotesWindow(lesson.meta.slug, slide, step)} aria-keyshortcuts="S">
            Presenter view
          </button>
          <button type="button" onClick={() => window.print()} title="Every slide of this section, one per page">
            Print handouts
          </button>
          <a href={hrefFor(lesson.meta.slug)} aria-keyshortcuts="Escape">
            Exit
          </a>
        </nav>
        <span className="present-hint">
          {jump ? (
            <span role="status" data-testid="jump-buffer">
              Go to slide {jump} — Enter
            </span>
          ) : (
            '? keys'
          )}
        </span>
      </footer>
      {blackout && (
        <div className="blackout" data-testid="blackout" role="presentation" onClick={() => usePresentation.getState().setBlackout(false)} />
      )}
      <Overview current={at.number} />
    </div>
  );
}
