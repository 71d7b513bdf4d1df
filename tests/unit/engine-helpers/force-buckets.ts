/**
 * Opt-in setup file: runs the engine suites with shape buckets forced on (on the CPU they are off by
 * default). see buckets.config.ts
 */
import { afterAll } from 'vitest';
import { engineTestFlags as testHooks } from '../../../src/engine/testHooks';

testHooks.bucket = true;

// proof that the suites really ran bucketed: the padded runs are counted and printed per file
let padded = 0;
testHooks.onShapes = (s) => {
  if (testHooks.bucket) padded++;
  void s;
};
afterAll(() => console.log(`[force-buckets] ${padded} bucketed simulate() runs in this file`));
