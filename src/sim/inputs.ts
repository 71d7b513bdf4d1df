/**
 * Input sequences for the simulators: the generated presets and the student's typed sequence.
 * Pure functions; every input is one feature per step (inputDim = 1).
 */

export const TYPED_LIMITS = { maxValues: 60, maxAbs: 10, maxChars: 2000 } as const;
/** how much of an over-long text is read to count its numbers for the message */
const TYPED_COUNT_CHARS = 200_000;

// The engine's PRNG; init.ts is plain JS, so importing it does not load TensorFlow.js.
export { mulberry32 } from '../engine/init';
import { mulberry32 } from '../engine/init';

const round2 = (v: number) => Math.round(v * 100) / 100 + 0; // + 0 turns −0 into 0

/**
 * The generated input x_1 … x_T (index 0 is t = 1):
 * - sine: sin(0.9·(t−1)), about seven steps per period;
 * - impulse: 1 at t = 1, then 0;
 * - step: 0, then 1 from about a third of the way in;
 * - random: uniform in [−1, 1] from the seed (two decimals).
 */
export function inputSequence(preset: 'sine' | 'impulse' | 'step' | 'random', T: number, seed: number): number[] {
  const n = Math.max(0, Math.floor(Number.isFinite(T) ? T : 0));
  const out: number[] = new Array(n);
  switch (preset) {
    case 'sine':
      for (let i = 0; i < n; i++) out[i] = round2(Math.sin(0.9 * i));
      break;
    case 'impulse':
      for (let i = 0; i < n; i++) out[i] = i === 0 ? 1 : 0;
      break;
    case 'step': {
      const at = Math.max(1, Math.floor(n / 3));
      for (let i = 0; i < n; i++) out[i] = i >= at ? 1 : 0;
      break;
    }
    case 'random': {
      const rnd = mulberry32((Number.isFinite(seed) ? Math.trunc(seed) : 0) ^ 0x5eed);
      for (let i = 0; i < n; i++) out[i] = round2(rnd() * 2 - 1);
      break;
    }
    default:
      out.fill(0);
  }
  return out;
}

export type TypedParse = { ok: true; values: number[] } | { ok: false; message: string };

/**
 * Parses a typed sequence: numbers separated by commas, semicolons or spaces, e.g. "0, 0, 1, 0".
 * Accepts the typographic minus (−). Every failure comes with a message a student can act on.
 */
export function parseTypedSequence(text: unknown): TypedParse {
  if (typeof text !== 'string') return { ok: false, message: 'Type a sequence of numbers, e.g. 0, 0, 1, 0.' };
  if (text.length > TYPED_LIMITS.maxChars) {
    // say how many numbers there were (counted over a bounded prefix, so a pasted megabyte stays cheap)
    const head = text.slice(0, TYPED_COUNT_CHARS);
    const count = head.split(/[\s,;]+/).filter((t) => t !== '').length;
    const more = text.length > head.length ? 'more than ' : '';
    return {
      ok: false,
      message: `That is too long: ${more}${count.toLocaleString('en-US')} numbers in ${text.length.toLocaleString('en-US')} characters; the simulator takes at most ${TYPED_LIMITS.maxValues} numbers (${TYPED_LIMITS.maxChars.toLocaleString('en-US')} characters).`,
    };
  }
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'The sequence is empty: type at least one number, e.g. 0, 0, 1, 0.' };
  const tokens = trimmed.split(/\s*[,;]\s*|\s+/);
  // a trailing separator ("1, 2,") is harmless
  while (tokens.length > 1 && tokens[tokens.length - 1] === '') tokens.pop();
  if (tokens.length > TYPED_LIMITS.maxValues)
    return {
      ok: false,
      message: `That is ${tokens.length} numbers; the simulator takes at most ${TYPED_LIMITS.maxValues} steps.`,
    };
  const values: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const raw = tokens[i];
    const pos = i + 1;
    if (raw === '') return { ok: false, message: `Entry ${pos} is empty: is there a doubled comma?` };
    const norm = raw.replace(/[−–]/g, '-').replace(/^\+/, '');
    const v = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(norm) ? Number(norm) : NaN;
    const shown = raw.length > 12 ? `${raw.slice(0, 12)}…` : raw;
    if (!Number.isFinite(v)) return { ok: false, message: `“${shown}” at position ${pos} is not a number.` };
    if (Math.abs(v) > TYPED_LIMITS.maxAbs)
      return {
        ok: false,
        message: `“${shown}” at position ${pos} is outside −${TYPED_LIMITS.maxAbs} … ${TYPED_LIMITS.maxAbs}; inputs that large only saturate the cell.`,
      };
    values.push(v + 0);
  }
  return { ok: true, values };
}

/** "Predict the next value": GT_t = x_{t+1}, and the last step's target repeats x_T. */
export function nextValueTargets(xs: readonly number[]): number[][] {
  return xs.map((_, i) => [i + 1 < xs.length ? xs[i + 1] : xs[i]]);
}
