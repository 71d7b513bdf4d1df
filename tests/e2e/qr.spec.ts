import type { Page } from '@playwright/test';
import jsQR from 'jsqr';
import { test, expect, axeScan, WCAG_TAGS, simIn, ready, deckSettled } from './fixtures';

/**
 * "Continue on your device" (issue 28, item 2): Q in the deck shows a QR code of the reading
 * page's link to what is on screen, the link in text beneath it. The code is read back from the
 * pixels the page shows and decoded (jsQR); the decoded link then opens the reading page at that
 * simulator, with its settings and step.
 */

// the CPU backend: SwiftShader's WebGL is slower
test.use({ enginePref: 'cpu' });

/** The QR code on screen, decoded from its image's pixels (4 px a module, drawn onto a canvas in the page). */
async function decodeQr(page: Page): Promise<{ decoded: string | null; alt: string; shown: string }> {
  const img = page.getByTestId('qr-image');
  await expect(img).toBeVisible();
  const px = await img.evaluate(async (el: HTMLImageElement) => {
    await el.decode();
    const w = Math.round(el.naturalWidth / 4);
    const c = document.createElement('canvas');
    c.width = c.height = w;
    const ctx = c.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(el, 0, 0, w, w);
    return { w, data: Array.from(ctx.getImageData(0, 0, w, w).data) };
  });
  const code = jsQR(Uint8ClampedArray.from(px.data), px.w, px.w);
  return {
    decoded: code?.data ?? null,
    alt: (await img.getAttribute('alt')) ?? '',
    shown: (await page.getByTestId('qr-link').textContent()) ?? '',
  };
}

/** Decodes until the code shows `want` (it is redrawn as the slide or the simulator moves), and checks its alt text and the link in text. */
async function expectQr(page: Page, want: RegExp | string): Promise<string> {
  let last: Awaited<ReturnType<typeof decodeQr>> | null = null;
  await expect
    .poll(async () => {
      last = await decodeQr(page);
      return last.decoded;
    })
    .toEqual(typeof want === 'string' ? want : expect.stringMatching(want));
  const { decoded, alt, shown } = last!;
  expect(alt).toBe(`QR code of the link ${decoded}`);
  // the link in text is the same link without its protocol
  expect(decoded).toBe(`http://${shown}`);
  return decoded!;
}

