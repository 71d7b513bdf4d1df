import { create } from 'zustand';
import { persist, createJSONStorage } from 'zustand/middleware';

/** A fresh, random learner seed (1 … 2³² − 1). */
function newLearnerSeed(): number {
  const a = new Uint32Array(1);
  if (typeof crypto !== 'undefined' && crypto.getRandomValues) crypto.getRandomValues(a);
  return a[0] || Math.floor(Math.random() * 2 ** 31) + 1;
}

/** A learner's progress: plain data, persisted in localStorage so it survives reloads. */
export interface ProgressState {
  visited: Record<string, true>;
  /** quiz id → the learner's FIRST answer (only it counts for a score; later tries are practice) */
  quizzes: Record<string, { correct: boolean; choice: number }>;
  /** seeds each learner's option order, so it is stable across reloads */
  learnerSeed: number;
  /** quiz-set id → how many times it was retaken (a retake gets a fresh option order) */
  rounds: Record<string, number>;
  markVisited: (slug: string) => void;
  /** records an answer unless the quiz already has one (the first answer is final) */
  recordQuiz: (quizId: string, choice: number, correct: boolean) => void;
  /** forgets the answers of a quiz set so it can be taken again */
  retakeQuizzes: (setId: string, quizIds: string[]) => void;
  reset: () => void;
}

export const useProgress = create<ProgressState>()(
  persist(
    (set) => ({
      visited: {},
      quizzes: {},
      learnerSeed: newLearnerSeed(),
      rounds: {},
      markVisited: (slug) => set((s) => (s.visited[slug] ? s : { visited: { ...s.visited, [slug]: true } })),
      recordQuiz: (quizId, choice, correct) => set((s) => (s.quizzes[quizId] ? s : { quizzes: { ...s.quizzes, [quizId]: { choice, correct } } })),
      retakeQuizzes: (setId, quizIds) =>
        set((s) => {
          const quizzes = { ...s.quizzes };
          for (const id of quizIds) delete quizzes[id];
          return { quizzes, rounds: { ...s.rounds, [setId]: (s.rounds[setId] ?? 0) + 1 } };
        }),
      reset: () => set({ visited: {}, quizzes: {}, rounds: {}, learnerSeed: newLearnerSeed() }),
    }),
    {
      name: 'unrolled:progress',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // A tampered or foreign value must not break the app: keep only well-formed entries.
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<ProgressState>;
        const visited: Record<string, true> = {};
        if (p.visited && typeof p.visited === 'object') for (const k of Object.keys(p.visited)) if (typeof k === 'string') visited[k] = true;
        const quizzes: ProgressState['quizzes'] = {};
        if (p.quizzes && typeof p.quizzes === 'object')
          for (const [k, v] of Object.entries(p.quizzes as Record<string, { correct?: unknown; choice?: unknown } | null>))
            if (v && typeof v === 'object' && typeof v.correct === 'boolean' && Number.isInteger(v.choice))
              quizzes[k] = { correct: v.correct, choice: v.choice as number };
        const learnerSeed =
          Number.isInteger(p.learnerSeed) && (p.learnerSeed as number) > 0 && (p.learnerSeed as number) < 2 ** 32
            ? (p.learnerSeed as number)
            : current.learnerSeed;
        const rounds: Record<string, number> = {};
        if (p.rounds && typeof p.rounds === 'object')
          for (const [k, v] of Object.entries(p.rounds)) if (Number.isInteger(v) && (v as number) >= 0) rounds[k] = v as number;
        return { ...current, visited, quizzes, learnerSeed, rounds };
      },
    },
  ),
);
