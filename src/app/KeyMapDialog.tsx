import { useEffect, useRef } from 'react';
import { usePresentation } from '../store/presentation';
import { DECK_KEYS, LESSON_KEYS, SIMULATOR_KEYS } from './keyboard';

/** The key map (?), a native <dialog> so focus is trapped and Esc closes it; it opens scrolled to its top. */
export function KeyMapDialog() {
  const open = usePresentation((s) => s.keymapOpen);
  const setOpen = usePresentation((s) => s.setKeymapOpen);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      // it opens at its top: the Close button at its foot has the focus without scrolling to it
      d.querySelector<HTMLElement>('[autofocus], button')?.focus({ preventScroll: true });
      d.scrollTop = 0;
    }
    if (!open && d.open) d.close();
  }, [open]);

  const table = (rows: typeof LESSON_KEYS) => (
    <table className="keymap-table">
      <tbody>
        {rows.map((r) => (
          <tr key={r.action}>
            <th scope="row">
              {r.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && ' or '}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </th>
            <td>{r.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <dialog ref={ref} className="keymap" aria-labelledby="keymap-title" onClose={() => setOpen(false)}>
      <h2 id="keymap-title">Keyboard</h2>
      <h3>Lessons and presenting</h3>
      {table(LESSON_KEYS)}
      <h3>Presenting (the deck's keys work wherever the focus is; a text field, and a control in ⚙ Settings, keep the keys they use)</h3>
      {table(DECK_KEYS)}
      <h3>Simulators</h3>
      {table(SIMULATOR_KEYS)}
      <form method="dialog">
        <button className="button" type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
