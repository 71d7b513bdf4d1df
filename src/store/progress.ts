import { create } from 'zustand';
import { persist, createJSONStorage } from 'zustand/middleware';

/** A learner's progress: plain data, persisted in localStorage so it survives reloads. */
export interface ProgressState {
  visited: Record<string, true>;
  /** quiz id → was the last answer correct */
  quizzes: Record<string, { correct: boolean; choice: number }>;
  markVisited: (slug: string) => void;
  recordQuiz: (quizId: string, choice: number, correct: boolean) => void;
  reset: () => void;
}

export const useProgress = create<ProgressState>()(
  persist(
    (set) => ({
      visited: {},
      quizzes: {},
      markVisited: (slug) =>
        set((s) => (s.visited[slug] ? s : { visited: { ...s.visited, [slug]: true } })),
      recordQuiz: (quizId, choice, correct) =>
        set((s) => ({ quizzes: { ...s.quizzes, [quizId]: { choice, correct } } })),
      reset: () => set({ visited: {}, quizzes: {} }),
    }),
    {
      name: 'unrolled:progress',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // A tampered or foreign value must not break the app: keep only well-formed entries.
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<ProgressState>;
        const visited: Record<string, true> = {};
        if (p.visited && typeof p.visited === 'object')
          for (const k of Object.keys(p.visited)) if (typeof k === 'string') visited[k] = true;
        const quizzes: ProgressState['quizzes'] = {};
        if (p.quizzes && typeof p.quizzes === 'object')
          for (const [k, v] of Object.entries(p.quizzes))
            if (v && typeof v === 'object' && typeof (v as any).correct === 'boolean' && Number.isInteger((v as any).choice))
              quizzes[k] = { correct: (v as any).correct, choice: (v as any).choice };
        return { ...current, visited, quizzes };
      },
    },
  ),
);
