import type { BrowserContext, Locator, Page } from '@playwright/test';
import { test, expect, deckSettled } from './fixtures';

/**
 * Issue 29, "keys belong to the deck, always": every deck key works after a click anywhere on the
 * slide (▶ Play, a quiz answer), a control in the ⚙ Settings popover keeps its own arrows and Esc
 * closes the popover first, a typed slide number stays until Enter or Esc, the key map opens at
 * its top, and the audience screen hides its bar and cursor when the mouse is idle.
 */

test.use({ enginePref: 'cpu' });

/** The first slide of a section whose current slide has `selector`, as its hash. */
async function findSlide(page: Page, slug: string, selector: string): Promise<string> {
  for (let n = 1; n <= 12; n++) {
    await page.goto(`./#/present/${slug}/${n}`);
    await deckSettled(page);
    if ((await page.locator(`.slide-current ${selector}`).count()) > 0) return `#/present/${slug}/${n}`;
  }
  throw new Error(`no slide of ${slug} has ${selector}`);
}

/** Where the deck is: the slide and step in the URL, and the simulator's place on it. */
async function place(page: Page) {
  return page.evaluate(() => {
    const st = document.querySelector<HTMLElement>('.present-stage')!;
    const sim = st.querySelector<HTMLElement>('.slide-current [data-testid="simulator"]');
    return `${st.dataset.slug}/${st.dataset.slide}/${st.dataset.step} ${sim?.dataset.phase ?? ''}${sim?.dataset.step ?? ''}`;
  });
}

const jumpBuffer = (page: Page) => page.getByTestId('jump-buffer');

/**
 * Presses every deck key with the focus where `ready` leaves it (it goes back to the slide first
 * when a key has moved away) and checks each did its job.
 */
/** T (the next theme), F (full screen on and off) and S (the presenter view opens), each after `again()` puts the focus back where the test wants it. */
async function themeFullScreenPresenter(page: Page, context: BrowserContext, again: () => Promise<void>) {
  await again();
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.keyboard.press('t');
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).not.toBe(theme);
  await again();
  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(false);
  await again();
  const popup = context.waitForEvent('page');
  await page.keyboard.press('s');
  const notes = await popup;
  await expect(notes).toHaveURL(/#\/notes\//);
  await notes.close();
}

