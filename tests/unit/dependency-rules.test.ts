/**
 * The layering rules (.dependency-cruiser.cjs) fail on a violation: cruised over a fixture tree
 * (tests/fixtures/depcruise) that breaks each rule once, every break is reported under the rule's
 * name, and the allowed import is not; the real src/ and lessons/ pass.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;

async function run(baseDir: string, paths: string[]) {
  const { tsConfig: _tsConfig, ...options } = config.options ?? {};
  const out = await cruise(paths, { ...options, baseDir, ruleSet: { forbidden: config.forbidden }, validate: true });
  const result = out.output as ICruiseResult;
  return result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to, cycle: v.cycle?.map((c) => c.name) }));
}

describe('dependency rules', () => {
  it('report each violation of the fixture tree under its rule', async () => {
    const v = await run(`${root}tests/fixtures/depcruise`, ['src']);
    const has = (rule: string, from: string, to: RegExp) => v.some((x) => x.rule === rule && x.from === from && to.test(x.to));
    expect(has('engine-imports-down', 'src/engine/maths.ts', /^src\/views\/chart\.ts$/)).toBe(true);
    expect(has('sim-imports-down', 'src/sim/up.ts', /^src\/store\/a\.ts$/)).toBe(true);
    expect(has('store-imports-down', 'src/store/c.ts', /^src\/views\/chart\.ts$/)).toBe(true);
    expect(has('views-imports-down', 'src/views/page.ts', /^src\/app\/shell\.ts$/)).toBe(true);
    expect(has('train-imports-down', 'src/train/t.ts', /^src\/store\/c\.ts$/)).toBe(true);
    expect(has('src-not-to-tests-or-bench', 'src/views/chart.ts', /^tests\/helper\.ts$/)).toBe(true);
    expect(has('tfjs-stays-in-the-worker', 'src/views/eager.ts', /^src\/engine\/index\.ts$/)).toBe(true);
    // the type-only import and the dynamic import of the same module are allowed
    expect(v.filter((x) => x.from === 'src/views/eager.ts')).toHaveLength(1);
    expect(has('models-are-react-free', 'src/sim/model.ts', /node_modules\/react\//)).toBe(true);
    const cycle = v.find((x) => x.rule === 'no-circular');
    expect(cycle?.from).toMatch(/^src\/store\/[ab]\.ts$/);
    expect(cycle?.cycle).toEqual(expect.arrayContaining([expect.stringMatching(/^src\/store\/[ab]\.ts$/)]));
    // sim → engine and train → sim point down: allowed
    expect(v.some((x) => x.from === 'src/sim/clean.ts')).toBe(false);
    expect(v.some((x) => x.from === 'src/train/t.ts' && x.to === 'src/sim/clean.ts')).toBe(false);
    // every rule of the config is shown failing, and nothing else is reported
    expect(new Set(v.map((x) => x.rule))).toEqual(new Set((config.forbidden ?? []).map((r) => r.name)));
    expect(v).toHaveLength(9);
  });

  it('pass on the real source tree', async () => {
    const v = await run(root, ['src', 'lessons']);
    expect(v).toEqual([]);
  });
});
