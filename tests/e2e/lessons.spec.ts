import { LECTURE_EQUATIONS } from '../../lessons/equations';
import { test, expect, openSection, pageSettled, axeScan, WCAG_TAGS, SECTION_SLUGS } from './fixtures';

const norm = (tex: string) =>
  tex
    .replace(/\s+/g, ' ')
    .replace(/\s*([{}()\\])\s*/g, '$1')
    .trim();

// the pages' content, structure and accessibility, not the backend: computed on the CPU (plain JS),
// which the fixture checks on the badge after each test
test.use({ enginePref: 'cpu' });

test.describe('lesson pages', () => {
  test('every section is reachable from the navigation, in lecture order', async ({ page, consoleErrors }) => {
    await page.goto('./');
    const nav = page.getByRole('navigation', { name: 'Lesson sections' });
    const links = nav.locator('a[data-slug]');
    await expect(links).toHaveCount(SECTION_SLUGS.length);
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-slug')))).toEqual(SECTION_SLUGS);
    for (const slug of SECTION_SLUGS) {
      await nav.locator(`a[data-slug="${slug}"]`).click();
      await expect(page).toHaveURL(new RegExp(`#/${slug}$`));
      await expect(page.locator(`[data-lesson="${slug}"]`)).toBeVisible();
      await expect(nav.locator(`a[data-slug="${slug}"]`)).toHaveAttribute('aria-current', 'page');
    }
    expect(consoleErrors).toEqual([]);
  });

  test('every section survives a reload of its own URL and renders its maths', async ({ page, consoleErrors }) => {
    for (const slug of SECTION_SLUGS) {
      await openSection(page, slug);
      await page.reload();
      const lesson = page.locator(`[data-lesson="${slug}"]`);
      await expect(lesson).toBeVisible();
      await expect(lesson.locator('.katex-error')).toHaveCount(0);
      await expect(page.locator('h1')).not.toBeEmpty();
    }
    expect(consoleErrors).toEqual([]);
  });

  test("each of the lecture's equations is typeset in its section, with MathML kept", async ({ page }) => {
    const bySlug = new Map<string, string[]>();
    for (const e of LECTURE_EQUATIONS) bySlug.set(e.slug, [...(bySlug.get(e.slug) ?? []), e.tex]);
    expect(bySlug.size).toBeGreaterThanOrEqual(6);
    for (const [slug, texs] of bySlug) {
      await openSection(page, slug);
      const annotations = (
        await page.locator(`[data-lesson="${slug}"] .katex-display annotation[encoding="application/x-tex"]`).allTextContents()
      ).map(norm);
      for (const tex of texs) expect(annotations, `${slug}: ${tex}`).toContain(norm(tex));
      // Screen readers get MathML; sighted readers the HTML rendering.
      await expect(page.locator(`[data-lesson="${slug}"] .katex-display .katex-mathml math`).first()).toBeAttached();
      await expect(page.locator(`[data-lesson="${slug}"] .katex-error`)).toHaveCount(0);
    }
  });

  test('keyboard: arrows, PageDown/PageUp, Home/End move between sections', async ({ page, consoleErrors }) => {
    await openSection(page, 'introduction');
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/#\/types-of-rnn$/);
    await page.keyboard.press('PageDown');
    await expect(page).toHaveURL(/#\/vanilla-cell$/);
    await page.keyboard.press('ArrowLeft');
    await expect(page).toHaveURL(/#\/types-of-rnn$/);
    await page.keyboard.press('PageUp');
    await expect(page).toHaveURL(/#\/introduction$/);
    await page.keyboard.press('End');
    await expect(page).toHaveURL(/#\/summary$/);
    await page.keyboard.press('Home');
    await expect(page).toHaveURL(/#\/welcome$/);
    // The focused heading of the new section is announced and is the keyboard start point.
    await expect(page.locator('h1#lesson-title')).toBeFocused();
    // The key map opens with ? and closes with Escape.
    await page.keyboard.press('Shift+?');
    await expect(page.getByRole('dialog', { name: 'Keyboard' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Keyboard' })).toBeHidden();
    expect(consoleErrors).toEqual([]);
  });

  test('presentation mode: one slide per screen, keys, notes hidden from the audience', async ({ page, consoleErrors }) => {
    await page.setViewportSize({ width: 1600, height: 900 });
    await openSection(page, 'lstm');
    // Instructor notes can be shown while reading...
    await page.getByRole('button', { name: 'Instructor notes' }).click();
    await expect(page.locator('[data-speaker-notes]').first()).toBeVisible();
    // ...but presenting never shows them.
    await page.keyboard.press('p');
    await expect(page).toHaveURL(/#\/present\/lstm$/);
    await expect(page.getByTestId('present-stage')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Lesson sections' })).toHaveCount(0);
    await expect(page.locator('[data-speaker-notes]:visible')).toHaveCount(0);
    // Large type for the projector.
    const h1Size = await page.locator('#present-title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(h1Size).toBeGreaterThanOrEqual(44);
    // The stage does not move as slides and sections change (→ is the next slide of the section; End the last of the deck).
    const box1 = await page.locator('.present-stage').boundingBox();
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/#\/present\/lstm\/2$/);
    await expect(page.locator('[data-speaker-notes]:visible')).toHaveCount(0);
    const box2 = await page.locator('.present-stage').boundingBox();
    expect(box2).toEqual(box1);
    await page.keyboard.press('PageUp');
    await expect(page).toHaveURL(/#\/present\/lstm$/);
    await page.keyboard.press('End');
    await expect(page).toHaveURL(/#\/present\/summary\/\d+$/);
    expect(await page.locator('.present-stage').boundingBox()).toEqual(box1);
    await page.goto('./#/present/lstm');
    // Reload mid-lecture keeps presenting the same section.
    await page.reload();
    await expect(page.getByTestId('present-stage')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/#\/lstm$/);
    expect(consoleErrors).toEqual([]);
  });

  test('the presenter view shows the speaker notes (and no second simulator) and follows the projected slide', async ({ page, context }) => {
    await openSection(page, 'bptt', 'present');
    const [notes] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('s')]);
    await expect(notes).toHaveURL(/#\/notes\/bptt$/);
    await expect(notes.locator('[data-speaker-notes]').first()).toBeVisible();
    await expect(notes.locator('.quiz')).toHaveCount(0);
    await expect(notes.locator('.notes-only > p:visible')).toHaveCount(0);
    // the next-slide preview never starts a second simulator
    await expect(notes.locator('.presenter-next [data-simulator]')).toHaveCount(0);
    await page.keyboard.press('ArrowRight');
    await expect(notes).toHaveURL(/#\/notes\/bptt\/2$/);
    // on its slide the section's live simulator is there, mirrored with the projected one (store/simSync.ts)
    await page.keyboard.press('ArrowRight');
    await expect(notes).toHaveURL(/#\/notes\/bptt\/3$/);
    await expect(notes.locator('[data-simulator]')).toHaveCount(1);
  });

  test('progress (visited sections and quiz answers) survives a reload', async ({ page, consoleErrors }) => {
    await openSection(page, 'introduction');
    await openSection(page, 'types-of-rnn');
    const quiz = page.locator('.quiz').first();
    await quiz.locator('input[type="radio"]').first().check();
    await quiz.getByRole('button', { name: 'Check answer' }).click();
    await expect(quiz.locator('.quiz-feedback p')).toBeVisible();
    await page.reload();
    await expect(page.locator('[data-lesson="types-of-rnn"]')).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Lesson sections' });
    await expect(nav.locator('a[data-slug="introduction"] .mark-visited')).toBeVisible();
    await expect(nav.locator('a[data-slug="types-of-rnn"] .mark-quiz')).toBeVisible();
    await expect(nav.locator('a[data-slug="gru"] .mark-visited')).toHaveCount(0);
    expect(Number(await page.getByTestId('visited-count').textContent())).toBeGreaterThanOrEqual(2);
    // The answer is remembered and its feedback shown again.
    await expect(page.locator('.quiz').first().locator('.quiz-feedback p')).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test('the summary quiz keeps a score of first answers', async ({ page }) => {
    await openSection(page, 'summary');
    const score = page.getByTestId('quiz-score');
    await expect(score).toContainText('Score: 0 /');
    const first = page.locator('.quiz-set .quiz-question').first();
    // Answer until the page says right: a right first answer scores, a right later one does not.
    const radios = first.locator('input[type="radio"]');
    const n = await radios.count();
    let tries = 0;
    for (let i = 0; i < n; i++) {
      await radios.nth(i).check();
      await first.getByRole('button', { name: /Check (answer|again)/ }).click();
      tries++;
      if ((await first.locator('.feedback-correct').count()) > 0) break;
    }
    await expect(first.locator('.feedback-correct')).toBeVisible();
    await expect(score).toContainText(tries === 1 ? 'Score: 1 /' : 'Score: 0 /');
  });

  test('themes: light, dark and projector contrast, kept after reload', async ({ page }) => {
    await openSection(page, 'gru');
    const picker = page.getByLabel('Theme');
    for (const theme of ['dark', 'contrast', 'light']) {
      await picker.selectOption(theme);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    }
    await picker.selectOption('contrast');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(bg).toBe('rgb(0, 0, 0)');
  });

  test('equations are never cut off on a phone-width screen', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const slug of ['bptt', 'lstm', 'vanilla-cell']) {
      await openSection(page, slug);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${slug}: the page itself must not scroll sideways`).toBeLessThanOrEqual(1);
      const boxes = page.locator(`[data-lesson="${slug}"] .katex-display`);
      // a box is made focusable when it is drawn and measured (LessonBody's ResizeObserver, or the
      // moment a box skipped off-screen is drawn): the ones not drawn yet are scrolled to, then all
      // are checked again
      await expect(async () => {
        const wide = await boxes.evaluateAll((els) =>
          els
            .filter((el) => el.scrollWidth > el.clientWidth + 1)
            .map((el) => {
              if (!el.checkVisibility({ contentVisibilityAuto: true }) || el.tabIndex !== 0) el.scrollIntoView({ block: 'center' });
              return { overflowX: getComputedStyle(el).overflowX, focusable: el.tabIndex === 0 };
            }),
        );
        for (const w of wide) expect(w).toEqual({ overflowX: 'auto', focusable: true });
      }).toPass({ timeout: 15_000 });
    }
    // The BPTT chain rule is wider than a phone: it must be one of the scrolling ones.
    await openSection(page, 'bptt');
    const bpttWide = await page
      .locator('[data-lesson="bptt"] .katex-display')
      .evaluateAll((els) => els.some((el) => el.scrollWidth > el.clientWidth + 1));
    expect(bpttWide).toBe(true);
  });

  // Every page's structure (names, roles, landmarks, ARIA, headings) is checked once, with the whole
  // rule set, in the light theme; the dark and projector themes change colours only, so there the
  // rules that read colours (contrast, links told apart from text) run on every page. The pages are
  // reached the way a reader reaches them, through the app's own navigation; in reading mode each
  // page, once drawn, is checked in the three themes, switched with the toolbar's theme picker.
  const ALL_RULES = [...WCAG_TAGS, 'experimental'];
  const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];
  const AXE_RUNS = [
    ['reading', ['light', 'dark', 'contrast']],
    ['presenting', ['light']],
  ] as const;
  for (const [mode, themes] of AXE_RUNS) {
    test(`axe: no serious or critical WCAG 2.2 A/AA violation on any page (${mode}: ${themes.join(', ')})`, async ({ page }) => {
      test.setTimeout(420_000);
      await page.goto('./');
      await page.evaluate(() => localStorage.setItem('unrolled:prefs', JSON.stringify({ state: { theme: 'light', showNotes: true }, version: 1 })));
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
      const pages = SECTION_SLUGS.map((s) => (mode === 'presenting' ? `#/present/${s}` : `#/${s}`));
      for (const hash of pages) {
        await page.goto(`./${hash}`);
        const slug = hash.replace(/^#\/(present\/)?/, '');
        await expect(page.locator(`[data-lesson="${slug}"]`)).toBeVisible();
        // the section's own content, not its loading placeholder
        await expect(page.locator(`[data-lesson="${slug}"] .lesson-body > :not(.lesson-loading)`).first()).toBeAttached();
        await expect(page.locator(`[data-lesson="${slug}"] .lesson-loading`)).toHaveCount(0);
        // colours are read from the page as it stays: not a picture dimmed while it recomputes
        await pageSettled(page, 'cpu');
        for (const theme of themes) {
          if (theme !== 'light' || themes.length > 1) {
            await page.locator('.theme-picker select').selectOption(theme);
            await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
            await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
            await pageSettled(page, 'cpu');
          }
          // axe's experimental rules too (off by default; the tag turns them on)
          const results = await axeScan(page, theme === 'light' ? { tags: ALL_RULES } : { rules: COLOUR_RULES });
          const bad = results.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0]?.target.join(' ')}`);
          expect(bad, `${hash} (${theme})`).toEqual([]);
          // a colour run that checked nothing would pass blind
          if (theme !== 'light')
            expect(results.passes.some((r) => r.id === 'color-contrast') || results.violations.some((r) => r.id === 'color-contrast')).toBe(true);
        }
      }
    });
  }
});
