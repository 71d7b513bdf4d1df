/** Keys the lesson app owns. Shown by the key-map dialog (?) — one list so help can't drift. */
export const LESSON_KEYS: { keys: string[]; action: string }[] = [
  { keys: ['→', 'PageDown'], action: 'Next section' },
  { keys: ['←', 'PageUp'], action: 'Previous section' },
  { keys: ['Home'], action: 'First section' },
  { keys: ['End'], action: 'Last section' },
  { keys: ['P'], action: 'Start or stop presenting' },
  { keys: ['F'], action: 'Full screen on or off' },
  { keys: ['S'], action: 'Open the speaker-notes window (for the presenter’s own screen)' },
  { keys: ['N'], action: 'Show or hide instructor notes while reading' },
  { keys: ['T'], action: 'Next theme (light, dark, projector)' },
  { keys: ['?'], action: 'Show this key map' },
  { keys: ['Esc'], action: 'Close this dialog, or stop presenting' },
];

export const SIMULATOR_KEYS: { keys: string[]; action: string }[] = [
  { keys: ['Space'], action: 'Play or pause (when the simulator has focus)' },
  { keys: ['←', '→'], action: 'Step back or forward in time (when the simulator has focus)' },
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
