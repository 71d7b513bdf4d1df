import { useEffect, useRef, useState } from 'react';
import { lessons } from '../../lessons';
import { DECK } from './deck';
import { LessonBody } from './LessonBody';
import { PRINT_PAGE } from './printPage';
import { hrefFor } from '../store/route';
import { useSimulationStore } from '../store/simulation';
import { isPreset } from '../sim/settings';
import './handout.css';

const none = () => null;

/**
 * The simulators the handout shows: every simulator slide's preset, once (an instance is its preset).
 * A name that is no preset shows its message at once: nothing to wait for.
 */
const HANDOUT_SIMS = [...new Set(lessons.flatMap((l) => l.slides.flatMap((s) => (s.kind === 'simulator' && s.preset ? [s.preset] : []))))].filter(
  isPreset,
);

/**
 * How many of them show their picture, from the simulation store: a trace (each view draws it in the
 * render that brings it: on the canvas nothing is fitted afterwards), or an error, whose message is
 * its picture.
 */
function useSimsDrawn(): number {
  return useSimulationStore((s) => HANDOUT_SIMS.filter((id) => !!s.byId[id]?.result || !!s.byId[id]?.error).length);
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
  const [loaded, setLoaded] = useState(0);
  const [failed, setFailed] = useState<string | null>(null);
  const [fontsIn, setFontsIn] = useState(false);
  const printed = useRef(false);
  const simsDrawn = useSimsDrawn();
  const sims = HANDOUT_SIMS.length;
  const drawn = loaded === lessons.length && simsDrawn === sims;
  const ready = drawn && fontsIn;

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

  // every slide drawn, and the fonts in: it is ready to print (every slide is the canvas at page size, nothing to fit)
  useEffect(() => {
    if (!drawn) return;
    let live = true;
    void (document.fonts?.ready ?? Promise.resolve()).then(() => live && setFontsIn(true));
    return () => {
      live = false;
    };
  }, [drawn]);

  // the print dialog, once, when asked for and everything is drawn (the render that drew the last trace has been committed)
  useEffect(() => {
    if (!autoPrint || !ready || printed.current) return;
    printed.current = true;
    window.print();
  }, [autoPrint, ready]);

  return (
    <div className="handout" data-testid="handout" data-ready={ready} data-slides={DECK.length}>
      <style>{PRINT_PAGE}</style>
      <header className="handout-bar">
        <h1>Handout: the whole lecture, {DECK.length} slides</h1>
        <p role="status" data-testid="handout-status">
          {failed ??
            (ready
              ? `Ready: ${lessons.length} sections, ${DECK.length} slides, ${sims} simulators drawn. One slide per landscape page.`
              : `Loading: ${loaded} of ${lessons.length} sections, ${simsDrawn} of ${sims} simulators drawn…`)}
        </p>
        <button type="button" className="button" onClick={() => window.print()} disabled={!ready}>
          Print {DECK.length} slides
        </button>
        <a className="button" href={hrefFor(lessons[0].meta.slug, 'present')}>
          Present
        </a>
      </header>
      <main className="handout-slides">
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