async function everyKeyWorks(page: Page, context: BrowserContext, hash: string, ready: () => Promise<void>) {
  const again = async () => {
    if (!page.url().endsWith(hash)) {
      await page.goto(`./${hash}`);
      await deckSettled(page);
    }
    await ready();
  };
  // the clicker: each moves the deck (a step of the simulator, a list item or a slide)
  for (const key of ['ArrowRight', 'PageDown', ' ', 'ArrowLeft', 'PageUp', 'Shift+Space']) {
    await again();
    const before = await place(page);
    await page.keyboard.press(key);
    await expect.poll(() => place(page), { message: `${key} moves the deck` }).not.toBe(before);
  }
  // blackout, and any key brings the slide back
  for (const key of ['b', 'B', '.']) {
    await again();
    await page.keyboard.press(key);
    await expect(page.getByTestId('blackout'), `${key} blacks out`).toBeVisible();
    await page.keyboard.press('x');
    await expect(page.getByTestId('blackout')).toHaveCount(0);
  }
  // overview, closed by Esc (still presenting)
  await again();
  await page.keyboard.press('o');
  const overview = page.getByRole('dialog', { name: /All slides/ });
  await expect(overview).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(overview).toBeHidden();
  await expect(page).toHaveURL(/#\/present\//);
  // a slide number, dropped by Esc (still presenting), then one that jumps
  await again();
  await page.keyboard.press('4');
  await expect(jumpBuffer(page)).toContainText('4');
  await page.keyboard.press('Escape');
  await expect(jumpBuffer(page)).toHaveCount(0);
  await expect(page).toHaveURL(/#\/present\//);
  await again();
  await page.keyboard.press('2');
  await page.keyboard.press('Enter');
  await deckSettled(page);
  await expect(page.locator('.present-stage')).toHaveAttribute('data-slide-number', '2');
  // Home and End
  await again();
  await page.keyboard.press('End');
  await deckSettled(page);
  const total = Number((await page.getByTestId('slide-count').textContent())!.split('/')[1]);
  await expect(page.locator('.present-stage')).toHaveAttribute('data-slide-number', String(total));
  await again();
  await page.keyboard.press('Home');
  await deckSettled(page);
  await expect(page.locator('.present-stage')).toHaveAttribute('data-slide-number', '1');
  await themeFullScreenPresenter(page, context, again);
  // ?: the key map, closed by Esc
  await again();
  await page.keyboard.press('Shift+?');
  const keymap = page.getByRole('dialog', { name: 'Keyboard' });
  await expect(keymap).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(keymap).toBeHidden();
  await expect(page).toHaveURL(/#\/present\//);
  // Esc: stop presenting
  await again();
  await page.keyboard.press('Escape');
  await expect(page).not.toHaveURL(/#\/present\//);
}

/** The focus is on the stage (handed back after a click), or at least not on the clicked control. */
async function focusLeft(control: Locator) {
  await expect.poll(() => control.evaluate((el) => el.contains(document.activeElement))).toBe(false);
}

test.describe('keys belong to the deck, always', () => {
  test('after a click on ▶ Play every deck key works (→ ← PageUp PageDown Space B . O digits Home End F S T ? Esc)', async ({
    page,
    context,
    consoleErrors,
  }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    const hash = await findSlide(page, 'lstm', '[data-testid="sim-play"]');
    const play = page.locator('.slide-current [data-testid="sim-play"]');
    const sim = page.locator('.slide-current [data-testid="simulator"]');
    // a click hands the focus back to the stage
    await play.click();
    await expect(sim).toHaveAttribute('data-playing', 'false', { timeout: 30_000 });
    await focusLeft(play);
    await expect(page.locator('.present-stage')).toBeFocused();
    await everyKeyWorks(page, context, hash, async () => {
      if (await play.isEnabled()) {
        // ▶ Play, and the same button again (❚❚ Pause) when it is still playing
        await play.click();
        if ((await sim.getAttribute('data-playing')) === 'true') await play.click();
        await expect(sim).toHaveAttribute('data-playing', 'false', { timeout: 30_000 });
      }
      // and with the focus left on the button (a keyboard user's Tab), the keys are the deck's too
      await play.focus();
    });
    expect(consoleErrors).toEqual([]);
  });

  test('after a click on a quiz answer every deck key works', async ({ page, context, consoleErrors }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    const hash = await findSlide(page, 'lstm', '.quiz-option');
    const answer = page.locator('.slide-current .quiz-option').nth(1);
    await answer.click();
    await focusLeft(answer);
    await everyKeyWorks(page, context, hash, async () => {
      await answer.click();
      await answer.locator('input').focus();
    });
    expect(consoleErrors).toEqual([]);
  });

  test('in ⚙ Settings a focused slider keeps its arrows (its value moves, the slide and step do not); the deck’s other keys work; Esc closes the popover first', async ({
    page,
    context,
    consoleErrors,
  }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    const hash = await findSlide(page, 'lstm', '[data-testid="sim-settings-button"]');
    const gear = page.locator('.slide-current [data-testid="sim-settings-button"]');
    const pop = page.getByTestId('sim-settings-popover');
    const bias = pop.getByTestId('sim-forget-bias');
    const open = async () => {
      if (!(await pop.isVisible())) await gear.click();
      await expect(pop).toBeVisible();
      await bias.focus();
    };
    await open();
    const before = await place(page);
    const url = page.url();
    const start = Number(await bias.inputValue());
    const value = () => bias.inputValue().then(Number);
    await page.keyboard.press('ArrowRight');
    await expect.poll(value).toBeGreaterThan(start);
    await page.keyboard.press('ArrowUp');
    const up = await value();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowDown');
    await expect.poll(value).toBeLessThan(up);
    await page.keyboard.press('End');
    await expect.poll(value).toBe(Number(await bias.getAttribute('max')));
    await page.keyboard.press('Home');
    await expect.poll(value).toBe(Number(await bias.getAttribute('min')));
    await page.keyboard.press('PageUp');
    await expect.poll(value).toBeGreaterThan(Number(await bias.getAttribute('min')));
    await page.keyboard.press('PageDown');
    await page.keyboard.press(' ');
    // the slide, its step and the simulator's time never moved
    expect(await place(page)).toBe(before);
    expect(page.url().split('?')[0]).toBe(url.split('?')[0]);
    await expect(pop).toBeVisible();
    await expect(bias).toBeFocused();
    // Esc closes the popover first, and the focus goes back to ⚙; a second Esc leaves presenting
    await page.keyboard.press('Escape');
    await expect(pop).toBeHidden();
    await expect(gear).toBeFocused();
    await expect(page).toHaveURL(/#\/present\//);
    await page.keyboard.press('Escape');
    await expect(page).not.toHaveURL(/#\/present\//);

    // inside the popover the deck's other keys still work (B . O digits T F S ? and Esc, the last
    // after the popover has closed); the clicker keys and Home/End stay with the slider (above)
    await page.goto(`./${hash}`);
    await deckSettled(page);
    const again = async () => {
      if (!page.url().endsWith(hash)) {
        await page.goto(`./${hash}`);
        await deckSettled(page);
      }
      await open();
    };
    for (const key of ['b', '.']) {
      await again();
      await page.keyboard.press(key);
      await expect(page.getByTestId('blackout')).toBeVisible();
      await expect(pop).toBeHidden(); // never shown over the blacked-out screen
      await page.keyboard.press('x');
      await expect(page.getByTestId('blackout')).toHaveCount(0);
    }
    await again();
    await page.keyboard.press('o');
    await expect(page.getByRole('dialog', { name: /All slides/ })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: /All slides/ })).toBeHidden();
    await again();
    await page.keyboard.press('3');
    await expect(jumpBuffer(page)).toContainText('3');
    await page.keyboard.press('Enter');
    await deckSettled(page);
    await expect(page.locator('.present-stage')).toHaveAttribute('data-slide-number', '3');
    await themeFullScreenPresenter(page, context, again);
    await again();
    await page.keyboard.press('Shift+?');
    await expect(page.getByRole('dialog', { name: 'Keyboard' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Keyboard' })).toBeHidden();
    expect(consoleErrors).toEqual([]);
  });

  test('a typed slide number stays until Enter or Esc: → still steps with it shown, Backspace takes a digit back', async ({
    page,
    consoleErrors,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('./#/present/introduction');
    await deckSettled(page);
    await page.keyboard.press('1');
    await page.keyboard.press('2');
    await expect(jumpBuffer(page)).toContainText('12');
    const before = await place(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => place(page)).not.toBe(before);
    await expect(jumpBuffer(page)).toContainText('12');
    await page.keyboard.press('Enter');
    await deckSettled(page);
    await expect(page.locator('.present-stage')).toHaveAttribute('data-slide-number', '12');
    await expect(jumpBuffer(page)).toHaveCount(0);
    await page.keyboard.press('4');
    await page.keyboard.press('5');
    await page.keyboard.press('Backspace');
    await expect(jumpBuffer(page)).toContainText('4');
    await expect(jumpBuffer(page)).not.toContainText('45');
    await page.keyboard.press('Escape');
    await expect(jumpBuffer(page)).toHaveCount(0);
    await expect(page).toHaveURL(/#\/present\//);
    await expect(page.locator('.present-stage')).toHaveAttribute('data-slide-number', '12');
    // the key map says so
    await page.keyboard.press('Shift+?');
    await expect(page.getByRole('dialog', { name: 'Keyboard' })).toContainText('until Enter or Esc');
    expect(consoleErrors).toEqual([]);
  });

  test('the key map (?) opens scrolled to its top', async ({ page, consoleErrors }) => {
    await page.setViewportSize({ width: 1280, height: 560 });
    await page.goto('./#/present/introduction');
    await deckSettled(page);
    await page.keyboard.press('Shift+?');
    const keymap = page.getByRole('dialog', { name: 'Keyboard' });
    await expect(keymap).toBeVisible();
    const m = await keymap.evaluate((d) => ({ top: d.scrollTop, overflow: d.scrollHeight - d.clientHeight }));
    expect(m.overflow).toBeGreaterThan(20); // it scrolls at this size, so "at its top" means something
    expect(m.top).toBe(0);
    await expect(keymap.getByRole('heading', { name: 'Keyboard' })).toBeInViewport();
    await expect(keymap.getByRole('button', { name: 'Close' })).toBeFocused();
    expect(consoleErrors).toEqual([]);
  });
});

test.describe('the audience screen when the mouse is idle', () => {
  test('the bar and the cursor hide after a few idle seconds and come back on a mouse move; never while the pointer is over the bar; the clicker never wakes them', async ({
    page,
    consoleErrors,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('./#/present/introduction');
    await deckSettled(page);
    const stage = page.locator('.present-stage');
    const bar = page.locator('.present-bar');
    const cursor = () => stage.evaluate((el) => getComputedStyle(el).cursor);
    const opacity = () => bar.evaluate((el) => Number(getComputedStyle(el).opacity));
    await page.mouse.move(400, 300);
    expect(await cursor()).not.toBe('none');
    await expect.poll(opacity).toBe(1);
    // idle: hidden after the timeout (3 s)
    await expect.poll(cursor, { timeout: 10_000 }).toBe('none');
    await expect.poll(opacity, { timeout: 5_000 }).toBe(0);
    await expect(page.locator('.present[data-idle]')).toHaveCount(1);
    // the clicker does not bring them back
    await page.keyboard.press('ArrowRight');
    await deckSettled(page);
    await page.waitForTimeout(500);
    expect(await cursor()).toBe('none');
    // a mouse move does
    await page.mouse.move(420, 320);
    await expect.poll(cursor).not.toBe('none');
    await expect.poll(opacity).toBe(1);
    // the pointer over the bar keeps it up
    const box = (await bar.boundingBox())!;
    await page.mouse.move(box.x + 10, box.y + box.height / 2);
    await page.waitForTimeout(4500);
    expect(await opacity()).toBe(1);
    await expect(page.locator('.present[data-idle]')).toHaveCount(0);
    // moved off the bar, it goes again
    await page.mouse.move(400, 300);
    await expect.poll(opacity, { timeout: 10_000 }).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  test('with reduced motion the bar hides without a fade', async ({ page, consoleErrors }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./#/present/introduction');
    await deckSettled(page);
    // seconds, the longest of the bar's transitions (the app's reduced-motion rule leaves 0.00001 s)
    const fade = () =>
      page.locator('.present-bar').evaluate((el) =>
        Math.max(
          ...getComputedStyle(el)
            .transitionDuration.split(',')
            .map((d) => parseFloat(d)),
        ),
      );
    expect(await fade()).toBeLessThan(0.01);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await fade()).toBeGreaterThan(0.1);
    expect(consoleErrors).toEqual([]);
  });
});
