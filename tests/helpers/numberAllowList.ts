/**
 * Numbers in lesson prose that are not measurements, so nothing replays them. Reviewed list: each
 * pattern says why it is not a measured value. A number inside a match is allowed; everything else
 * must be tied to the app (a <ShowMe> quote or a `{/* numbers: … *\/}` marker) — see
 * tests/unit/prose-numbers.test.ts and the README's "Quoting a number in a lesson".
 */
export interface Allowed {
  re: RegExp;
  reason: string;
  /** only in these files (all when absent) */
  files?: string[];
}

export const NUMBER_ALLOW_LIST: Allowed[] = [
  {
    re: /(?<![\d.])[−-]?[01](?!\d|\.\d)/g,
    reason: '0 and ±1: ranges (tanh in −1…1), h₀ = 0, identities, gates at 0 or 1 — constants, not measurements',
  },
  { re: /\d+:\d\d(?:\s*→\s*\d+:\d\d)?/g, reason: 'speaker notes: clock times of the 20-minute talk' },
  { re: /about [\d.]+ (?:minutes?|seconds)|\d+-minute|next \d+ minutes/g, reason: 'speaker notes: time budgets of the talk' },
  { re: /(?<![\d.])(?:19|20)\d\d(?![\d.])/g, reason: 'years of citations (Hochreiter & Schmidhuber 1997, Cho et al. 2014, …)' },
  { re: /\d{4}\.\d{4,5}/g, reason: 'arXiv identifiers' },
  {
    re: /\b[Tt]opics? \d+(?:\s*[–-]\s*\d+)?|\*\*Topics? \d+(?:[–-]\d+)?\*\*|Topics \d+–\d+/g,
    reason: 'course topic numbers (the lecture is Topic 13 of 25)',
  },
  { re: /\b(?:has|of) 25 (?:short )?topics/g, reason: 'the course has 25 topics' },
  { re: /\bthe 15 sections\b/g, reason: 'how many sections the app has (lessons/index.ts lists them; lesson-meta.test checks the count)' },
  { re: /\b[Ss]ections? \d+[a-z]?\b|§\s?\d+/g, reason: 'section numbers' },
  { re: /^\s*\d+\. /gm, reason: 'numbered list items' },
  { re: /\^\{?2\}?|\\tanh\^2|squared/g, reason: 'the square in tanh′ = 1 − tanh², squared errors' },
  { re: /[tTkKjnL]\s*[−-]\s*[12](?!\d)|[tTkKjn]\s*\+\s*[12](?!\d)/g, reason: 'index offsets: t − 1, k + 1, T − 2' },
  { re: /\$t ?= ?\d\$/g, reason: 'the step labels of a worked example ($t=2$:)' },
  { re: /\b\d-D\b/g, reason: 'tensor ranks (a 3-D tensor)' },
  { re: /\bquestion \d\b/g, reason: 'speaker notes: which question of the final quiz (numbering, not a value)' },
  {
    re: /a sequence of 5 or of 5000 steps|say, 20 time steps|a 21-step sequence|positions 3–5|positions 13–15|over 200 steps|A batch of 32 sequences, each 50 steps of 3 features, is `\[32, 50, 3\]`|a sentence of 7 words and one of 70/g,
    reason: 'illustrative sizes the author picked for an argument (any other choice makes the same point)',
    files: ['02-introduction.mdx'],
  },
  { re: /\b(?:TensorFlow|Keras|tfjs|TensorFlow\.js|PyTorch|Python) ?(?:≥ ?)?\d+(?:\.\d+)*/g, reason: 'library versions' },
  {
    re: /For \$T = 3\$|Unroll 3 steps or 300|A 100-step sequence makes a 100-layer-deep|over T = 100 time steps|"100, one per time step"|all 100 copies|all 100 steps|unroll 100 steps|\(100 layers\.\)|drag T from 5 to 30/g,
    reason: 'illustrative lengths the author picked (any T makes the point); the slider range 5…30 is the T slider, not a measurement',
    files: ['06-unrolled.mdx'],
  },
  { re: /\bz[ₜ_t]* = 0\.5\b/g, reason: 'a hypothetical gate value in a quiz explanation', files: ['10-gru.mdx'] },
  {
    re: /clip\(0\.2x \+ 0\.5, 0, 1\)|\\text\{clip\}\(0\.2x \+ 0\.5,\\ 0,\\ 1\)|\\text\{clip\}\(x\/6 \+ 1\/2, 0, 1\)|\\text\{clip\}\(0\.2x \+ 0\.5, 0, 1\)/g,
    reason: "definitions of hard sigmoid (tfjs-layers' clip(0.2x + 0.5), Keras 3's clip(x/6 + 1/2)); src/engine/cells.ts implements the tfjs one",
    files: ['09-lstm.mdx', '13-tensorflow.mdx'],
  },
  {
    re: /a value seen 20 steps earlier|\$T = 60\$ or 100|at \$T = 100\$ they may not|SGD with learning rate 0\.3 and clipnorm 0|lower T to 20/g,
    reason: 'settings the section suggests trying (inputs to the lab, not results)',
    files: ['11b-training.mdx'],
  },
  { re: /chunks of, say, 100 steps/g, reason: 'an illustrative chunk length', files: ['07-bptt.mdx'] },
  { re: /= 2\\,\(y|\bMisconception \d\b/g, reason: "the 2 of d(y − GT)²/dy; a speaker note's numbering", files: ['08-vanishing-exploding.mdx'] },
  {
    re: /clipnorm=1\.0|lipnorm=1\.0|Adam\(1e-3/g,
    reason: 'example arguments in an API snippet (Keras optimizer settings), not results',
    files: ['08-vanishing-exploding.mdx'],
  },
];
