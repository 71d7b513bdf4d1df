/** Keys the lesson app owns. Shown by the key-map dialog (?) — one list so help can't drift. */
export const LESSON_KEYS: { keys: string[]; action: string }[] = [
  { keys: ['→', 'PageDown'], action: 'Next section (presenting: next step or slide)' },
  { keys: ['←', 'PageUp'], action: 'Previous section (presenting: previous step or slide)' },
  { keys: ['Home'], action: 'First section (presenting: first slide)' },
  { keys: ['End'], action: 'Last section (presenting: last slide)' },
  { keys: ['P'], action: 'Start or stop presenting' },
  { keys: ['F'], action: 'Full screen on or off' },
  { keys: ['S'], action: 'Open the presenter view (notes, next slide, timer; for the presenter’s own screen)' },
  { keys: ['N'], action: 'Show or hide instructor notes while reading' },
  { keys: ['T'], action: 'Next theme (light, dark, projector)' },
  { keys: ['?'], action: 'Show this key map' },
  { keys: ['Esc'], action: 'Close this dialog, or stop presenting' },
];

/** Keys of the deck while presenting and in the presenter view (src/app/useDeckKeys.ts). */
export const DECK_KEYS: { keys: string[]; action: string }[] = [
  {
    keys: ['→', 'PageDown', 'Space'],
    action: 'Next: reveal the next list item, step the simulator (t = 1 … T, then the backward pass), then the next slide',
  },
  { keys: ['←', 'PageUp', 'Shift+Space'], action: 'Back the same way' },
  { keys: ['Home', 'End'], action: 'First or last slide of the deck' },
  { keys: ['O'], action: 'Overview of all slides (arrows to move, Enter to open, Esc to close)' },
  {
    keys: ['1 … 9', 'Enter'],
    action:
      'Type a slide number, then Enter: jump to that slide (the number stays, shown in the bar, until Enter or Esc; → and ← still step meanwhile; Backspace takes back a digit)',
  },
  { keys: ['B', '.'], action: 'Black the screen out (any key brings it back)' },
  {
    keys: ['Q'],
    action:
      'Continue on your device: a QR code of the link to this slide’s simulator as it is now (its reading page), with the link in text; it follows the clicker; Q or Esc closes it',
  },
  { keys: ['S'], action: 'Open the presenter view' },
  { keys: ['Esc'], action: 'Close the QR code or the settings popover (focus back on ⚙), drop a typed slide number, or stop presenting' },
];

export const SIMULATOR_KEYS: { keys: string[]; action: string }[] = [
  { keys: ['Space'], action: 'Play or pause (when the simulator has focus, while reading)' },
  { keys: ['←', '→'], action: 'Step back or forward in time (when the simulator has focus, while reading; presenting, the clicker steps it)' },
];

/**
 * Whether a key event belongs to something else: a form control, an editable field, or a
 * simulator (which has its own ←/→/Space while focused).
 */
export function keyBelongsElsewhere(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return true;
  const t = e.target as HTMLElement | null;
  if (!t || !(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t.closest('input, textarea, select, [role="slider"], [role="radiogroup"], [data-owns-keys]')) return true;
  return false;
}

/** Where typing goes into a field: there every key but Esc types, moves the caret or edits. */
export function typesText(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t instanceof HTMLTextAreaElement) return true;
  if (t instanceof HTMLInputElement) return !['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file'].includes(t.type);
  return false;
}

const MOVES = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'];
const ACTIVATES = [' ', 'Spacebar', 'Enter'];

/**
 * While presenting, whether a key stays with the focused control instead of going to the deck.
 * The deck owns its keys wherever the focus is on the slide (after a click on ▶ Play, a quiz
 * answer, the bar…), with two exceptions: a text or number field keeps every key but Esc, and
 * inside a popover (a simulator's ⚙ Settings) a control keeps the keys it uses — a slider or a
 * select its arrows, PageUp/PageDown and Home/End, a button or checkbox Space and Enter. There the
 * deck's other keys (B . O F S T ?) still work, and Esc closes the popover first.
 */
export function keyStaysWithControl(e: KeyboardEvent): boolean {
  if (e.altKey || e.ctrlKey || e.metaKey) return true;
  const t = e.target;
  if (!(t instanceof HTMLElement)) return false;
  if (e.key === 'Escape') return false;
  if (typesText(t)) return true;
  if (!t.closest('[popover]')) return false;
  if (t.matches('input[type="range"], [role="slider"], select')) return MOVES.includes(e.key) || ACTIVATES.includes(e.key);
  if (t.matches('input[type="radio"], [role="radio"]')) return MOVES.includes(e.key) || e.key === ' ';
  if (t.matches('button, input, summary, a[href], [role="button"], [role="checkbox"], [role="switch"]')) return ACTIVATES.includes(e.key);
  return false;
}

/** Closes any open popover (a simulator's settings) before the deck covers the slide (B, O, ?). */
export function closePopovers() {
  try {
    for (const p of document.querySelectorAll<HTMLElement>(':popover-open')) p.hidePopover();
  } catch {
    // a browser without popovers has none open
  }
}

/** Whether the key's target is inside a popover that is open (there Esc closes the popover first). */
export function inOpenPopover(e: KeyboardEvent): boolean {
  const t = e.target;
  if (!(t instanceof HTMLElement)) return false;
  try {
    return t.closest(':popover-open') !== null;
  } catch {
    return false;
  }
}
