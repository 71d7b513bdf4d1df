import { readFileSync } from 'node:fs';
import { test, expect, ready } from './fixtures';

/**
 * The embed's layout (issue 30, item 8): in the README's iframe the simulator's picture comes first,
 * the equations and controls after it.
 */
test.describe('embed layout', () => {
  // an embed on another site: the engine choice stays the embed's own default
  test.use({ enginePref: null });
  test("the README's embed, at the README's iframe size: the picture is on screen before any scroll, the equations and controls follow it", async ({
    page,
    consoleErrors,
  }) => {
    // the iframe of the README's "Embedding" example: its size and its link
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const tag = readme.match(/<iframe id="unrolled"[^>]*>/)![0];
    const width = Number(tag.match(/width="(\d+)"/)![1]);
    const height = Number(tag.match(/height="(\d+)"/)![1]);
    const hash = tag.match(/src="[^"#]*(#\/embed\/[^"]+)"/)![1].replaceAll('&amp;', '&');
    expect([width, height]).toEqual([960, 900]);
    await page.setViewportSize({ width, height });
    await page.goto(`./${hash}`);
    const sim = page.locator('[data-testid="simulator"]');
    await ready(sim);
    const hero = sim.getByTestId('sim-embed-hero');
    await expect(hero).toHaveAttribute('data-hero', 'gradient');
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    // the BPTT chain and the log plot: each begins inside the frame and at least its top half is in it
    for (const svg of [hero.locator('svg.dv-chain'), hero.locator('svg.dv-plot')]) {
      const box = (await svg.boundingBox())!;
      expect(box.height).toBeGreaterThan(100);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height / 2).toBeLessThan(height);
    }
    // everything else is still there, after the picture: the transport, the equations, the unrolled
    // network, the input connectivity (issue 24), the share bar and the settings
    const order = await sim.evaluate((root) =>
      [
        '[data-testid="sim-embed-hero"]',
        '.sim-transport',
        '.dv-eq-math',
        '[data-testid="unrolled-view"]',
        '[data-testid="connectivity-view"]',
        '.sim-share',
        '.sim-settings',
      ].map((sel) => {
        const el = root.querySelector(sel);
        return el ? Math.round(el.getBoundingClientRect().top) : null;
      }),
    );
    expect(order.every((y) => y !== null)).toBe(true);
    expect([...order].sort((a, b) => a! - b!)).toEqual(order);
    // one BPTT view only: the hero is not drawn a second time below
    await expect(sim.locator('.dv-grad-view')).toHaveCount(1);
    // the keyboard reaches the controls below the fold
    await sim.getByTestId('sim-weight-scale').focus();
    await expect(sim.getByTestId('sim-weight-scale')).toBeFocused();
    await expect(sim.getByTestId('sim-weight-scale')).toBeInViewport();
    expect(consoleErrors).toEqual([]);
  });
});
