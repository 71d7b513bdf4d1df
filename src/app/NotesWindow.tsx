import { Suspense, useEffect, useState } from 'react';
import { lessons, type Lesson } from '../../lessons';
import { lessonComponents, LessonContext } from '../lesson-kit';
import { clickerSequence, clickerIndex } from '../sim/clicker';
import { effectiveSteps } from '../sim/settings';
import { usePresentation } from '../store/presentation';
import { useSimulatorStore } from '../store/simulator';
import { DECK, deckSlide, type DeckSlide } from './deck';
import { deckClick } from './deckNav';
import { LessonBody } from './LessonBody';
import { openHandout } from './printPage';
import { slideLabel } from './Overview';
import { canvasFrame } from './canvas';

const none = () => null;

/** What the next click does on a slide: reveal a list item, step the simulator, or leave (null). */
export function nextClick(at: DeckSlide, step: number, sim: { T: number; phase: string; step: number } | null): string | null {
  const { info } = at;
  if (step < info.fragments) return `Next click: list item ${step + 1} of ${info.fragments}`;
  if (sim && info.clicker?.length) {
    const seq = clickerSequence(info.clicker, sim.T, info.clicks);
    const i = clickerIndex(seq, { phase: sim.phase as 'forward' | 'backward', step: sim.step });
    const nx = seq[i < 0 ? 0 : i + 1];
    if (nx)
      return `${nx.phase === 'backward' ? `Next click: the backward pass from C_${nx.step + 1}` : `Next click: simulator t = ${nx.step + 1} of ${sim.T}`} (click ${(i < 0 ? 0 : i + 1) + 1} of ${seq.length})`;
  }
  return null;
}

function useClock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return now;
}

const mmss = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (v: number) => String(v).padStart(2, '0');
  return `${h > 0 ? `${h}:` : ''}${pad(m)}:${pad(s % 60)}`;
};

/**
 * The talk's stopwatch: elapsed time that can be paused and reset, and the time on the current
 * slide (restarted whenever `slideKey` changes). Plain state; `now` is the ticking clock.
 */
function useStopwatch(now: number, slideKey: number) {
  // time run before the last start, and when it was last started (null: paused)
  const [watch, setWatch] = useState<{ banked: number; since: number | null }>(() => ({ banked: 0, since: Date.now() }));
  const [slideSince, setSlideSince] = useState<{ key: number; at: number }>(() => ({ key: slideKey, at: Date.now() }));
  // a new slide: its time counts from the clock's last tick (within a second)
  if (slideSince.key !== slideKey) setSlideSince({ key: slideKey, at: now });
  const elapsed = watch.banked + (watch.since === null ? 0 : Math.max(0, now - watch.since));
  return {
    elapsed,
    onSlide: Math.max(0, now - slideSince.at),
    paused: watch.since === null,
    toggle: () =>
      setWatch((w) => (w.since === null ? { banked: w.banked, since: Date.now() } : { banked: w.banked + Date.now() - w.since, since: null })),
    reset: () => setWatch((w) => ({ banked: 0, since: w.since === null ? null : Date.now() })),
  };
}

/**
 * The presenter view (key S while presenting; `#/notes/<slug>/<slide>/<step>`): the current slide,
 * what the next click shows, this slide's speaker notes, the talk's time (pause, reset), the time
 * on this slide and the clock, "slide n of N", and whether the audience is blacked out (B).
 * The deck keys work here too, and navigation in either window shows in the other (presenterSync.ts).
 */
