import { create } from 'zustand';

/**
 * Session-only UI state (not persisted): the key-map dialog, and the deck's overlays:
 * the slide overview (O), the blacked-out screen (B or .), a slide number being typed for a jump,
 * a notice about a link that named a slide that does not exist, and the QR code of the link to
 * what is on screen (Q: "Continue on your device").
 */
export interface PresentationState {
  keymapOpen: boolean;
  overviewOpen: boolean;
  blackout: boolean;
  /** digits typed so far for "slide number + Enter" ('' when none) */
  jump: string;
  deckNotice: string | null;
  qrOpen: boolean;
  setKeymapOpen: (open: boolean) => void;
  setOverviewOpen: (open: boolean) => void;
  setBlackout: (on: boolean) => void;
  setJump: (jump: string) => void;
  setDeckNotice: (notice: string | null) => void;
  setQrOpen: (open: boolean) => void;
}

export const usePresentation = create<PresentationState>()((set) => ({
  keymapOpen: false,
  overviewOpen: false,
  blackout: false,
  jump: '',
  deckNotice: null,
  qrOpen: false,
  setKeymapOpen: (keymapOpen) => set({ keymapOpen }),
  setOverviewOpen: (overviewOpen) => set({ overviewOpen }),
  setBlackout: (blackout) => set({ blackout }),
  setJump: (jump) => set({ jump }),
  setDeckNotice: (deckNotice) => set({ deckNotice }),
  setQrOpen: (qrOpen) => set({ qrOpen }),
}));
