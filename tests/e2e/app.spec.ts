import { test, expect, engineBackend } from './fixtures';

test.describe('the built app on a static sub-path', () => {
  test('loads, runs a real trace on WebGL and shows the backend', async ({ page, consoleErrors }) => {
    await page.goto('./');
    // The empty hash lands on the first section.
    await expect(page).toHaveURL(/#\/welcome$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/welcome/i);

    // A page without a simulator never starts the engine (no worker, no tfjs).
    await expect(page.getByTestId('backend-badge')).toHaveText(/Engine: idle/);
    const scriptsNow = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => n.endsWith('.js')),
      );
    expect((await scriptsNow()).filter((n) => /\/worker-[\w-]+\.js$/.test(n))).toEqual([]);

    // On a simulator page the badge is filled in by a real simulate() call, in the engine's worker.
    await page.goto('./#/bptt');
    expect(await engineBackend(page)).toBe('webgl');
    await expect(page.getByTestId('backend-badge')).toHaveText(/Engine: WebGL · [\d.]+ ms/);
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-mode', 'worker');

    // The engine really is a separate chunk (the worker), loaded after the first paint.
    expect((await scriptsNow()).filter((n) => /\/worker-[\w-]+\.js$/.test(n)).length).toBe(1);
    expect(consoleErrors).toEqual([]);
  });

  test('assets are requested relative to the sub-path', async ({ page }) => {
    const outside: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.host.startsWith('127.0.0.1') && !u.pathname.startsWith('/courses/kldl/unrolled/')) outside.push(u.pathname);
    });
    await page.goto('./#/lstm');
    await expect(page.locator('[data-lesson="lstm"]')).toBeVisible();
    expect(outside).toEqual([]);
  });

  test('a tampered URL shows a clear message, not a blank page', async ({ page, consoleErrors }) => {
    await page.goto('./#/no-such-section');
    await expect(page.getByRole('alert')).toContainText('There is no section called “no-such-section”');
    await page.goto('./#/%E0%A4%A');
    await expect(page.getByRole('alert')).toContainText('not a valid section address');
    await page.getByRole('link', { name: 'start at the beginning' }).click();
    await expect(page).toHaveURL(/#\/welcome$/);
    expect(consoleErrors).toEqual([]);
  });
});
