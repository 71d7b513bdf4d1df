import { useEffect, useRef, useState } from 'react';
import { THEMES, usePrefs, type Theme } from '../store/prefs';
import { usePresentation } from '../store/presentation';
import { BackendBadge } from './BackendBadge';
import { hrefFor } from '../store/route';
import { prefetchModes } from './modeChunks';

/**
 * The sticky header. On narrow or short screens (phones, either way round) it is one compact row:
 * a "Sections" button that opens the section list, the brand, and an "Options" button for the
 * rest; it shrinks once the page scrolls. Its height is published as --header-h so sticky parts
 * below it (the sidebar, busy notes) sit right under it.
 */
export function Toolbar({ slug, navOpen, onToggleNav }: { slug: string; navOpen: boolean; onToggleNav: () => void }) {
  const theme = usePrefs((s) => s.theme);
  const setTheme = usePrefs((s) => s.setTheme);
  const showNotes = usePrefs((s) => s.showNotes);
  const toggleNotes = usePrefs((s) => s.toggleNotes);
  const openKeys = usePresentation((s) => s.setKeymapOpen);
  // open for one section: navigating closes it
  const [moreOpenAt, setMoreOpenAt] = useState<string | null>(null);
  const moreOpen = moreOpenAt === slug;
  const setMoreOpen = (open: boolean) => setMoreOpenAt(open ? slug : null);
  const [scrolled, setScrolled] = useState(false);
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    const onScroll = () => setScrolled(window.scrollY > 24);
    // first read after the next frame has been laid out: read in this commit, or in the frame's
    // animation callbacks, scrollY forces a layout of the whole page (~60 ms on the BPTT page)
    let later = 0;
    const first = requestAnimationFrame(() => (later = window.setTimeout(onScroll)));
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(first);
      clearTimeout(later);
      window.removeEventListener('scroll', onScroll);
    };
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // set from the observer only (its first call follows the first layout): never a forced layout in a commit
    const publish = (entries: ResizeObserverEntry[]) => {
      const h = Math.round(entries[entries.length - 1].borderBoxSize?.[0]?.blockSize ?? el.getBoundingClientRect().height);
      if (document.documentElement.style.getPropertyValue('--header-h') !== `${h}px`)
        document.documentElement.style.setProperty('--header-h', `${h}px`);
    };
    const ro = new ResizeObserver(publish);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  return (
    <header
      ref={ref}
      className={`toolbar${scrolled ? ' is-scrolled' : ''}${moreOpen ? ' is-more-open' : ''}`}
      data-testid="toolbar"
      onKeyDown={(e) => {
        // Escape closes Options wherever the focus is in the header (on the Options button too)
        if (e.key === 'Escape' && moreOpen) {
          e.stopPropagation();
          setMoreOpen(false);
          ref.current?.querySelector<HTMLButtonElement>('.more-toggle')?.focus();
        }
      }}
    >
      <button
        type="button"
        className="button button-quiet toolbar-toggle nav-toggle"
        aria-expanded={navOpen}
        aria-controls="section-nav"
        onClick={onToggleNav}
        data-testid="nav-toggle"
      >
        <span aria-hidden="true">☰</span> Sections
      </button>
      <a className="brand" href={hrefFor('welcome')}>
        <span className="brand-name">Unrolled</span>
        <span className="brand-sub">Topic 13 · RNN with TensorFlow</span>
      </a>
      <button
        type="button"
        className="button button-quiet toolbar-toggle more-toggle"
        aria-expanded={moreOpen}
        aria-controls="toolbar-controls"
        onClick={() => setMoreOpen(!moreOpen)}
        data-testid="more-toggle"
      >
        Options <span aria-hidden="true">{moreOpen ? '▴' : '▾'}</span>
      </button>
      <div className="toolbar-controls" id="toolbar-controls">
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
        <a className="button" href={hrefFor(slug, 'present')} aria-keyshortcuts="P" onPointerEnter={prefetchModes} onFocus={prefetchModes}>
          Present
        </a>
        <button type="button" className="button button-quiet" onClick={() => openKeys(true)} aria-keyshortcuts="?">
          Keys <kbd>?</kbd>
        </button>
      </div>
    </header>
  );
}
