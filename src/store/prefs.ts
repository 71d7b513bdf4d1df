import { create } from 'zustand';
import { persist, createJSONStorage } from 'zustand/middleware';

export type Theme = 'light' | 'dark' | 'contrast';
export const THEMES: { id: Theme; label: string }[] = [
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
  { id: 'contrast', label: 'Projector (high contrast)' },
];

/** Display preferences. Persisted under the key index.html reads before first paint. */
export type EnginePreference = 'auto' | 'webgl' | 'cpu';
export const ENGINE_CHOICES: { id: EnginePreference; label: string }[] = [
  { id: 'auto', label: 'Auto' },
  { id: 'webgl', label: 'WebGL' },
  { id: 'cpu', label: 'CPU' },
];

export interface PrefsState {
  theme: Theme;
  /** which tfjs backend the simulators use: auto (WebGL on a hardware GPU, else the CPU), WebGL or CPU */
  backend: EnginePreference;
  setBackend: (b: EnginePreference) => void;
  /** Instructor notes shown inline when not presenting. */
  showNotes: boolean;
  setTheme: (t: Theme) => void;
  toggleNotes: () => void;
}

/** Nothing stored: the system's colour scheme (as public/theme-init.js paints before the app loads). */
function initialTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const usePrefs = create<PrefsState>()(
  persist(
    (set) => ({
      theme: initialTheme(),
      showNotes: false,
      backend: 'auto' as EnginePreference,
      setBackend: (backend) => set({ backend }),
      setTheme: (theme) => set({ theme }),
      toggleNotes: () => set((s) => ({ showNotes: !s.showNotes })),
    }),
    {
      name: 'unrolled:prefs',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<PrefsState>;
        return {
          ...current,
          theme: THEMES.some((t) => t.id === p.theme) ? (p.theme as Theme) : current.theme,
          showNotes: p.showNotes === true,
          backend: ENGINE_CHOICES.some((c) => c.id === p.backend) ? (p.backend as EnginePreference) : current.backend,
        };
      },
    },
  ),
);