test('Q on a simulator slide: the code decodes to the reading page’s link to that simulator with its settings and step; it follows the clicker; the link opens the reading page there', async ({
  page,
  baseURL,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  // onto the simulator's slide by the clicker (its first click: the backward pass from C_1)
  await page.goto('./#/present/bptt/2');
  await deckSettled(page);
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/#\/present\/bptt\/3/);
  await deckSettled(page);
  const sim = page.locator('.slide-current [data-testid="simulator"]');
  // a setting changed in the slide's ⚙ popover: T = 14
  await sim.getByTestId('sim-settings-button').click();
  const pop = sim.getByTestId('sim-settings-popover');
  await expect(pop).toBeVisible();
  await pop.getByTestId('sim-steps').fill('14');
  await page.keyboard.press('Escape');
  await expect(pop).toBeHidden();
  await page.locator('.present-stage').focus();
  // and the clicker steps it, two clicks through the backward pass (its positions need not be every t)
  const stepOf = async () => Number(await sim.getAttribute('data-step'));
  const click = async () => {
    const before = await stepOf();
    await page.keyboard.press('ArrowRight');
    await expect.poll(stepOf).toBeGreaterThan(before);
    return stepOf();
  };
  await click();
  // data-step counts from 0; the link's t, like the step shown ("3 of 14"), from 1
  const t = (await click()) + 1;
  await expect(sim).toHaveAttribute('data-phase', 'backward');
  await expect.poll(() => page.url()).toContain(`bptt.t=${t}`);
  const deckQuery = new URL(page.url()).hash.split('?')[1];
  expect(deckQuery).toContain('bptt.T=14');

  await page.keyboard.press('q');
  const dialog = page.getByRole('dialog', { name: 'Continue on your device' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Close (Q)' })).toBeFocused();
  // the reading page (not the deck) at this app's origin and base path, at the simulator, with its state
  const link = await expectQr(page, new RegExp(`^${baseURL!.replace(/[.?]/g, '\\$&')}#/bptt\\?v=1&at=bptt&`));
  expect(link).toBe(`${baseURL}#/bptt?v=1&at=bptt&${deckQuery.replace(/^v=1&/, '')}`);
  for (const part of ['bptt.T=14', `bptt.t=${t}`]) expect(link).toContain(part);
  // large: at least 600 canvas px square (the canvas is shown at 1280 / 1920 here), black on white
  const scale = Number(await page.locator('.present-frame').getAttribute('data-scale'));
  const box = (await page.getByTestId('qr-image').boundingBox())!;
  expect(box.width / scale).toBeGreaterThanOrEqual(600);
  expect(box.height / scale).toBeGreaterThanOrEqual(600);
  await expect(page.locator('.qr-code')).toHaveCSS('background-color', 'rgb(255, 255, 255)');

  // axe on the open overlay
  const res = await axeScan(page, { tags: WCAG_TAGS, include: '[data-testid="qr-overlay"]' });
  expect(res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // the clicker goes on under it, and the code follows
  const t2 = (await click()) + 1;
  await expect(dialog).toBeVisible();
  const moved = await expectQr(page, new RegExp(`bptt\\.t=${t2}(&|$)`));
  expect(moved).toContain('bptt.T=14');

  // Esc closes it and keeps presenting; the focus is back on the stage
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/#\/present\/bptt\/3/);
  await expect(page.locator('.present-stage')).toBeFocused();
  // Q closes it too, and the bar's button opens it
  await page.keyboard.press('Q');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Q');
  await expect(dialog).toBeHidden();
  await page.getByTestId('qr-button').click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // the decoded link, opened: the reading page, scrolled to that simulator, with T = 14 and that t
  await page.goto(moved);
  await expect(page.locator('[data-lesson="bptt"]')).toBeVisible();
  await expect(page.locator('.present-stage')).toHaveCount(0);
  const read = simIn(page, 'bptt');
  await ready(read);
  await expect(read.getByTestId('sim-steps')).toHaveValue('14');
  await expect(read.getByTestId('sim-step-output')).toHaveText(`${t2} of 14`);
  await expect(read).toHaveAttribute('data-phase', 'backward');
  const fig = page.locator('figure[data-simulator="bptt"]');
  await expect(fig).toBeFocused();
  await expect(fig).toBeInViewport();
  // at the top of the window (below the sticky header), not somewhere on the page
  await expect.poll(async () => (await fig.boundingBox())!.y).toBeLessThan(150);
  await expect.poll(async () => (await fig.boundingBox())!.y).toBeGreaterThanOrEqual(0);
  // the at= is spent: the URL then follows the simulator, as any reading page's does
  await expect.poll(() => page.url()).not.toContain('at=bptt');
  expect(page.url()).toContain('bptt.T=14');
  void consoleErrors; // checked by the fixture after the test
});

test('a text slide’s code links its section; the key map lists Q; the clicker moves slides with the code open and the code follows; black on white in every theme', async ({
  page,
  baseURL,
  consoleErrors,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('./#/present/bptt/2');
  await deckSettled(page);

  await page.keyboard.press('Shift+?');
  const keymap = page.getByRole('dialog', { name: 'Keyboard' });
  await expect(keymap).toBeVisible();
  await expect(keymap.locator('tr', { hasText: 'Continue on your device' }).locator('kbd')).toHaveText('Q');
  await page.keyboard.press('Escape');
  await expect(keymap).toBeHidden();

  await page.keyboard.press('q');
  const dialog = page.getByRole('dialog', { name: 'Continue on your device' });
  await expect(dialog).toBeVisible();
  await expectQr(page, `${baseURL}#/bptt`);
  // → with it open: the next slide (the simulator's), and the code now links the simulator
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/#\/present\/bptt\/3/);
  await deckSettled(page);
  await expect(dialog).toBeVisible();
  const simLink = await expectQr(page, /#\/bptt\?v=1&at=bptt(&|$)/);
  expect(simLink.startsWith(`${baseURL}#/bptt?v=1&at=bptt`)).toBe(true);
  // ← back to the text slide
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/#\/present\/bptt\/2/);
  await expectQr(page, `${baseURL}#/bptt`);

  // every theme (T): the code stays black on white, its quiet zone white, and it decodes
  for (let i = 0; i < 3; i++) {
    const theme = await page.locator('html').getAttribute('data-theme');
    await expect(page.locator('.qr-code')).toHaveCSS('background-color', 'rgb(255, 255, 255)');
    const corner = await page.getByTestId('qr-image').evaluate(async (el: HTMLImageElement) => {
      await el.decode();
      const c = document.createElement('canvas');
      c.width = el.naturalWidth;
      c.height = el.naturalHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(el, 0, 0);
      return Array.from(ctx.getImageData(2, 2, 1, 1).data);
    });
    expect(corner, `quiet zone in theme ${theme}`).toEqual([255, 255, 255, 255]);
    await expectQr(page, `${baseURL}#/bptt`);
    await page.keyboard.press('t');
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', theme ?? '');
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/#\/present\/bptt\/2/);
  void consoleErrors;
});
