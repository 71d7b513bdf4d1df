import { useEffect, useRef } from 'react';
import { type Lesson } from '../../lessons';
import { LessonBody } from './LessonBody';
import { hrefFor } from '../store/route';
import { usePresentation } from '../store/presentation';
import { openNotesWindow, toggleFullscreen } from './useLessonKeys';
import { DECK, deckSlide } from './deck';
import { deckClick } from './deckNav';
import { Overview } from './Overview';
import { PRINT_PAGE } from './printPage';
import { canvasFrame } from './canvas';
import { useAudienceIdle } from './useAudienceIdle';
import { QrOverlay } from './QrOverlay';

/**
 * Presentation mode: one slide at a time on the fixed 1920 × 1080 canvas (canvas.ts), shown at the
 * scale that fits the window; the bar is the canvas's bottom strip. No sidebar and no speaker
 * notes (they belong in the presenter view, key S).
 */
export function PresentStage({ lesson, slide, step }: { lesson: Lesson; index: number; slide: number; step: number }) {
  const at = deckSlide(lesson.meta.slug, slide);
  const blackout = usePresentation((s) => s.blackout);
  const jump = usePresentation((s) => s.jump);
  const qrOpen = usePresentation((s) => s.qrOpen);
  const stageRef = useRef<HTMLElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const barRef = useRef<HTMLElement>(null);
  // idle: the bar and the cursor hide until the mouse moves; a click hands the focus back to the stage
  const idle = useAudienceIdle(canvasRef, stageRef, barRef);

  // each slide opens at its top
  useEffect(() => {
    stageRef.current?.scrollTo(0, 0);
  }, [stageRef, lesson.meta.slug, slide]);

  return (
    <div className="present" data-testid="present-stage" data-idle={idle ? '' : undefined}>
      <style>{PRINT_PAGE}</style>
      <div className="present-frame" ref={canvasFrame}>
        <div className="slide-canvas" ref={canvasRef}>
          <main
            className="present-stage"
            ref={stageRef}
            tabIndex={-1}
            inert={qrOpen}
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
          <footer className="present-bar" ref={barRef}>
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
              <button
                type="button"
                onClick={() => usePresentation.getState().setQrOpen(!qrOpen)}
                aria-keyshortcuts="Q"
                aria-pressed={qrOpen}
                title="Continue on your device: a QR code of the link to this slide’s simulator"
                data-testid="qr-button"
              >
                QR code
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
          <QrOverlay at={at} />
        </div>
      </div>
      {blackout && (
        <div className="blackout" data-testid="blackout" role="presentation" onClick={() => usePresentation.getState().setBlackout(false)} />
      )}
      <Overview current={at.number} />
    </div>
  );
}
