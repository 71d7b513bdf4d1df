import { THEMES, usePrefs, type Theme } from '../store/prefs';
import { usePresentation } from '../store/presentation';
import { BackendBadge } from './BackendBadge';
import { hrefFor } from './router';

export function Toolbar({ slug }: { slug: string }) {
  const theme = usePrefs((s) => s.theme);
  const setTheme = usePrefs((s) => s.setTheme);
  const showNotes = usePrefs((s) => s.showNotes);
  const toggleNotes = usePrefs((s) => s.toggleNotes);
  const openKeys = usePresentation((s) => s.setKeymapOpen);

  return (
    <header className="toolbar">
      <a className="brand" href={hrefFor('welcome')}>
        <span className="brand-name">Unrolled</span>
        <span className="brand-sub">Topic 13 · RNN with TensorFlow</span>
      </a>
      <div className="toolbar-controls">
        <BackendBadge />
        <label className="theme-picker">
          <span>Theme</span>
          <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
            {THEMES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button-quiet" aria-pressed={showNotes} onClick={toggleNotes}>
          Instructor notes
        </button>
        <a className="button" href={hrefFor(slug, 'present')} aria-keyshortcuts="P">
          Present
        </a>
        <button type="button" className="button button-quiet" onClick={() => openKeys(true)} aria-keyshortcuts="?">
          Keys <kbd>?</kbd>
        </button>
      </div>
    </header>
  );
}
