import { useEffect } from 'react';
import { usePresentation } from '../store/presentation';
import { DECK } from './deck';
import { currentPlace, deckClick, goTo, jumpTo } from './deckNav';
import { keyBelongsElsewhere } from './keyboard';

/** Where typing goes into a field: there the clicker keys move the caret or type a space. */
function typesText(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t instanceof HTMLTextAreaElement) return true;
  if (t instanceof HTMLInputElement) return !['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file'].includes(t.type);
  return false;
}

const NEXT = new Set(['ArrowRight', 'PageDown']);
const PREV = new Set(['ArrowLeft', 'PageUp']);

/**
 * The deck's keys while presenting and in the presenter view (DECK_KEYS in keyboard.ts). They are
 * heard in the capture phase, before anything on the page: a focused slider, button or simulator
 * never swallows the clicker (→ ← PageDown PageUp Space), and only a text field keeps them.
 */
export function useDeckKeys(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const pres = usePresentation.getState();
      const place = currentPlace();
      if (!place) return;
      const take = () => {
        e.preventDefault();
        e.stopPropagation();
      };
      if (pres.blackout) {
        if (['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) return;
        take();
        return pres.setBlackout(false);
      }
      if (pres.keymapOpen || pres.overviewOpen) return;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const space = e.key === ' ' || e.key === 'Spacebar';
      if (NEXT.has(e.key) || PREV.has(e.key) || space) {
        if (typesText(e.target)) return;
        take();
        if (pres.jump) pres.setJump('');
        return deckClick(NEXT.has(e.key) || (space && !e.shiftKey) ? 1 : -1);
      }
      if (pres.jump && (e.key === 'Enter' || e.key === 'Escape' || e.key === 'Backspace')) {
        take();
        if (e.key === 'Enter') jumpTo(Number(pres.jump));
        return pres.setJump(e.key === 'Backspace' ? pres.jump.slice(0, -1) : '');
      }
      if (keyBelongsElsewhere(e)) return;
      if (/^[0-9]$/.test(e.key)) {
        take();
        return pres.setJump((pres.jump + e.key).slice(-4));
      }
      switch (e.key) {
        case 'Home':
          take();
          return goTo(DECK[0]);
        case 'End':
          take();
          return goTo(DECK[DECK.length - 1]);
        case 'o':
        case 'O':
          take();
          return pres.setOverviewOpen(true);
        case 'b':
        case 'B':
        case '.':
          take();
          return pres.setBlackout(true);
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [active]);
}
