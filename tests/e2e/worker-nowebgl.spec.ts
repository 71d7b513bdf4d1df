import { chromiumArgs, findChromium } from '../../scripts/chromium.mjs';
import { test, expect, openSection, engineBackend } from './fixtures';

/** Issue 11: where WebGL is missing, the engine's worker computes on its CPU backend and says why. */
test.use({
  launchOptions: { executablePath: findChromium() ?? undefined, args: [...chromiumArgs, '--disable-gpu', '--disable-software-rasterizer'] },
});

test('without WebGL the worker computes on its CPU backend and says why', async ({ page, consoleErrors }) => {
  await openSection(page, 'bptt');
  const sim = page.locator('[data-simulator="bptt"] [data-testid="simulator"]');
  await expect(sim).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  expect(await engineBackend(page)).toBe('cpu');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-mode', 'worker');
  await expect(badge).toHaveAttribute('title', /Simulators run on the CPU because .*WebGL/);
  await expect(sim.getByTestId('sim-status')).toHaveAttribute('data-backend', 'cpu');
  // the CPU backend computes on the engine's plain typed-array path, and says so
  await expect(sim.getByTestId('sim-status')).toHaveAttribute('data-cpu-path', 'plain');
  await expect(badge).toHaveAttribute('data-cpu-path', 'plain');
  await expect(badge).toHaveAttribute('title', /plain typed-array JavaScript/);
  expect(consoleErrors).toEqual([]);
});
