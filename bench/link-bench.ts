// Link codec bench (npm run bench runs it first; alone: npx tsx bench/link-bench.ts): encode + decode
// time and URL length of the largest states, medians over repeated runs in this process, against
// the smallest non-default state as a baseline.
import { decodeQuery, encodeSims, hashWith, type LinkedSim } from '../src/sim/link';
import { PRESETS } from '../src/sim/settings';

function big(text: string): LinkedSim {
  const p = PRESETS.bidirectional;
  return {
    preset: 'bidirectional',
    settings: {
      ...p.settings,
      cell: 'lstm',
      merge: 'mul',
      units: 16,
      steps: 59,
      inputPreset: 'typed',
      typedText: text,
      seed: 2147483646,
      weightScale: 2.9512345678901233,
      inputScale: 0.123456789012345,
      recurrentActivation: 'hardSigmoid',
      forgetBias: -2.75,
    },
    playback: { step: 58, playing: false, phase: 'backward', lossStep: 58, speed: 11.75 },
  };
}
const cases: [string, LinkedSim[]][] = [
  ['baseline: one changed value (bptt, T = 40)', [{ ...PRESETS.bptt, preset: 'bptt', settings: { ...PRESETS.bptt.settings, steps: 40 } }]],
  [
    'largest valid sequence: 60 typed numbers like −9.87, every setting changed',
    [big(Array.from({ length: 60 }, (_, i) => (i % 2 ? '-' : '') + (9.87 - i / 10).toFixed(2)).join(', '))],
  ],
  ['largest storable: 2,000-character typed text of emoji (4-byte, 12 chars escaped)', [big('😀'.repeat(1000))]],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const rows: string[][] = [];
let baseUs = 0;
for (const [name, sims] of cases) {
  const times: number[] = [];
  let len = 0;
  for (let rep = 0; rep < 41; rep++) {
    const n = 200;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const q = encodeSims(sims);
      len = q.length;
      const back = decodeQuery(q);
      if (!back.sims[sims[0].preset]) throw new Error(`${name}: did not decode`);
    }
    times.push(((performance.now() - t0) / n) * 1000);
  }
  const us = median(times.slice(1));
  if (!baseUs) baseUs = us;
  rows.push([name, us.toFixed(1), (us / baseUs).toFixed(1) + '×', String(len), String(hashWith('#/bidirectional', sims).length)]);
}
console.log('\n## Link codec: encode + decode (median of 40 × 200 runs)\n');
console.log('| state | µs per encode+decode | vs baseline | query chars | hash chars |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
