import { useLayoutEffect, type ReactNode } from 'react';
import { useTheme } from '../store/theme';
import { ThemeContext } from '../views/ThemeContext';
import { usePrinting } from '../views/kit/printSignal';

/**
 * The app's one theme (store/theme.ts) on the page (html[data-theme], for the CSS) and to the views
 * (ThemeContext, for the diagrams' palettes), in the same commit: the two never disagree.
 *
 * Paper is white: while the page prints (printSignal.ts: from `beforeprint`, or print media, to
 * `afterprint`) it is the light theme, whatever the screen shows. A printer without background
 * graphics (the browser's default) drops the dark and projector themes' black page but keeps their
 * white lines, arrows and labels, which vanish on white paper (issue 29, item 8). The print signal
 * re-renders synchronously in `beforeprint`, so the printed layout already has the light palette.
 */
export function ThemeRoot({ children }: { children: ReactNode }) {
  const shown = useTheme();
  const theme = usePrinting() ? 'light' : shown;
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}
