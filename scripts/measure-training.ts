import * as tf from '@tensorflow/tfjs';
import { sanitizeConfig, type CellKind } from '../src/train/config';
import { buildModel, trainStep, evaluate } from '../src/train/model';
import { trainStream, validationSet, baselineLoss } from '../src/train/tasks';
const over = JSON.parse(process.argv[2] ?? '{}');
const cells = (process.argv[3] ?? 'rnn,lstm,gru').split(',') as CellKind[];
await tf.setBackend('cpu');
const cfg = sanitizeConfig(over).config;
const next = trainStream(cfg.task, cfg.T, cfg.batchSize, cfg.seed);
const val = validationSet(cfg.task, cfg.T, 256, cfg.seed);
const base = baselineLoss(next(), val);
const ms = cells.map((c) => buildModel(c, cfg));
const solved: Record<string, number | null> = {};
const t0 = Date.now();
const times: Record<string, number> = {};
for (let s = 1; s <= cfg.stepBudget; s++) {
  const b = next();
  ms.forEach((m) => {
    const a = performance.now();
    trainStep(m, b);
    times[m.cell] = (times[m.cell] ?? 0) + performance.now() - a;
  });
  if (s % 10 === 0) {
    const ls = ms.map((m) => evaluate(m, val));
    ms.forEach((m, i) => {
      if (solved[m.cell] == null && ls[i] < base / 10) solved[m.cell] = s;
    });
    if (s % 50 === 0) console.log(s, ls.map((l) => l.toFixed(4)).join(' '), ((Date.now() - t0) / 1000).toFixed(1) + 's');
  }
}
console.log(
  JSON.stringify(cfg),
  'baseline',
  base.toFixed(4),
  'solved',
  JSON.stringify(solved),
  'ms/step',
  JSON.stringify(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, (v / cfg.stepBudget).toFixed(1)]))),
);
