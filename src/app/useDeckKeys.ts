import { useEffect } from 'react';
import { usePresentation } from '../store/presentation';
import { DECK } from './deck';
import { currentPlace, deckClick, goTo, jumpTo } from './deckNav';
import { closePopovers, inOpenPopover, keyStaysWithControl, typesText } from './keyboard';

const NEXT = new Set(['ArrowRight', 'PageDown']);
const PREV = new Set(['ArrowLeft', 'PageUp']);

/**
 * The deck's keys while presenting and in the presenter view (DECK_KEYS in keyboard.ts). They are
 * heard in the capture phase, before anything on the page, and they work wherever the focus is on
 * the slide: after a click on ▶ Play, a quiz answer or a slider, the clicker, B, O and the digits
 * still belong to the deck. Q shows (and hides) the QR code of the link to what is on screen.
 * Only a text field, and a control inside the settings popover, keep the keys they use
 * (keyStaysWithControl); there Esc closes the popover first.
 * A typed slide number stays (shown in the bar) until Enter jumps or Esc drops it; the clicker
 * keys still step meanwhile, and Backspace takes back a digit.
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
      // Esc in an open popover closes it (usePopover); the next Esc leaves presenting (useLessonKeys)
      if (e.key === 'Escape' && inOpenPopover(e)) return;
      // the QR code (Q) closes with Esc before anything else; the clicker keys go on moving under it
      if (e.key === 'Escape' && pres.qrOpen) {
        take();
        return pres.setQrOpen(false);
      }
      // a typed slide number takes Enter, Esc and Backspace, wherever the focus is but a text field
      if (pres.jump && (e.key === 'Enter' || e.key === 'Escape' || e.key === 'Backspace') && !typesText(e.target)) {
        take();
        if (e.key === 'Enter') jumpTo(Number(pres.jump));
        return pres.setJump(e.key === 'Backspace' ? pres.jump.slice(0, -1) : '');
      }
      if (keyStaysWithControl(e)) return;
      const space = e.key === ' ' || e.key === 'Spacebar';
      if (NEXT.has(e.key) || PREV.has(e.key) || space) {
        take();
        return deckClick(NEXT.has(e.key) || (space && !e.shiftKey) ? 1 : -1);
      }
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
          closePopovers();
          return pres.setOverviewOpen(true);
        case 'q':
        case 'Q':
          // the audience's screen: the code of the link to what it shows (QrOverlay)
          if (place.mode !== 'present') return;
          take();
          closePopovers();
          return pres.setQrOpen(!pres.qrOpen);
        case 'b':
        case 'B':
        case '.':
          take();
          closePopovers();
          return pres.setBlackout(true);
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [active]);
}
