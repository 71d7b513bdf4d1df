import { splitHash } from '../sim/link';
import { usePrefs, type Theme } from './prefs';
import { useRoute, type Route } from './route';

/**
 * The one theme the app shows: an embed's link names its own (`theme=light|dark|contrast`, never
 * read from or written into the reader's preferences), everything else shows the preference (the
 * stored choice, else the system's colour scheme). The app resolves it here once and passes it
 * down (html[data-theme] and views/ThemeContext.ts), so the page and its diagrams cannot disagree.
 */

/** The theme an embed link's query asks for, or null. */
export function linkTheme(query: string): Theme | null {
  const m = /(?:^|&)theme=(light|dark|contrast)(?:&|$)/.exec(query);
  return m ? (m[1] as Theme) : null;
}

/** The theme shown for a route and hash, given the reader's preference. */
export function themeFor(route: Pick<Route, 'mode'>, hash: string, preferred: Theme): Theme {
  return (route.mode === 'embed' ? linkTheme(splitHash(hash).query) : null) ?? preferred;
}

/** The theme shown now (re-rendered on a route or preference change). */
export function useTheme(): Theme {
  const route = useRoute();
  const preferred = usePrefs((s) => s.theme);
  return themeFor(route, typeof window === 'undefined' ? '' : window.location.hash, preferred);
}
