import { useLayoutEffect, type ReactNode } from 'react';
import { useTheme } from '../store/theme';
import { ThemeContext } from '../views/ThemeContext';

/**
 * The app's one theme (store/theme.ts) on the page (html[data-theme], for the CSS) and to the views
 * (ThemeContext, for the diagrams' palettes), in the same commit: the two never disagree.
 */
export function ThemeRoot({ children }: { children: ReactNode }) {
  const theme = useTheme();
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}
