/**
 * Every number a lesson prints is checked. Each number token in the prose of lessons/*.mdx (text,
 * tables, KaTeX, quiz questions/options/explanations, speaker notes, comments in code blocks) is
 *  (a) tied to what the app computes: quoted by a <ShowMe> near it (replayed by
 *      lesson-numbers.test.ts), or listed by a `{/* numbers: path = value *\/}` marker in its block
 *      that this test replays to the printed precision (parameter counts with cellParameters, the
 *      hand example with the engine, lab settings with DEFAULT_CONFIG, race results against the
 *      e2e training spec);
 *  (b) derived arithmetic, `calc(expr) = value`, recomputed here; or
 *  (c) on the reviewed allow-list, tests/helpers/numberAllowList.ts.
 * A marker's path names the setup, so the setup's own numbers (calc operands, params' sizes) count
 * as covered in its block. An unmarked number fails the test; so does a marker whose value the
 * app does not reproduce, or whose value the block does not print.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as engine from '../../src/engine/index';
import { buildSpec } from '../../src/sim/buildSpec';
import { cellParameters, HAND_EXAMPLE, PRESETS, CELL_KINDS, type GruForm, type SimSettings } from '../../src/sim/settings';
import { DEFAULT_CONFIG, EVAL_EVERY, PROBE_EVERY, PROBE_SEQUENCES, VALIDATION_SIZE } from '../../src/train/config';
import type { CellKind, Trace } from '../../src/engine/types';
import { useSimulatorStore } from '../../src/store/simulator';
import type { SimulatorPreset } from '../../lessons/types';
import { cellStateNorms, gradientNorms, trendAfterFirstStep } from '../../src/views/kit/norms';
import { NUMBER_ALLOW_LIST } from '../helpers/numberAllowList';
import { lstmHandReplay } from '../helpers/lstmHand';
import { blockIndex, normalise, numberTokens, parseMarkers, proseOnly, type MarkerEntry } from '../helpers/proseNumbers';
import { matchesQuote, parseShowMe, quoteNumber } from '../helpers/quotes';

const here = dirname(fileURLToPath(import.meta.url));
const lessonsDir = join(here, '../../lessons');
const fixturesDir = join(here, '../fixtures/lessons');
const trainingSpec = readFileSync(join(here, '../e2e/training.spec.ts'), 'utf8');

/**
 * TEMPORARY: sections whose prose numbers are not marked yet (issue 24, build item 2). Their
 * markers, where present, are replayed; their unmarked numbers are not yet failures. Shrink it.
 */
export const PENDING: string[] = [];

/**
 * TEMPORARY, phrase by phrase: measurements the prose quotes that no test reproduces yet (runs too
 * long for unit-test time and no browser spec checks them). Each is named in the report; the rest
 * of the section is covered.
 */
