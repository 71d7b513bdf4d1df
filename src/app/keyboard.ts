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
  { keys: ['1 … 9', 'Enter'], action: 'Type a slide number, then Enter: jump to that slide' },
  { keys: ['B', '.'], action: 'Black the screen out (any key brings it back)' },
  { keys: ['S'], action: 'Open the presenter view' },
  { keys: ['Esc'], action: 'Stop presenting' },
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
