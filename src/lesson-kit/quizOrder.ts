/**
 * The order a learner sees a quiz's options in. Authors write options in any order (the right one
 * is often second); each learner gets a seeded arrangement that is stable across reloads (the seed
 * lives in the progress store) and spreads the right answers evenly over the positions: the right
 * option of the quiz with ordinal k goes to position (k + offset) mod n, where the offset comes
 * from the learner's seed, and the wrong options are shuffled around it. Pure: unit-tested over the
 * lessons' quiz data.
 */
import { mulberry32 } from '../engine/init';

/** 32-bit FNV-1a hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface ArrangeOptions {
  /** how many options the question has */
  n: number;
  /** index of the right option in the authored order */
  answer: number;
  /** the learner's seed (persisted) */
  learnerSeed: number;
  /** the quiz's id, e.g. "gru/q1" or "summary/final-3" */
  quizId: string;
  /** consecutive quizzes get consecutive ordinals (section index, or question number in a set) */
  ordinal: number;
  /** bumped when a quiz set is retaken, so a retake is a fresh arrangement */
  round?: number;
}

/**
 * Returns `order`, where order[p] is the authored index of the option shown at position p.
 * The right option lands at position (ordinal + offset) mod n.
 */
export function arrangeOptions({ n, answer, learnerSeed, quizId, ordinal, round = 0 }: ArrangeOptions): number[] {
  if (n <= 1 || answer < 0 || answer >= n) return Array.from({ length: Math.max(0, n) }, (_, i) => i);
  const offset = hashString(`${learnerSeed}:${round}:offset`) % n;
  const slot = (((ordinal + offset) % n) + n) % n;
  const others = Array.from({ length: n }, (_, i) => i).filter((i) => i !== answer);
  const rand = mulberry32(hashString(`${learnerSeed}:${round}:${quizId}`));
  for (let i = others.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [others[i], others[j]] = [others[j], others[i]];
  }
  others.splice(slot, 0, answer);
  return others;
}
