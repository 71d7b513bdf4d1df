import { createContext, useContext } from 'react';
import type { ScaleTheme } from './kit/scales';

/**
 * The theme the views paint in: one value, resolved once by the app (store/theme.ts: an embed's
 * link, else the reader's preference) and passed down, so the palette of every diagram is the
 * page's. There is no module-level "current theme": a view reads it here or gets it as a prop.
 */
export const ThemeContext = createContext<ScaleTheme>('light');
export const useViewTheme = (): ScaleTheme => useContext(ThemeContext);
