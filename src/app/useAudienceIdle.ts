import { useEffect, useState, type RefObject } from 'react';
import { typesText } from './keyboard';

/** How long the audience screen waits, with no mouse move, before it hides the bar and the cursor. */
export const IDLE_MS = 3000;

const CONTROL = 'button, input, select, textarea, a[href], summary, [role="slider"], [role="radio"], [role="button"]';

/** Whether something on the page keeps the bar up: the pointer over it, focus on a control, a popover or dialog open. */
function busy(bar: HTMLElement | null): boolean {
  if (bar?.matches(':hover, :focus-within')) return true;
  const a = document.activeElement;
  if (a instanceof HTMLElement && a !== document.body && a.matches(CONTROL)) return true;
  try {
    return document.querySelector(':popover-open, dialog[open]') !== null;
  } catch {
    return false;
  }
}

/**
 * The audience screen's idle state: after IDLE_MS with no mouse move the bottom bar fades out and
 * the cursor hides (app.css, `.present[data-idle]`); a mouse move, a click or Tab brings them back.
 * The clicker's keys never wake it. It never hides while the pointer is over the bar, a control
 * has focus, or a popover or dialog is open.
 *
 * A control used with the mouse on the slide or the bar (▶ Play, a quiz answer, the t slider, →)
 * hands the focus back to the stage: the deck's keys and the idle timer are never held by a click.
 * Text fields, selects and popovers (and the buttons that open them) keep their focus.
 */
export function useAudienceIdle(canvas: RefObject<HTMLElement | null>, stage: RefObject<HTMLElement | null>, bar: RefObject<HTMLElement | null>) {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    let timer = 0;
    let last = { x: NaN, y: NaN };
    const arm = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        if (busy(bar.current)) arm();
        else setIdle(true);
      }, IDLE_MS);
    };
    const wake = () => {
      setIdle(false);
      arm();
    };
    // a layout change under a still mouse can fire a mousemove: only a real move wakes
    const onMove = (e: PointerEvent) => {
      if (e.clientX === last.x && e.clientY === last.y) return;
      last = { x: e.clientX, y: e.clientY };
      wake();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Tab') wake();
    };
    const onClick = (e: MouseEvent) => {
      if (e.detail === 0) return; // a control activated from the keyboard keeps its focus
      const el = e.target instanceof Element ? (e.target.closest<HTMLElement>(CONTROL) ?? e.target.closest('label')) : null;
      if (!el || el.closest('[popover]') || el.matches('[popovertarget], select') || typesText(el)) return;
      window.setTimeout(() => {
        const a = document.activeElement;
        if (a instanceof HTMLElement && el.contains(a) && !typesText(a)) stage.current?.focus({ preventScroll: true });
      }, 0);
    };
    const root = canvas.current;
    const strip = bar.current;
    arm();
    window.addEventListener('pointermove', onMove, { passive: true });
    window.addEventListener('pointerdown', wake, { passive: true });
    window.addEventListener('wheel', wake, { passive: true });
    window.addEventListener('keydown', onKey);
    root?.addEventListener('click', onClick);
    strip?.addEventListener('focusin', wake);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerdown', wake);
      window.removeEventListener('wheel', wake);
      window.removeEventListener('keydown', onKey);
      root?.removeEventListener('click', onClick);
      strip?.removeEventListener('focusin', wake);
    };
  }, [canvas, stage, bar]);
  return idle;
}
