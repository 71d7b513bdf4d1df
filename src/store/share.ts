import { create } from 'zustand';

/**
 * What links need beyond the simulators' state: which simulators (and whether the training lab)
 * are on the page now (their state goes into the URL) and the notices the last opened link
 * produced. Not persisted: a link never touches progress or preferences.
 */
export interface ShareState {
  /** simulator id → how many mounted views show it */
  onPage: Record<string, number>;
  /** how many mounted training labs show (their settings go into the URL too: src/train/link.ts) */
  labOnPage: number;
  /** plain-text notices about the last link opened ("Backpropagation through time: units 999 → 16") */
  notices: string[];
  /** the figure the last opened link asked the reading page to open at (`at=`: a preset, or `lab`), until it has */
  openAt: string | null;
  mount: (id: string) => void;
  unmount: (id: string) => void;
  mountLab: () => void;
  unmountLab: () => void;
  setNotices: (notices: string[]) => void;
  dismissNotices: () => void;
  setOpenAt: (at: string | null) => void;
}

export const useShareStore = create<ShareState>()((set) => ({
  onPage: {},
  labOnPage: 0,
  notices: [],
  openAt: null,
  mount: (id) => set((s) => ({ onPage: { ...s.onPage, [id]: (s.onPage[id] ?? 0) + 1 } })),
  unmount: (id) =>
    set((s) => {
      const n = (s.onPage[id] ?? 0) - 1;
      const onPage = { ...s.onPage };
      if (n > 0) onPage[id] = n;
      else delete onPage[id];
      return { onPage };
    }),
  mountLab: () => set((s) => ({ labOnPage: s.labOnPage + 1 })),
  unmountLab: () => set((s) => ({ labOnPage: Math.max(0, s.labOnPage - 1) })),
  setNotices: (notices) => set({ notices: notices.slice(0, 20) }),
  dismissNotices: () => set({ notices: [] }),
  setOpenAt: (openAt) => set({ openAt }),
}));
