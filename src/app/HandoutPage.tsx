import { useEffect, useRef, useState } from 'react';
import { lessons } from '../../lessons';
import { DECK } from './deck';
import { LessonBody } from './LessonBody';
import { PRINT_PAGE } from './printPage';
import { usePrintSignal } from '../views/kit/printSignal';
import { hrefFor } from '../store/route';
import './handout.css';

const none = () => null;

/** How far the handout is: sections whose chunk has loaded, simulators that show their trace. */
interface Progress {
  sections: number;
  simsDrawn: number;
  sims: number;
  ready: boolean;
}

/** Whether every section's content and every simulator on the page is drawn (not loading). */
function measure(root: HTMLElement, sectionsLoaded: number): Progress {
  const sims = Array.from(root.querySelectorAll<HTMLElement>('[data-simulator]'));
  const drawn = sims.filter((s) => {
    const state = s.querySelector<HTMLElement>('[data-testid="simulator"]')?.dataset.state;
    // a simulator that failed shows its message: that is its picture
    return state === 'ready' || state === 'error' || !!s.querySelector('[role="alert"]');
  }).length;
  const loading = root.querySelector('.lesson-loading, .simulator-slot-loading') !== null;
  return {
    sections: sectionsLoaded,
    simsDrawn: drawn,
    sims: sims.length,
    ready: sectionsLoaded === lessons.length && !loading && drawn === sims.length,
  };
}

/**
 * `#/handout`: every slide of the lecture (all sections, all slides fully revealed), one 16:9 page
 * each, for print (issue 10, item 6). On screen as on paper each slide is the slide canvas
 * (canvas.ts) scaled to its printed size (1280 × 720 CSS px, the @page of PresentStage). The sections are code-split: the page loads them all and says when everything is drawn
 * (`data-ready`); `#/handout/print` then opens the print dialog by itself. Simulators show their
 * current picture: a handout opened from a presentation joins the simulator sync (it presents),
 * so the audience and presenter windows send it their settings, steps and traces.
 */
export function HandoutPage({ autoPrint }: { autoPrint: boolean }) {
  const root = useRef<HTMLElement>(null);
  const [loaded, setLoaded] = useState(0);
  const [progress, setProgress] = useState<Progress>({ sections: 0, simsDrawn: 0, sims: 0, ready: false });
  const [failed, setFailed] = useState<string | null>(null);
  const [fontsIn, setFontsIn] = useState(false);
  const printed = useRef(false);
  const drawn = progress.ready;
  const ready = drawn && fontsIn;
  // printing sets `data-printing`, which the printed layout is keyed to (app.css)
  usePrintSignal();

  useEffect(() => {
    document.title = 'Handout: the whole lecture — Unrolled';
    let live = true;
    lessons.forEach((l) =>
      l.load().then(
        () => live && setLoaded((n) => n + 1),
        () => live && setFailed(`The section “${l.meta.title}” could not be loaded; reload to try again.`),
      ),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const update = () =>
      setProgress((p) => {
        const next = measure(el, loaded);
        return next.sections === p.sections && next.simsDrawn === p.simsDrawn && next.sims === p.sims && next.ready === p.ready ? p : next;
      });
    update();
    const mo = new MutationObserver(update);
    mo.observe(el, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state'] });
    return () => mo.disconnect();
  }, [loaded]);

  // every slide drawn, and the fonts in: it is ready to print (every slide is the canvas at page size, nothing to fit)
  useEffect(() => {
    if (!drawn) return;
    let live = true;
    void (document.fonts?.ready ?? Promise.resolve()).then(() => live && setFontsIn(true));
    return () => {
      live = false;
    };
  }, [drawn]);

  // the print dialog, once, when asked for and everything is drawn (after the simulators' fits have settled)
  useEffect(() => {
    if (!autoPrint || !ready || printed.current) return;
    printed.current = true;
    const t = window.setTimeout(() => window.print(), 600);
    return () => window.clearTimeout(t);
  }, [autoPrint, ready]);

  return (
    <div className="handout" data-testid="handout" data-ready={ready} data-slides={DECK.length}>
      <style>{PRINT_PAGE}</style>
      <header className="handout-bar">
        <h1>Handout: the whole lecture, {DECK.length} slides</h1>
        <p role="status" data-testid="handout-status">
          {failed ??
            (ready
              ? `Ready: ${lessons.length} sections, ${DECK.length} slides, ${progress.sims} simulators drawn. One slide per landscape page.`
              : `Loading: ${progress.sections} of ${lessons.length} sections, ${progress.simsDrawn} of ${progress.sims} simulators drawn…`)}
        </p>
        <button type="button" className="button" onClick={() => window.print()} disabled={!ready}>
          Print {DECK.length} slides
        </button>
        <a className="button" href={hrefFor(lessons[0].meta.slug, 'present')}>
          Present
        </a>
      </header>
      <main className="handout-slides" ref={root}>
        {lessons.map((l) => (
          <div key={l.meta.slug} className="present-stage handout-stage" data-slug={l.meta.slug}>
            <article className="lesson lesson-present" data-lesson={l.meta.slug}>
              <LessonBody lesson={l} presenting slide={-1} step={0} allSlides components={{ SpeakerNotes: none }} />
            </article>
          </div>
        ))}
      </main>
    </div>
  );
}
