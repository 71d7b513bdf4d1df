/**
 * The view kit in a real browser: one flow clock drives the unrolled strip and the BPTT chain, so
 * the two show the same front at the same moment while the backward flow plays (before the kit they
 * ran on requestAnimationFrame and setInterval at different speeds), and the replay restarts both.
 */
import { test, expect, openSim } from './fixtures';

test('the unrolled strip and the BPTT chain animate the backward flow in step', async ({ page, consoleErrors }) => {
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const sim = await openSim(page, 'bptt', 'bptt');
  await expect(sim).toHaveAttribute('data-phase', 'backward');
  const strip = sim.getByTestId('uv-flow');
  const chain = sim.locator('.dv-grad-view');
  await expect(chain).toHaveAttribute('data-front', '-1');
  await expect(strip).toHaveAttribute('data-front', '0');
  const replay = sim.getByRole('button', { name: 'Replay the flow' });
  await replay.click();
  // sample both fronts in one task, many times while the flow runs: they must always agree
  const samples = await sim.evaluate(async (root) => {
    const out: { strip: number; chain: number }[] = [];
    const t0 = performance.now();
    while (performance.now() - t0 < 4000) {
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const s = root.querySelector('[data-testid="uv-flow"]');
      const c = root.querySelector('.dv-grad-view');
      if (!s || !c) continue;
      out.push({ strip: Number(s.getAttribute('data-front')), chain: Number(c.getAttribute('data-front')) });
      if (out.length > 2 && Number(c.getAttribute('data-front')) === -1) break;
    }
    return out;
  });
  const moving = samples.filter((s) => s.chain >= 0);
  expect(moving.length).toBeGreaterThan(3);
  // more than one distinct front seen: it really animated
  expect(new Set(moving.map((s) => s.chain)).size).toBeGreaterThan(2);
  for (const s of samples) expect(s.strip).toBe(Math.max(0, s.chain));
  await expect(chain).toHaveAttribute('data-front', '-1');
  await expect(strip).toHaveAttribute('data-front', '0');
  await expect(replay).toBeEnabled();
  expect(consoleErrors).toEqual([]);
});
