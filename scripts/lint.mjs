#!/usr/bin/env node
/**
 * `npm run lint`: every guard rail in turn — ESLint (lint:code), the layering rules (lint:deps),
 * long files say why (lint:size), Prettier (format:check) — and all of them even when one fails,
 * so a run shows every problem at once. Exits non-zero if any failed.
 */
import { spawnSync } from 'node:child_process';

const steps = ['lint:code', 'lint:deps', 'lint:size', 'format:check'];
const failed = [];
for (const step of steps) {
  const r = spawnSync('npm', ['run', '--silent', step], { stdio: 'inherit' });
  if (r.status !== 0) failed.push(step);
}
console.log(failed.length ? `lint: ${failed.join(', ')} failed (of ${steps.join(', ')})` : `lint: ${steps.join(', ')} passed`);
process.exit(failed.length ? 1 : 0);
