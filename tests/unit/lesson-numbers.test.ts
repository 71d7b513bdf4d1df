/**
 * Every number a lesson quotes beside a "Show me" button is what the app computes for that setup:
 * each <ShowMe> in lessons/*.mdx is loaded into the store exactly as the button does it, the spec
 * is built and simulated by the real engine, and every quote must match to its printed precision.
 * The quoted text must also appear in the prose or table row around the button. (The browser test
 * tests/e2e/fidelity.spec.ts checks that the page then shows the same numbers.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as engine from '../../src/engine/index';
import type { Quote } from '../../src/lesson-kit/ShowMe';
import { useSimulatorStore } from '../../src/store/simulator';
import { buildSpec } from '../../src/sim/buildSpec';
import { cellParameters, PRESETS, type Playback, type SimSettings } from '../../src/sim/settings';
import { cellStateNorms, gradientNorms } from '../../src/views/kit/norms';
import { matchesQuote, parseShowMe, type ShowMeTag } from '../helpers/quotes';
import type { SimulatorPreset } from '../../lessons/types';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../lessons');
const files = readdirSync(dir).filter((f) => f.endsWith('.mdx'));
const sources = Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
const tags: ShowMeTag[] = files.flatMap((f) => parseShowMe(sources[f], f));

/** What the ShowMe button does to the store (ShowMe.tsx: load with the preset's defaults under the setup). */
function loadLikeShowMe(preset: SimulatorPreset, settings: Partial<SimSettings>, playback: Partial<Playback>) {
  const info = PRESETS[preset];
  const pb: Partial<Playback> = { ...info.playback, ...playback, playing: false };
  if (pb.phase === 'backward' && playback.step === undefined && playback.lossStep !== undefined) pb.step = playback.lossStep;
  useSimulatorStore.getState().load(preset, { preset, settings: { ...info.settings, ...settings }, playback: pb });
  return useSimulatorStore.getState().instances[preset];
}

async function valueOf(q: Quote, preset: SimulatorPreset, settings: Partial<SimSettings>, playback: Partial<Playback>): Promise<number> {
  const inst = loadLikeShowMe(preset, settings, playback);
  const spec = buildSpec(inst.settings, engine);
  const trace = await engine.simulate(spec);
  const L = inst.playback.lossStep;
  switch (q.of) {
    case 'dCdh':
    case 'dCdc': {
      const norms = q.of === 'dCdh' ? gradientNorms(trace, L) : cellStateNorms(trace, L)!;
      return norms[L - q.distance];
    }
    case 'sigma':
      return engine.spectralNorm(spec.weights.recurrentKernel);
    case 'gate':
      // c and h: the new cell and hidden state, columns of the same table
      return (q.gate === 'c' ? trace.c! : q.gate === 'h' ? trace.h : trace.gates[q.gate])[inst.playback.step][q.unit - 1];
    case 'params':
      return (inst.settings.bidirectional ? 2 : 1) * cellParameters(inst.settings.cell, 1, inst.settings.units, inst.settings.gruForm);
  }
}

describe('lesson numbers quoted beside a Show me button are what the engine computes', () => {
  it('the lessons have Show me buttons in the sections that quote measured numbers', () => {
    const inFiles = new Set(tags.map((t) => t.file));
    for (const f of ['04-vanilla-cell.mdx', '06-unrolled.mdx', '07-bptt.mdx', '08-vanishing-exploding.mdx', '09-lstm.mdx', '10-gru.mdx'])
      expect(inFiles, f).toContain(f);
    expect(tags.reduce((n, t) => n + ((t.props.quotes as Quote[] | undefined)?.length ?? 0), 0)).toBeGreaterThanOrEqual(30);
  });

  for (const tag of tags) {
    const label = `${tag.file}: ${String(tag.props.label)}`;
    it(label, async () => {
      const preset = tag.props.preset as SimulatorPreset;
      expect(Object.keys(PRESETS)).toContain(preset);
      const settings = (tag.props.settings ?? {}) as Partial<SimSettings>;
      const playback = (tag.props.playback ?? {}) as Partial<Playback>;
      // the setup is accepted as given (nothing clamped away by the sanitisers)
      const inst = loadLikeShowMe(preset, settings, playback);
      for (const [k, v] of Object.entries(settings)) expect(inst.settings[k as keyof SimSettings], `${label}: setting ${k}`).toEqual(v);
      if (playback.lossStep !== undefined) expect(inst.playback.lossStep).toBe(playback.lossStep);
      // the button is never a word of its sentence: a printed page leaves it out (issue 29, item 8:
      // "… a little.  loads this example into the simulator above" once printed)
      const after = sources[tag.file].slice(tag.end, tag.end + 80);
      expect(after, `${label}: the sentence reads on without the button`).not.toMatch(/^\s*[a-z]/);
      const around = sources[tag.file].slice(Math.max(0, tag.at - 900), tag.at) + sources[tag.file].slice(tag.end, tag.end + 900);
      for (const q of (tag.props.quotes ?? []) as Quote[]) {
        const v = await valueOf(q, preset, settings, playback);
        expect(matchesQuote(v, q.value), `${label}: ${JSON.stringify(q)} but the engine gives ${v}`).toBe(true);
        expect(around, `${label}: the text near the button quotes ${q.value}`).toContain(q.value);
      }
    });
  }

  it('the GRU section: with the lesson defaults z_t stays between 0.32 and 0.66 for the step input', async () => {
    const inst = loadLikeShowMe('gru', { inputPreset: 'step' }, {});
    const z = (await engine.simulate(buildSpec(inst.settings, engine))).gates.z.flat();
    expect(matchesQuote(Math.min(...z), '0.32')).toBe(true);
    expect(matchesQuote(Math.max(...z), '0.66')).toBe(true);
    expect(sources['10-gru.mdx']).toContain('between 0.32 and 0.66');
  });
});