export function NotesWindow({ lesson, slide, step }: { lesson: Lesson; index: number; slide: number; step: number }) {
  const at = deckSlide(lesson.meta.slug, slide);
  const next = DECK[at.number + 1] ?? null;
  const now = useClock();
  const watch = useStopwatch(now, at.number);
  const blackout = usePresentation((s) => s.blackout);
  const inst = useSimulatorStore((s) => (at.info.preset ? s.instances[at.info.preset] : undefined));
  const sim = inst ? { T: effectiveSteps(inst.settings), phase: inst.playback.phase, step: inst.playback.step } : null;
  const click = nextClick(at, step, sim);
  const nextLesson = next ? lessons[next.section] : null;

  return (
    <main
      className="notes-window presenter-view"
      data-testid="presenter-view"
      aria-labelledby="presenter-title"
      data-slide-number={at.number + 1}
      data-step={step}
    >
      <header className="presenter-head">
        <h1 id="presenter-title">
          <span className="presenter-count" data-testid="presenter-count">
            Slide {at.number + 1} of {DECK.length}
          </span>{' '}
          · {lesson.meta.title}
        </h1>
        <p className="presenter-clock">
          <span aria-label={watch.paused ? 'Elapsed time (paused)' : 'Elapsed time'} data-testid="elapsed" data-paused={watch.paused}>
            {mmss(watch.elapsed)}
          </span>
          <button type="button" className="button button-small" onClick={watch.toggle} aria-pressed={watch.paused} data-testid="timer-pause">
            {watch.paused ? 'Resume timer' : 'Pause timer'}
          </button>
          <button type="button" className="button button-small" onClick={watch.reset}>
            Reset timer
          </button>
          <span aria-label="Time on this slide" data-testid="on-slide">
            this slide {mmss(watch.onSlide)}
          </span>
          <span aria-label="Clock">{new Date(now).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</span>
        </p>
        {blackout && (
          <p className="presenter-blackout" role="status" data-testid="presenter-blackout">
            The audience sees a black screen. Press B (or .) to show the slide again.
          </p>
        )}
        <nav className="presenter-nav" aria-label="Slides">
          <button type="button" className="button" onClick={() => deckClick(-1)} disabled={at.number === 0 && step === 0}>
            ← Back
          </button>
          <button type="button" className="button" onClick={() => deckClick(1)}>
            Next →
          </button>
          <button
            type="button"
            className="button"
            onClick={openHandout}
            title="All slides of every section, one per landscape page (opens a window)"
          >
            Print whole lecture
          </button>
        </nav>
      </header>
      <section className="presenter-current" aria-label="Current slide">
        <div className="present-frame" ref={canvasFrame}>
          <div className="slide-canvas">
            <div className="present-stage">
              <article className="lesson lesson-present" data-lesson={lesson.meta.slug}>
                <LessonBody lesson={lesson} presenting slide={slide} step={step} currentOnly components={{ SpeakerNotes: none }} />
              </article>
            </div>
          </div>
        </div>
      </section>
      {/* focusable: it scrolls when the notes are long */}
      <aside className="presenter-side" aria-label="Next and speaker notes" tabIndex={0}>
        <h2>Next</h2>
        {click ? (
          <p className="presenter-next-step" data-testid="next-step">
            {click}
          </p>
        ) : next && nextLesson ? (
          <div className="presenter-next" data-testid="next-slide">
            <p className="presenter-next-title">
              Slide {next.number + 1}: {slideLabel(next)}
              {next.section !== at.section && ` (section “${next.sectionTitle}”)`}
            </p>
            <div className="present-frame presenter-next-frame" aria-hidden="true" inert ref={canvasFrame}>
              <div className="slide-canvas">
                <div className="present-stage">
                  <article className="lesson lesson-present">
                    <LessonBody
                      lesson={nextLesson}
                      presenting
                      slide={next.slide}
                      step={0}
                      currentOnly
                      components={{ Simulator: SimPlaceholder, TrainingLab: SimPlaceholder, Quiz: SimPlaceholder, SpeakerNotes: none }}
                    />
                  </article>
                </div>
              </div>
            </div>
          </div>
        ) : (
          <p data-testid="next-slide">The end of the deck.</p>
        )}
        <h2>Speaker notes</h2>
        <LessonContext.Provider value={{ slug: lesson.meta.slug, presenting: false, notesWindow: true }}>
          <div className="notes-only" data-testid="slide-notes" data-notes-for={at.number + 1}>
            {at.info.notes ? (
              <Suspense key={lesson.meta.slug} fallback={<p role="status">Loading the notes…</p>}>
                <NotesOnly lesson={lesson} slide={at.slide} />
              </Suspense>
            ) : (
              <p className="presenter-no-notes">No speaker notes for this slide.</p>
            )}
          </div>
        </LessonContext.Provider>
      </aside>
    </main>
  );
}

function SimPlaceholder() {
  return <p className="presenter-placeholder">(live figure)</p>;
}

/** The speaker notes of one slide of the section alone: everything else renders as nothing. */
function NotesOnly({ lesson, slide }: { lesson: Lesson; slide: number }) {
  const { Content } = lesson;
  const components = {
    ...lessonComponents,
    Quiz: none,
    QuizSet: none,
    Simulator: none,
    TrainingLab: none,
    Deeper: none,
    Callout: none,
    // notes ride with the slide before them (scripts/remark-slides.ts): this slide's only
    Slide: ({ n, children }: { n?: string | number; children?: React.ReactNode }) => (Number(n ?? 0) === slide ? <>{children}</> : null),
  };
  return <Content components={components} />;
}