export const NOT_REPLAYED: { file: string; re: RegExp; why: string }[] = [
  {
    file: '11-comparison.mdx',
    re: /50 steps in the tests below|At \$T = 50\$ with 16–32 units, batch 32 and Adam \(learning rate 5e-3\), the GRU and the LSTM both reached MSE ≈ 0\.002, while the vanilla RNN stayed at 0\.15–0\.17|a 4-unit LSTM at \$T = 50\$ learned it in 100–300 training steps|can be up to 50 steps before the end|travels back those 50 steps|a product of 50 Jacobians/g,
    why: 'adding problem and temporal order at T = 50, measured once in TensorFlow.js; minutes of training per run',
  },
  {
    file: '11b-training.mdx',
    re: /over seeds 1, 2 and 3 the GRU needed 160, 130 and 160 steps and the LSTM 340, 330 and 250 \(medians 160 and 330\)|\(headless Chromium, 2 cores, no GPU|about 37 ms on WebAssembly, 59 ms on the CPU backend and 380 ms on WebGL — 27, 17 and 2\.6 steps per second/g,
    why: 'seeds 2 and 3 of the race (the e2e training spec runs seed 1 only) and the per-step timings of `npm run bench`; neither fits unit-test time',
  },
];

/** One printed number, sign and trailing zeros aside ("−0.30" and "0.3" are one key): for coverage only; replays compare the printed text. */
function key(text: string): string {
  return String(Math.abs(quoteNumber(normalise(text))));
}

/** [start, end) of block b in the source. */
function blockSpan(source: string, b: number): [number, number] {
  const block = blockIndex(source);
  let a = 0;
  while (a < source.length && block(a) < b) a = source.indexOf('\n', a) + 1 || source.length;
  let z = a;
  while (z < source.length && block(z) === b) z = source.indexOf('\n', z) + 1 || source.length;
  return [a, z];
}

/** Numbers written in a marker path: the setup it names (calc operands, params' sizes, indices). */
function setupNumbers(path: string): string[] {
  return [...path.matchAll(/(?<![\w.])[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?/g)].map((m) => key(m[0]));
}

let handTrace: Promise<Trace> | undefined;
function hand(): Promise<Trace> {
  handTrace ??= (() => {
    const settings: SimSettings = { ...(PRESETS['vanilla-forward'].settings as SimSettings), cell: 'rnn', example: 'hand' };
    return engine.simulate(buildSpec(settings, engine));
  })();
  return handTrace;
}

/** A simulator as a lesson loads it: the preset's defaults under the given settings. */
function loaded(preset: SimulatorPreset, settings: Partial<SimSettings> = {}) {
  if (!(preset in PRESETS)) throw new Error(`unknown preset ${preset}`);
  const info = PRESETS[preset];
  useSimulatorStore
    .getState()
    .load(preset, { preset, settings: { ...info.settings, ...settings }, playback: { ...info.playback, playing: false } });
  return useSimulatorStore.getState().instances[preset];
}

/**
 * Section 13's snippets, built with TensorFlow.js in Node: the weight shapes (flattened, in
 * getWeights order) or the output shape without the batch dimension.
 */
function tfjsLayer(what: string, kind: string, units: number, T: number, features: number): number[] {
  return tf.tidy(() => {
    const model = tf.sequential();
    if (kind === 'bigru')
      model.add(
        tf.layers.bidirectional({
          layer: tf.layers.gru({ units, returnSequences: true }) as tf.RNN,
          mergeMode: 'concat',
          inputShape: [T, features],
        }),
      );
    else model.add((kind === 'lstm' ? tf.layers.lstm : tf.layers.gru)({ units, inputShape: [T, features] }));
    if (what === 'output') return (model.outputs[0].shape as (number | null)[]).slice(1) as number[];
    return model.layers[0].getWeights().flatMap((w) => w.shape);
  });
}

/**
 * Does `value` print as `text`? Fixed notation is rounded to its last printed decimal place
 * ("1.000" is 0.9995…1.0005, "0.030" is 0.0295…0.0305); e-notation to its significant digits.
 */
export function matchesPrinted(value: number, text: string): boolean {
  if (/e/i.test(text)) return matchesQuote(value, text);
  if (!Number.isFinite(value)) return false;
  const decimals = (text.split('.')[1] ?? '').length;
  return Math.abs(value - quoteNumber(text)) <= 0.5 * 10 ** -decimals * (1 + 1e-9);
}

/** The setup of a lesson's <ShowMe label="…">, loaded as the button loads it, and simulated. */
async function showMeRun(file: string, label: string) {
  const tag = parseShowMe(readFileSync(join(lessonsDir, file), 'utf8'), file).find((t) => t.props.label === label);
  if (!tag) throw new Error(`${file}: no <ShowMe label="${label}">`);
  const inst = loaded(tag.props.preset as SimulatorPreset, (tag.props.settings ?? {}) as Partial<SimSettings>);
  const spec = buildSpec(inst.settings, engine);
  const trace = await engine.simulate(spec);
  const L = ((tag.props.playback ?? {}) as { lossStep?: number }).lossStep ?? inst.settings.steps - 1;
  return { spec, trace, L };
}

/** ‖∂C_L/∂h_k‖ (or ‖∂C_L/∂c_k‖) for k = 0 … L in that setup. */
async function showMeNorms(file: string, label: string, of: 'dCdc' | 'dCdh'): Promise<number[]> {
  const { trace, L } = await showMeRun(file, label);
  return (of === 'dCdh' ? gradientNorms(trace, L) : cellStateNorms(trace, L)!).slice(0, L + 1);
}

/**
 * A vanilla RNN's per-step Jacobians ∂h_j/∂h_{j−1} = diag(tanh′(a_j)) W_h for j = 1 … L (0-based
 * rows; the steps between distances 0 and L): their largest singular values, and the RMS slope.
 */
async function jacobianStats(file: string, label: string) {
  const { spec, trace, L } = await showMeRun(file, label);
  const U = spec.weights.recurrentKernel; // U = W_hᵀ; ‖D W_h‖ = ‖U D‖
  const sigmas: number[] = [];
  const slopes: number[] = [];
  for (let j = 1; j <= L; j++) {
    const s = trace.h[j].map((v) => 1 - v * v);
    slopes.push(...s);
    sigmas.push(engine.spectralNorm(U.map((row) => row.map((u, c) => u * s[c]))));
  }
  const rms = Math.sqrt(slopes.reduce((a, b) => a + b * b, 0) / slopes.length);
  const saturated =
    trace.h
      .slice(1, L + 1)
      .flat()
      .filter((v) => Math.abs(v) > 0.9).length /
    (L * trace.h[0].length);
  return { sigmas, rms, saturated, sigma: engine.spectralNorm(U) };
}

/** What a marker path computes: one number or a vector. */
async function replay(path: string, file: string): Promise<number | number[]> {
  let m: RegExpExecArray | null;
  // "<path> * 10**3": the printed number is the value in those units (2.4×10³ prints 2.4)
  if ((m = /^(?!calc\()(.+\))\s*\*\s*(\d+(?:\*\*-?\d+)?)$/.exec(path))) {
    const v = await replay(m[1], file);
    const k = new Function(`return (${m[2]});`)() as number;
    return Array.isArray(v) ? v.map((x) => x * k) : v * k;
  }
  if ((m = /^perStep\("([^"]+)"\)$/.exec(path))) return trendAfterFirstStep(await showMeNorms(file, m[1], 'dCdh'))!.factor;
  if ((m = /^jacobian\.(min|max|geomean|rmsStretch|oneIn)\("([^"]+)"(?:, (0\.9))?\)$/.exec(path))) {
    // oneIn(label, 0.9): one unit-step in how many has |h| > 0.9
    const j = await jacobianStats(file, m[2]);
    if (m[1] === 'min') return Math.min(...j.sigmas);
    if (m[1] === 'max') return Math.max(...j.sigmas);
    if (m[1] === 'geomean') return Math.exp(j.sigmas.reduce((a, b) => a + Math.log(b), 0) / j.sigmas.length);
    if (m[1] === 'rmsStretch') return j.sigma * j.rms;
    return 1 / j.saturated;
  }
  if ((m = /^params\(\s*(\w+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*(\w+)\s*)?\)(?:\s*\*\s*(\d+))?$/.exec(path))) {
    if (!CELL_KINDS.includes(m[1] as CellKind)) throw new Error(`params: unknown cell ${m[1]}`);
    return cellParameters(m[1] as CellKind, Number(m[2]), Number(m[3]), (m[4] ?? 'tfjs') as GruForm);
  }
  if ((m = /^calc\(([\s\S]*)\)$/.exec(path))) {
    if (!/^[\d\s.+\-*/()e,]*(?:Math\.\w+[\d\s.+\-*/()e,]*)*$/.test(m[1])) throw new Error(`calc: not plain arithmetic: ${m[1]}`);
    return new Function(`return (${m[1]});`)() as number;
  }
  if ((m = /^hand\.(inputs|targets|kernel|recurrentKernel|readout)(?:\[(\d+)\])?$/.exec(path))) {
    const v = HAND_EXAMPLE[m[1] as keyof typeof HAND_EXAMPLE] as readonly (number | readonly number[])[];
    const row = m[2] === undefined ? v : v[Number(m[2])];
    return (Array.isArray(row) ? row : [row]).flat() as number[];
  }
  if ((m = /^hand\.(h|y|loss|pre)\[(\d+)\]$/.exec(path))) {
    // t counts from 1 as in the lesson (h_1 is the engine's row 0)
    const tr = await hand();
    const t = Number(m[2]) - 1;
    if (m[1] === 'h') return tr.h[t];
    if (m[1] === 'y') return tr.y[t][0];
    if (m[1] === 'loss') return tr.loss[t];
    const prev = t === 0 ? [0, 0] : tr.h[t - 1];
    const x = HAND_EXAMPLE.inputs[t];
    return [0, 1].map((j) => HAND_EXAMPLE.kernel[0][j] * x + prev.reduce((s, hi, i) => s + hi * HAND_EXAMPLE.recurrentKernel[i][j], 0));
  }
  if (path === 'hand.units') return HAND_EXAMPLE.kernel[0].length;
  if (path === 'hand.eigenvalues') {
    // of W_h (the lesson's orientation; the transpose has the same eigenvalues)
    const [[a, b], [c, d]] = HAND_EXAMPLE.recurrentKernel;
    const tr = a + d;
    const disc = Math.sqrt(tr * tr - 4 * (a * d - b * c));
    return [(tr + disc) / 2, (tr - disc) / 2];
  }
  if ((m = /^hand\.dCdy\[(\d+)\]$/.exec(path))) {
    const t = Number(m[1]) - 1;
    return 2 * ((await hand()).y[t][0] - HAND_EXAMPLE.targets[t]);
  }
  if ((m = /^hand\.dCdh\[(\d+)\]\[(\d+)\]$/.exec(path))) return (await hand()).dCdh[Number(m[1]) - 1][Number(m[2]) - 1];
  if ((m = /^hand\.(slope|jacobian)\[(\d+)\]$/.exec(path))) {
    // diag(1 − h_t²) and ∂h_t/∂h_{t−1} = diag(1 − h_t²) W_h, row by row (W_h = recurrent kernel transposed)
    const slope = (await hand()).h[Number(m[2]) - 1].map((v) => 1 - v * v);
    if (m[1] === 'slope') return slope;
    return [0, 1].flatMap((i) => [0, 1].map((j) => slope[i] * HAND_EXAMPLE.recurrentKernel[j][i]));
  }
  if (path.startsWith('lstmHand.')) {
    // the LSTM worked by hand in section 09, replayed with the engine (tests/helpers/lstmHand.ts)
    const v = await lstmHandReplay(path);
    if (v !== undefined) return v;
  }
  if (path === 'hand.totalLoss') return (await hand()).loss.reduce((a, b) => a + b, 0);
  if (path === 'quizset.questions')
    return [...(await import('node:fs')).readFileSync(join(lessonsDir, '14-summary.mdx'), 'utf8').matchAll(/\bquestion:/g)].length;
  if ((m = /^lab\.(VALIDATION_SIZE|EVAL_EVERY|PROBE_EVERY|PROBE_SEQUENCES)$/.exec(path)))
    return { VALIDATION_SIZE, EVAL_EVERY, PROBE_EVERY, PROBE_SEQUENCES }[m[1] as 'VALIDATION_SIZE'];
  if ((m = /^lab\.(\w+)$/.exec(path))) return DEFAULT_CONFIG[m[1] as keyof typeof DEFAULT_CONFIG] as number;
  if ((m = /^preset\.([\w-]+)\.(\w+)$/.exec(path))) return loaded(m[1] as SimulatorPreset).settings[m[2] as keyof SimSettings] as number;
  if ((m = /^tfjs\.(weights|output)\((lstm|gru|bigru), (\d+), (\d+), (\d+)\)$/.exec(path)))
    return tfjsLayer(m[1], m[2], Number(m[3]), Number(m[4]), Number(m[5]));
  if ((m = /^biasRows\(gru, (tfjs|keras)\)$/.exec(path))) return cellParameters('gru', 0, 1, m[1] as GruForm) / 3 - 1;
  if ((m = /^ratio\("([^"]+)", (dCdc|dCdh), (\d+), (\d+)\)$/.exec(path))) {
    // the ratio of two norms in the setup of the section's <ShowMe label="…">
    const [, label, of, a, b] = m;
    const norms = await showMeNorms(file, label, of as 'dCdc' | 'dCdh');
    return norms.at(-1 - Number(a))! / norms.at(-1 - Number(b))!;
  }
  if ((m = /^blocks\((\w+)\)$/.exec(path))) return cellParameters(m[1] as CellKind, 0, 1) / 2;
  if (path === 'gru.zRange') {
    // the GRU section's untrained update gate over the step input (lesson-numbers.test.ts replays the same)
    const z = (await engine.simulate(buildSpec(loaded('gru', { inputPreset: 'step' }).settings, engine))).gates.z.flat();
    return [Math.min(...z), Math.max(...z)];
  }
  throw new Error(`unknown marker path: ${path}`);
}

/** race.solvedAt.<cell>, race.kept.<cell> (the before/after table's distance 29 ÷ distance 0, at step 1 and where solved):
 *  measured in the browser; tests/e2e/training.spec.ts asserts the prose sentence holds the page's numbers. */
function checkRace(entry: MarkerEntry, source: string): void {
  const kept = /^race\.kept\.(gru|lstm|rnn)$/.exec(entry.path)?.[1] as 'gru' | 'lstm' | 'rnn' | undefined;
  if (kept) {
    expect(trainingSpec).toContain("goes from ${kept('gru', 'before')} after the first training step to ${kept('gru', 'after')} at step");
    const n = String.raw`([−\d.e]+)`;
    const s = `goes from ${n} after the first training step to ${n} at step \\d+ for the GRU, from ${n} to ${n} at step \\d+ for the LSTM, `;
    const m = new RegExp(`${s}and, for the vanilla RNN, falls from ${n} to ${n} at step`).exec(source);
    expect(m, `${entry.file}: the sentence the e2e training spec checks`).not.toBeNull();
    return expect(entry.values).toEqual(m!.slice({ gru: 1, lstm: 3, rnn: 5 }[kept], { gru: 3, lstm: 5, rnn: 7 }[kept]));
  }
  const cell = /^race\.solvedAt\.(gru|lstm)$/.exec(entry.path)?.[1];
  if (!cell) throw new Error(`unknown race path ${entry.path}`);
  expect(trainingSpec).toContain(
    'the GRU falls below a tenth of the baseline after ${s.models.gru.solvedAt} training steps and the LSTM after ${s.models.lstm.solvedAt}',
  );
  const m = /the GRU falls below a tenth of the baseline after (\d+) training steps and the LSTM after (\d+)/.exec(source.replace(/\*\*/g, ''));
  expect(m, `${entry.file}: the sentence the e2e training spec checks`).not.toBeNull();
  expect(entry.values[0]).toBe(cell === 'gru' ? m![1] : m![2]);
}

export interface FileReport {
  unmarked: { text: string; line: number; context: string }[];
  markers: MarkerEntry[];
  counts: { showMe: number; marker: number; calc: number; allowed: number; notReplayed: number };
}

/** Classify every number in one lesson source. */
export function auditSource(source: string, file: string): FileReport {
  const tokens = numberTokens(source);
  const markers = parseMarkers(source, file);
  const prose = proseOnly(source);
  const byBlock = new Map<number, { marker: Set<string>; calc: Set<string> }>();
  for (const e of markers) {
    const b = byBlock.get(e.block) ?? { marker: new Set(), calc: new Set() };
    byBlock.set(e.block, b);
    const set = e.path.startsWith('calc(') ? b.calc : b.marker;
    for (const v of [...e.values.map((x) => x.split(' ')[0]), ...setupNumbers(e.path)]) set.add(key(v));
  }
  const showMe = parseShowMe(source, file);
  const allowed: [number, number][] = [];
  for (const a of NUMBER_ALLOW_LIST) {
    if (a.files && !a.files.includes(file)) continue;
    for (const m of prose.matchAll(a.re)) allowed.push([m.index, m.index + m[0].length]);
  }
  const report: FileReport = { unmarked: [], markers, counts: { showMe: 0, marker: 0, calc: 0, allowed: 0, notReplayed: 0 } };
  const notReplayed: [number, number][] = NOT_REPLAYED.filter((n) => n.file === file).flatMap((n) =>
    [...prose.matchAll(n.re)].map((m): [number, number] => [m.index, m.index + m[0].length]),
  );
  for (const t of tokens) {
    const v = key(t.text);
    const b = byBlock.get(t.block);
    if (b?.marker.has(v)) report.counts.marker++;
    else if (b?.calc.has(v)) report.counts.calc++;
    else if (showMe.some((s) => t.at > s.at - 900 && t.at < s.end + 900 && setupNumbers(source.slice(s.at, s.end)).includes(v)))
      report.counts.showMe++;
    else if (allowed.some(([a, z]) => t.at >= a && t.end <= z)) report.counts.allowed++;
    else if (notReplayed.some(([a, z]) => t.at >= a && t.end <= z)) report.counts.notReplayed++;
    else {
      const line = source.slice(0, t.at).split('\n').length;
      report.unmarked.push({
        text: t.text,
        line,
        context: prose
          .slice(Math.max(0, t.at - 40), t.end + 40)
          .replace(/\s+/g, ' ')
          .trim(),
      });
    }
  }
  return report;
}

/** Replays one marker entry; throws with a message when the app gives another number. */
export async function checkMarker(e: MarkerEntry, source: string): Promise<void> {
  const printed = new Set(
    numberTokens(source)
      .filter((t) => t.block === e.block)
      .map((t) => key(t.text)),
  );
  const blockText = proseOnly(source).slice(...blockSpan(source, e.block));
  for (const v of e.values) {
    const word = /^\S+ \((\w+)\)$/.exec(v)?.[1];
    const ok = word ? blockText.includes(word) : printed.has(key(v));
    expect(ok, `${e.file}: marker "${e.path}" value ${v} is not printed in its block`).toBe(true);
  }
  if (e.path.startsWith('race.')) return checkRace(e, source);
  if (e.path === 'showme') {
    // quoted (or set up) by a <ShowMe> of this section, whose quotes lesson-numbers.test.ts replays
    const inTags = new Set(parseShowMe(source, e.file).flatMap((t) => setupNumbers(source.slice(t.at, t.end))));
    for (const v of e.values) expect(inTags.has(key(v)), `${e.file}: ${v} is in no <ShowMe> of the section`).toBe(true);
    return;
  }
  const got = await replay(e.path, e.file);
  const vec = Array.isArray(got) ? got : [got];
  expect(vec.length, `${e.file}: ${e.path} has ${vec.length} values, the marker ${e.values.length}`).toBe(e.values.length);
  e.values.forEach((v, i) =>
    expect(matchesPrinted(vec[i], v.split(' ')[0]), `${e.file}: ${e.path}[${i}] is ${vec[i]}, the prose prints ${v}`).toBe(true),
  );
}

const lessonFiles = readdirSync(lessonsDir).filter((f) => f.endsWith('.mdx'));
const sources = Object.fromEntries(lessonFiles.map((f) => [f, readFileSync(join(lessonsDir, f), 'utf8')]));

describe('every number in lesson prose is checked', () => {
  for (const f of lessonFiles) {
    const report = auditSource(sources[f], f);
    it(`${f}: every number is quoted, marked, derived or allowed${PENDING.includes(f) ? ' (pending: markers replayed only)' : ''}`, async () => {
      for (const e of report.markers) await checkMarker(e, sources[f]);
      if (!PENDING.includes(f)) expect(report.unmarked, `${f}: unmarked numbers`).toEqual([]);
    });
  }

  it('the pending list only names lessons that exist', () => {
    for (const f of PENDING) expect(lessonFiles).toContain(f);
  });

  it('catches a wrong marked number in a fixture lesson', async () => {
    const src = readFileSync(join(fixturesDir, 'wrong-number.mdx'), 'utf8');
    const report = auditSource(src, 'wrong-number.mdx');
    expect(report.unmarked).toEqual([]);
    const results = await Promise.allSettled(report.markers.map((e) => checkMarker(e, src)));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [report.markers[i].path] : []));
    expect(failed).toEqual(['params(lstm, 3, 4)', 'hand.h[2]']);
  });

  it('catches an unmarked number in a fixture lesson', () => {
    const src = readFileSync(join(fixturesDir, 'unmarked-number.mdx'), 'utf8');
    expect(auditSource(src, 'unmarked-number.mdx').unmarked.map((u) => u.text)).toEqual(['0.237']);
  });
});
