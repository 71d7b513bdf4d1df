import { create } from 'zustand';

/** Session-only UI state (not persisted): presenting and the key-map dialog. */
export interface PresentationState {
  presenting: boolean;
  keymapOpen: boolean;
  setPresenting: (on: boolean) => void;
  setKeymapOpen: (open: boolean) => void;
}

export const usePresentation = create<PresentationState>()((set) => ({
  presenting: false,
  keymapOpen: false,
  setPresenting: (presenting) => set({ presenting }),
  setKeymapOpen: (keymapOpen) => set({ keymapOpen }),
}));
