import { describe, expect, it } from 'vitest';
import type { SimulatorPreset } from '../../lessons/types';
import { mulberry32 } from '../../src/engine/init';
import { parseHash } from '../../src/store/route';
import { decodeQuery, encodeSims, hashWith, isAtDefaults, LINK_VERSION, MAX_HASH_CHARS, splitHash, type LinkedSim } from '../../src/sim/link';
import { PLAYBACK_DECLS, SETTING_DECLS, type Decl } from '../../src/sim/schema';
import { checkPlayback, checkSettings, effectiveSteps, PRESETS } from '../../src/sim/settings';
import { parseTypedSequence } from '../../src/sim/inputs';
import { applySettings, defaultInstance } from '../../src/store/simulator';

const IDS = Object.keys(PRESETS) as SimulatorPreset[];
type Rand = () => number;

function pick<T>(r: Rand, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/** Text a student might type, with the characters a URL has to escape. */
function randomText(r: Rand): string {
  const alphabet = ['0', '1', '-', '.', ',', ' ', '3', '&', '=', '?', '#', '%', '+', '/', 'é', '∂', '😀', '\n', '"', '<', '>'];
  const n = Math.floor(r() * 40);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(r, alphabet);
  return s;
}

function randomValue(r: Rand, d: Decl, key: string, id: SimulatorPreset, T: number): unknown {
  switch (d.type) {
    case 'int': {
      const min = typeof d.min === 'function' ? d.min({ defaults: {}, cells: [], T }) : d.min;
      const max = typeof d.max === 'function' ? d.max({ defaults: {}, cells: [], T }) : d.max;
      return min + Math.floor(r() * (max - min + 1));
    }
    case 'number':
      return r() < 0.3 ? d.min + Math.round((r() * (d.max - d.min)) / d.step) * d.step : d.min + r() * (d.max - d.min);
    case 'seed':
      return Math.floor(r() * (d.max + 1));
    case 'enum':
      return key === 'cell' ? pick(r, PRESETS[id].cells) : pick(r, d.options).value;
    case 'bool':
      return r() < 0.5;
    case 'text':
      return randomText(r);
  }
}

/** A random valid simulator state (what the store can hold). */
export function randomSim(r: Rand, id: SimulatorPreset = pick(r, IDS)): LinkedSim {
  const p = PRESETS[id];
  const settings = { ...p.settings } as Record<string, unknown>;
  for (const [k, d] of Object.entries(SETTING_DECLS)) if (d.url && r() < 0.6) settings[k] = randomValue(r, d, k, id, 0);
  if (settings.inputPreset === 'typed' && r() < 0.7) {
    const n = 1 + Math.floor(r() * 60);
    settings.typedText = Array.from({ length: n }, () => (Math.round((r() * 20 - 10) * 100) / 100).toString()).join(r() < 0.5 ? ', ' : ' ');
  }
  const s = checkSettings(settings, id).value;
  const T = effectiveSteps(s);
  const playback = { ...p.playback } as Record<string, unknown>;
  for (const [k, d] of Object.entries(PLAYBACK_DECLS)) if (d.url && r() < 0.6) playback[k] = randomValue(r, d, k, id, T);
  let pb = checkPlayback(playback, T, p.playback).value;
  pb = { ...pb, playing: false };
  if (pb.phase === 'backward') pb = { ...pb, lossStep: pb.step };
  return { preset: id, settings: s, playback: pb };
}

describe('link codec', () => {
  it('random valid states → encode → decode → the same state (5,000 cases)', () => {
    const r = mulberry32(20261201);
    for (let i = 0; i < 5000; i++) {
      const n = 1 + Math.floor(r() * 3);
      const sims = Array.from({ length: n }, () => randomSim(r));
      const unique = [...new Map(sims.map((s) => [s.preset, s])).values()];
      const q = encodeSims(unique);
      const back = decodeQuery(q);
      expect(back.notices).toEqual([]);
      for (const s of unique) {
        if (isAtDefaults(s)) expect(back.sims[s.preset]).toBeUndefined();
        else expect(back.sims[s.preset]).toEqual(s);
      }
      // and through the whole hash, the way the browser hands it back
      const hash = hashWith('#/bptt', unique);
      expect(parseHash(hash)).toEqual({ mode: 'read', slug: 'bptt' });
      expect(decodeQuery(splitHash(hash).query).sims).toEqual(back.sims);
    }
  });

  it('writes compact, readable keys and a version', () => {
    const sim: LinkedSim = {
      preset: 'vanishing',
      settings: { ...PRESETS.vanishing.settings, steps: 40, weightScale: 1.5 },
      playback: { ...PRESETS.vanishing.playback, step: 39, lossStep: 39 },
    };
    expect(encodeSims([sim])).toBe(`v=${LINK_VERSION}&vanishing.T=40&vanishing.w=1.5&vanishing.t=40&vanishing.c=40`);
    expect(encodeSims([sim], { bare: true })).toBe(`v=${LINK_VERSION}&T=40&w=1.5&t=40&c=40`);
    expect(decodeQuery('v=1&T=40&w=1.5&t=40', { bare: 'vanishing' }).sims.vanishing).toEqual(sim);
    // the typed sequence stays readable
    const typed: LinkedSim = {
      ...sim,
      settings: { ...sim.settings, inputPreset: 'typed', typedText: '0, 1, 0' },
      playback: PRESETS.vanishing.playback,
    };
    expect(encodeSims([typed])).toContain('vanishing.xs=0,+1,+0');
  });

  it('hand-written links: partial, without a version, in any order', () => {
    const { sims, notices } = decodeQuery('bptt.w=1.5&bptt.T=40&bptt.ph=backward&bptt.c=40');
    expect(notices).toEqual([]);
    expect(sims.bptt?.settings).toMatchObject({ weightScale: 1.5, steps: 40, units: PRESETS.bptt.settings.units });
    // backward: "backpropagate from C_40" is also t = 40
    expect(sims.bptt?.playback).toMatchObject({ phase: 'backward', step: 39, lossStep: 39 });
  });

  it('clamps and drops bad values with a notice naming each; ignores unknown keys', () => {
    const { sims, notices } = decodeQuery('v=1&bptt.u=999&bptt.w=abc&bptt.cell=lstm&bptt.zzz=1&nope.u=3&bptt.t=0&<img src=x>=1');
    expect(sims.bptt?.settings).toMatchObject({ units: 16, weightScale: 1, cell: 'rnn' });
    expect(sims.bptt?.playback.step).toBe(0);
    expect(notices).toEqual([
      'Backpropagation through time: cell “lstm” → “rnn”',
      'Backpropagation through time: units 999 → 16',
      'Backpropagation through time: weight scale “abc” → 1',
      'Backpropagation through time: t 0 → 1',
    ]);
  });

  it('refuses an oversize hash at once', () => {
    const huge = 'v=1&bptt.u=4&' + 'x'.repeat(100 * 1024);
    const { sims, notices } = decodeQuery(huge);
    expect(sims).toEqual({});
    expect(notices[0]).toMatch(/too long \(102,413 characters; at most 32,768\)/);
    expect(MAX_HASH_CHARS).toBe(32_768);
    expect(parseHash('#/bptt?' + huge)).toEqual({ mode: 'read', slug: 'bptt' });
  });

  it('a newer link version is read as far as it can be, with a notice', () => {
    const { sims, notices } = decodeQuery('v=9&bptt.u=5');
    expect(sims.bptt?.settings.units).toBe(5);
    expect(notices[0]).toMatch(/newer version of Unrolled \(link version 9\)/);
  });

  it('1,000+ malformed hashes: never throws, always valid state', () => {
    const r = mulberry32(99);
    const keys = [
      'v',
      ...IDS.flatMap((id) => ['u', 'T', 'w', 'x', 'xs', 'seed', 't', 'c', 'ph', 'cell', 'm', 'ra', 'bf', 'sp', 'wx'].map((k) => `${id}.${k}`)),
      'u',
      'zz',
      '.',
      '__proto__',
      'constructor.u',
      'bptt.__proto__',
    ];
    const junk = [
      '',
      '%',
      '%E0%A4%A',
      '%00',
      'NaN',
      '-Infinity',
      '1e309',
      '-0',
      '0x10',
      '[]',
      '{}',
      '<script>alert(1)</script>',
      '&&',
      '==',
      '?',
      '#',
      '🙂',
      '\u0000',
      '9'.repeat(400),
      'forward',
      'backward',
      'lstm',
      'typed',
      ' 3 ',
      '+',
    ];
    for (let i = 0; i < 3000; i++) {
      let q = '';
      const n = Math.floor(r() * 12);
      for (let j = 0; j < n; j++) {
        const k = r() < 0.1 ? randomText(r) : pick(r, keys);
        const v = r() < 0.3 ? randomText(r) : r() < 0.5 ? pick(r, junk) : String((r() - 0.5) * 10 ** Math.floor(r() * 12));
        q += (r() < 0.1 ? pick(r, ['&', '=', '?', '&&', '']) : '&') + k + (r() < 0.9 ? '=' : '') + v;
      }
      if (r() < 0.2) q = q.slice(0, Math.floor(r() * q.length)); // truncated
      const hash = `#/${pick(r, ['bptt', 'embed/lstm', 'present/gru', '', '%zz'])}?${q}`;
      let out!: ReturnType<typeof decodeQuery>;
      expect(() => parseHash(hash)).not.toThrow();
      expect(() => (out = decodeQuery(splitHash(hash).query, { bare: 'lstm' }))).not.toThrow();
      for (const [id, sim] of Object.entries(out.sims)) {
        const p = id as SimulatorPreset;
        // valid: checking it again changes nothing
        expect(checkSettings(sim!.settings, p)).toEqual({ value: sim!.settings, notices: [] });
        expect(checkPlayback(sim!.playback, effectiveSteps(sim!.settings), PRESETS[p].playback)).toEqual({ value: sim!.playback, notices: [] });
        expect(Object.keys(sim!.settings).sort()).toEqual(Object.keys(PRESETS[p].settings).sort());
      }
      for (const n of out.notices) expect(typeof n).toBe('string');
    }
  });

  it('pins the version-1 lesson defaults (changing one needs LINK_VERSION + 1 and a migration)', () => {
    const v1 = Object.fromEntries(IDS.map((id) => [id, { ...PRESETS[id].settings, ...PRESETS[id].playback }]));
    expect(v1.bptt).toMatchObject({ units: 4, steps: 10, phase: 'backward', step: 9, lossStep: 9, seed: 7, weightScale: 1 });
    expect(v1.vanishing).toMatchObject({ units: 8, steps: 30, phase: 'backward', step: 29 });
    expect(v1.lstm).toMatchObject({ cell: 'lstm', units: 4, steps: 8, forgetBias: 1, recurrentActivation: 'sigmoid' });
    expect(v1.compare).toMatchObject({ units: 8, steps: 20, inputPreset: 'impulse', lossStep: 19 });
    expect(v1['vanilla-cell']).toMatchObject({ units: 3, steps: 6, inputPreset: 'impulse', speed: 2, typedText: '0, 0, 0, 1, 0, 0, 0' });
  });
});

describe('a value the simulator cannot use never travels (issue 30, item 1)', () => {
  it('a link with a bad typed sequence opens on the lesson’s sequence, with a notice naming it and why', () => {
    const { sims, notices } = decodeQuery('v=1&vanilla-cell.x=typed&vanilla-cell.xs=1,+2,+x');
    const s = sims['vanilla-cell']!.settings;
    expect(s.inputPreset).toBe('typed');
    expect(s.typedText).toBe(PRESETS['vanilla-cell'].settings.typedText);
    expect(parseTypedSequence(s.typedText).ok).toBe(true);
    expect(effectiveSteps(s)).toBe(7);
    expect(notices).toEqual(['The vanilla RNN cell: typed sequence “1, 2, x” → “0, 0, 0, 1, 0, 0, 0”: “x” at position 3 is not a number.']);
    // every other reason a sequence is refused is refused the same way
    for (const bad of ['', '1,,2', '1, 99', Array(61).fill('1').join(','), '1,'.repeat(1500), 'NaN', '<b>1</b>']) {
      const r = checkSettings({ inputPreset: 'typed', typedText: bad }, 'bptt');
      expect(r.value.typedText).toBe(PRESETS.bptt.settings.typedText);
      expect(r.notices).toHaveLength(1);
      expect(r.notices[0]).toMatch(/^typed sequence “.*” → “0, 0, 0, 1, 0, 0, 0”: /);
    }
  });

  it('random texts: whatever is kept parses, so the first trace can always be computed (2,000 cases)', () => {
    const r = mulberry32(30);
    for (let i = 0; i < 2000; i++) {
      const id = pick(r, IDS);
      const s = checkSettings({ inputPreset: 'typed', typedText: randomText(r) }, id).value;
      expect(parseTypedSequence(s.typedText).ok).toBe(true);
    }
  });

  it('a rejected edit keeps the sequence in use, and the link made afterwards carries only that one', () => {
    const inst = defaultInstance('vanilla-cell');
    const good = applySettings(inst, { inputPreset: 'typed', typedText: '1, 0, 0, 0' });
    expect(effectiveSteps(good.settings)).toBe(4);
    const bad = applySettings(good, { inputPreset: 'typed', typedText: '1, 2, x' });
    expect(bad.settings).toEqual(good.settings);
    expect(effectiveSteps(bad.settings)).toBe(4);
    const hash = hashWith('/vanilla-cell', [bad]);
    const back = decodeQuery(splitHash(hash).query).sims['vanilla-cell']!;
    expect(back.settings.typedText).toBe('1, 0, 0, 0');
    expect(hash).not.toMatch(/x(?=&|$)/);
  });
});
