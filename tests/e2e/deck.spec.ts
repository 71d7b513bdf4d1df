// long-file: one deck, walked once per size and theme; the walks share their helpers
import type { Page } from '@playwright/test';
import { test, expect, SECTION_SLUGS, axeScan, WCAG_TAGS, deckSettled } from './fixtures';
import { paintedText, type PaintedText } from './painted';

/**
 * The lecture as a deck (issue 10): slides cut from the lesson files, one at a time on a stage that
 * every slide fits, the clicker stepping list items and simulators, overview / jumps / blackout,
 * slide + step in the URL, and the presenter view paired with the audience window.
 */

// The CPU backend: the walks step every simulator of the deck, and SwiftShader's WebGL is slower.
test.use({ enginePref: 'cpu' });

interface Seen {
  number: number;
  slug: string;
  slide: number;
  step: number;
  kind: string;
  fit: number;
  /** scrollHeight − clientHeight of the stage and of every scrolling element in it (> 1 px only) */
  overflow: string[];
  headingTop: boolean;
  sim: string | null;
  /** the training lab's status on a lab slide (the clicker trains and pauses it) */
  lab: string | null;
  /** the smallest painted text on the slide, measured the first time the walk shows it (walks that measure) */
  text?: PaintedText;
}

async function look(page: Page): Promise<Seen> {
  return page.evaluate(() => {
    const st = document.querySelector<HTMLElement>('.present-stage')!;
    const cur = st.querySelector<HTMLElement>('.slide-current')!;
    const overflow: string[] = [];
    for (const el of [st, ...Array.from(st.querySelectorAll<HTMLElement>('*'))]) {
      if (el !== st && !/(auto|scroll)/.test(getComputedStyle(el).overflowY)) continue;
      if (el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 1)
        overflow.push(`${el === st ? 'stage' : el.className || el.tagName}: ${el.scrollHeight - el.clientHeight}px`);
    }
    const heading = cur.querySelector('h1, h2, h3');
    const top = heading ? heading.getBoundingClientRect().top - st.getBoundingClientRect().top : Infinity;
    const sim = cur.querySelector<HTMLElement>('[data-testid="simulator"]');
    return {
      number: Number(st.dataset.slideNumber),
      slug: st.dataset.slug!,
      slide: Number(st.dataset.slide),
      step: Number(st.dataset.step),
      kind: cur.dataset.slideKind ?? 'text',
      // the slide's type against the canvas's design size (30 canvas px, app.css): slides never shrink it
      fit: parseFloat(getComputedStyle(st).fontSize) / 30,
      overflow,
      // each slide opens at its top with its title or heading in view
      headingTop: st.scrollTop === 0 && top >= 0 && top < st.clientHeight * 0.25,
      sim: sim ? `${sim.dataset.phase}:${sim.dataset.step}` : null,
      lab: cur.querySelector<HTMLElement>('[data-testid="training-lab"]')?.dataset.status ?? null,
    };
  });
}

const deckTotal = async (page: Page) => Number((await page.getByTestId('slide-count').textContent())!.split('/')[1]);

/** The smallest painted text on the slide shown (KaTeX glyph by glyph), against the slide's minimum (24 px at 1920×1080). */
const slideText = (page: Page) =>
  page.evaluate(paintedText, ['.present-stage .slide-current', (24 * (page.viewportSize()?.width ?? 1920)) / 1920] as const);

/** Walks the whole deck with → only; returns what every press showed (with `measure`, each slide's text sizes too). */
async function walk(page: Page, measure = false): Promise<Seen[]> {
  await page.goto('./#/present/welcome');
  await deckSettled(page);
  const seen: Seen[] = [await look(page)];
  if (measure) seen[0].text = await slideText(page);
  const total = await deckTotal(page);
  for (let i = 0; i < 600; i++) {
    const before = seen[seen.length - 1];
    if (before.number === total && before.step === 0 && !before.sim) break;
    await page.keyboard.press('ArrowRight');
    await deckSettled(page);
    let now = await look(page);
    // on the lab's slide a press trains or pauses (the worker answers a moment later)
    if (before.lab && now.number === before.number && now.lab === before.lab) {
      await page
        .waitForFunction(
          (was) => document.querySelector('.present-stage .slide-current [data-testid="training-lab"]')?.getAttribute('data-status') !== was,
          before.lab,
          { timeout: 15_000 },
        )
        .catch(() => undefined);
      now = await look(page);
    }
    if (now.number === before.number && now.step === before.step && now.sim === before.sim && now.lab === before.lab) break; // the end of the deck
    if (measure && now.number !== before.number) now.text = await slideText(page);
    seen.push(now);
  }
  return seen;
}

const fitReport = (seen: Seen[]) => {
  const bySlide = new Map<number, Seen>();
  for (const s of seen) if (!bySlide.has(s.number) || s.overflow.length) bySlide.set(s.number, s);
  return [...bySlide.values()];
};

test.describe('the deck', () => {
  // The primary fit check: every slide rendered once on the slide canvas at its own size (1920×1080,
  // scale 1: a canvas px is a painted px), reached by slide number + Enter (no clicker steps). A slide
  // that does not fit the canvas, or paints a text under 24 canvas px, is an authoring error reported
  // here (src/app/canvas.ts): nothing shrinks or re-measures at run time.
  test('the slide canvas: every slide, rendered once at 1920×1080, fits, opens at its heading and paints every text ≥ 24 px', async ({
    page,
    consoleErrors,
  }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto('./#/present/welcome');
    await deckSettled(page);
    await expect(page.locator('.present-frame[data-scale]')).toHaveAttribute('data-scale', '1.00000');
    const total = await deckTotal(page);
    const seen: Seen[] = [];
    for (let n = 1; n <= total; n++) {
      if (n > 1) {
        for (const d of String(n)) await page.keyboard.press(d);
        await page.keyboard.press('Enter');
        await expect(page.locator('.present-stage')).toHaveAttribute('data-slide-number', String(n));
        await deckSettled(page);
      }
      const s = await look(page);
      s.text = await slideText(page);
      seen.push(s);
    }
    const rows = seen.map(
      (s) =>
        `${s.number} ${s.slug}/${s.slide + 1} ${s.kind}: KaTeX ${s.text!.katex.toFixed(1)}, SVG ${s.text!.svg.toFixed(1)}, HTML ${s.text!.html.toFixed(1)}${s.overflow.length ? ' OVERFLOW ' + s.overflow.join(', ') : ''}`,
    );
    test.info().annotations.push({ type: 'the slide canvas at 1920×1080', description: rows.join('\n') });
    console.log(`the slide canvas at 1920×1080\n${rows.join('\n')}`);
    expect(seen.map((s) => s.number)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(
      seen.filter((s) => s.overflow.length > 0).map((s) => `${s.slug}/${s.slide + 1} (${s.kind}): ${s.overflow.join(', ')}`),
      'slides that do not fit the canvas',
    ).toEqual([]);
    expect(
      seen.filter((s) => !s.headingTop).map((s) => `${s.slug}/${s.slide + 1}`),
      'slides that do not open at their heading',
    ).toEqual([]);
    expect(
      seen.map((s) => s.fit).filter((f) => f !== 1),
      'the slide type is the design size on every slide',
    ).toEqual([]);
    expect(
      seen.filter((s) => s.text!.katex < 24).map((s) => `${s.slug}/${s.slide + 1}: ${s.text!.smallest.join(', ')}`),
      'slides with KaTeX under 24 px',
    ).toEqual([]);
    expect(
      seen.filter((s) => s.text!.html < 24).map((s) => `${s.slug}/${s.slide + 1}: ${s.text!.smallest.join(', ')}`),
      'slides with text under 24 px',
    ).toEqual([]);
    // the simulators' drawings too: every diagram number and label (the drawing's own scale, in canvas px)
    expect(
      seen.filter((s) => s.text!.svg < 24 - 0.05).map((s) => `${s.slug}/${s.slide + 1}: ${s.text!.smallest.join(', ')}`),
      'slides with diagram text under 24 px',
    ).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  // both projector sizes, every theme (each walk takes about 1.5 minutes: it steps every simulator)
  // the 1920×1080 contrast walk also measures every slide's text (once per slide: the sizes do not depend on the theme)
  for (const { w, h, theme, measure } of [
    { w: 1920, h: 1080, theme: 'light', measure: false },
    { w: 1920, h: 1080, theme: 'contrast', measure: true },
    { w: 1280, h: 720, theme: 'dark', measure: false },
    { w: 1280, h: 720, theme: 'contrast', measure: false },
  ]) {
    test(`→ alone walks every section at ${w}×${h} (${theme}); every slide fits the stage and opens at its heading`, async ({
      page,
      consoleErrors,
    }) => {
      test.setTimeout(420_000);
      await page.setViewportSize({ width: w, height: h });
      await page.goto('./');
      await page.evaluate(
        (t) => localStorage.setItem('unrolled:prefs', JSON.stringify({ state: { theme: t, backend: 'cpu' }, version: 1 })),
        theme,
      );
      const seen = await walk(page, measure);
      const total = await deckTotal(page);
      // every section, every slide, in order, and the last one reached
      expect([...new Set(seen.map((s) => s.slug))]).toEqual(SECTION_SLUGS);
      expect([...new Set(seen.map((s) => s.number))]).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      const slides = fitReport(seen);
      const rows = slides.map(
        (s) => `${s.number} ${s.slug}/${s.slide + 1} ${s.kind} fit=${s.fit}${s.overflow.length ? ' OVERFLOW ' + s.overflow.join(', ') : ''}`,
      );
      test.info().annotations.push({ type: `fit ${w}×${h} ${theme}`, description: rows.join('\n') });
      console.log(`fit ${w}×${h} ${theme}\n${rows.join('\n')}`);
      expect(
        slides.filter((s) => !s.headingTop).map((s) => `${s.slug}/${s.slide + 1}`),
        'slides that do not open at their heading',
      ).toEqual([]);
      // every slide's content fits: the stage and everything in it that could scroll
      // (simulator and training-lab slides included: their figure fills the slide box, SimulatorShell)
      expect(slides.filter((s) => s.overflow.length > 0).map((s) => `${s.slug}/${s.slide + 1} (${s.kind}): ${s.overflow.join(', ')}`)).toEqual([]);
      // type stays large: no slide shrinks below 80 % (24 px body text at 1920×1080)
      expect(Math.min(...slides.map((s) => s.fit))).toBeGreaterThanOrEqual(0.8);
      if (measure) {
        const measured = seen.filter((s): s is Seen & { text: PaintedText } => !!s.text);
        expect(measured.map((s) => s.number)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
        const px = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
        const textRows = measured.map(
          (s) =>
            `${s.number} ${s.slug}/${s.slide + 1} ${s.kind} fit=${s.fit}: KaTeX ${px(s.text.katex)}, SVG ${px(s.text.svg)}, HTML ${px(s.text.html)}`,
        );
        test.info().annotations.push({ type: `smallest painted text ${w}×${h}`, description: textRows.join('\n') });
        console.log(`smallest painted text ${w}×${h}\n${textRows.join('\n')}`);
        // every KaTeX glyph on every slide, sub- and superscripts included, and every label, button and line of
        // text, shrunk slides too: ≥ 24 px at 1920×1080 (the drawings' text: presenter.spec, once their fit has settled)
        expect(
          measured.filter((s) => s.text.katex < 24).map((s) => `${s.slug}/${s.slide + 1}: ${s.text.smallest.join(', ')}`),
          'slides with KaTeX under 24 px',
        ).toEqual([]);
        expect(
          measured.filter((s) => s.text.html < 24).map((s) => `${s.slug}/${s.slide + 1}: ${s.text.smallest.join(', ')}`),
          'slides with text under 24 px',
        ).toEqual([]);
      }
      expect(consoleErrors).toEqual([]);
    });
  }

  test('on a simulator slide → walks its clicker positions (BPTT: the backward pass from C_1 … C_T, each click a new picture) before leaving; ← walks back; list items one per click; focus never swallows the clicker', async ({
    page,
    consoleErrors,
  }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    // the welcome slide with a <Steps> list: one item per click, and the step is in the URL
    await page.goto('./#/present/welcome/3');
    await deckSettled(page);
    const items = page.locator('.slide-current .steps li');
    await expect(items).toHaveCount(3);
    await expect(items.nth(0)).toHaveCSS('visibility', 'hidden');
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/#\/present\/welcome\/3\/1$/);
    await expect(items.nth(0)).toHaveCSS('visibility', 'visible');
    await expect(items.nth(1)).toHaveCSS('visibility', 'hidden');
    await page.keyboard.press('PageDown');
    await page.keyboard.press(' ');
    await expect(page).toHaveURL(/#\/present\/welcome\/3\/3$/);
    // a reload lands on the same slide and step
    await page.reload();
    await deckSettled(page);
    await expect(items.nth(2)).toHaveCSS('visibility', 'visible');
    await page.keyboard.press('ArrowLeft');
    await expect(page).toHaveURL(/#\/present\/welcome\/3\/2$/);

    // bptt: from the slide before the simulator, → onto it; its clicks are the backward passes from
    // C_1, C_2, … C_T (clicker="losses"), and every click changes the picture, not just the controls
    await page.goto('./#/present/bptt/2');
    await deckSettled(page);
    await page.keyboard.press('ArrowRight');
    await deckSettled(page);
    const sim = page.locator('.slide-current [data-testid="simulator"]');
    await expect(sim).toHaveAttribute('data-phase', 'backward');
    await expect(sim).toHaveAttribute('data-step', '0');
    const onSim = page.url();
    const T = 10;
    const hero = sim.getByTestId('sim-hero');
    let before = await hero.screenshot({ animations: 'disabled' });
    for (let t = 1; t < T; t++) {
      await page.keyboard.press('ArrowRight');
      await expect(sim).toHaveAttribute('data-step', String(t));
      await expect(sim).toHaveAttribute('data-phase', 'backward');
      expect(new URL(page.url()).hash.split('?')[0]).toBe(new URL(onSim).hash.split('?')[0]);
      await expect
        .poll(async () => (await hero.screenshot({ animations: 'disabled' })).equals(before), { message: `click ${t + 1} changes the picture` })
        .toBe(false);
      before = await hero.screenshot({ animations: 'disabled' });
    }
    // the simulator's own controls never swallow the clicker: a focused slider, then a focused button
    await sim.getByTestId('sim-scrubber').focus();
    await page.keyboard.press('ArrowLeft');
    await expect(sim).toHaveAttribute('data-phase', 'backward');
    await expect(sim).toHaveAttribute('data-step', String(T - 2));
    await sim.getByTestId('sim-play').focus();
    await page.keyboard.press(' ');
    await expect(sim).toHaveAttribute('data-step', String(T - 1));
    await expect(sim).toHaveAttribute('data-playing', 'false');
    // the playback is in the URL too: a reload keeps the simulator's step
    await page.keyboard.press('ArrowRight');
    await deckSettled(page);
    await expect(page).toHaveURL(/#\/present\/bptt\/4/);
    // ← comes back onto the simulator slide at its last position, then steps back through it
    await page.keyboard.press('ArrowLeft');
    await deckSettled(page);
    await expect(sim).toHaveAttribute('data-phase', 'backward');
    await expect(sim).toHaveAttribute('data-step', String(T - 1));
    await page.keyboard.press('ArrowLeft');
    await expect(sim).toHaveAttribute('data-phase', 'backward');
    await expect(sim).toHaveAttribute('data-step', String(T - 2));
    expect(consoleErrors).toEqual([]);
  });

  test('overview (O), slide number + Enter, blackout (B / .), Home / End, the key map, a link to a slide that does not exist', async ({
    page,
    consoleErrors,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('./#/present/introduction');
    await deckSettled(page);
    const total = await deckTotal(page);

    // overview: the grid starts on the current slide; arrows move, Enter opens
    await page.keyboard.press('o');
    const overview = page.getByRole('dialog', { name: /All slides/ });
    await expect(overview).toBeVisible();
    await expect(overview.getByRole('button', { name: /^5\b/ })).toBeFocused();
    expect(await overview.locator('.overview-card').count()).toBe(total);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(overview.locator('[data-slide-number="7"]')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    const below = Number(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.slideNumber));
    expect(below).toBeGreaterThan(7);
    await page.keyboard.press('Enter');
    await expect(overview).toBeHidden();
    await deckSettled(page);
    await expect(page.locator('.present-stage')).toHaveAttribute('data-slide-number', String(below));
    // Esc closes the overview and keeps presenting
    await page.keyboard.press('O');
    await expect(overview).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(overview).toBeHidden();
    await expect(page).toHaveURL(/#\/present\//);

    // a slide number and Enter jump there
    await page.keyboard.press('1');
    await page.keyboard.press('2');
    await expect(page.getByTestId('jump-buffer')).toContainText('12');
    await page.keyboard.press('Enter');
    await deckSettled(page);
    await expect(page.locator('.present-stage')).toHaveAttribute('data-slide-number', '12');

    // blackout: B or ., and any key brings the slide back without moving
    await page.keyboard.press('b');
    await expect(page.getByTestId('blackout')).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('blackout')).toHaveCount(0);
    await expect(page.locator('.present-stage')).toHaveAttribute('data-slide-number', '12');
    await page.keyboard.press('.');
    await expect(page.getByTestId('blackout')).toBeVisible();
    await page.keyboard.press('x');
    await expect(page.getByTestId('blackout')).toHaveCount(0);

    // Home / End: the first and the last slide of the deck
    await page.keyboard.press('End');
    await deckSettled(page);
    await expect(page.locator('.present-stage')).toHaveAttribute('data-slide-number', String(total));
    await page.keyboard.press('Home');
    await deckSettled(page);
    await expect(page.locator('.present-stage')).toHaveAttribute('data-slide-number', '1');

    // the key map lists the deck's keys
    await page.keyboard.press('Shift+?');
    const keymap = page.getByRole('dialog', { name: 'Keyboard' });
    await expect(keymap).toBeVisible();
    for (const what of ['Overview of all slides', 'Type a slide number', 'Black the screen out', 'First or last slide', 'step the simulator'])
      await expect(keymap).toContainText(what);
    await page.keyboard.press('Escape');
    await expect(keymap).toBeHidden();

    // a slide that does not exist: the nearest one, with a notice, and the URL says which
    await page.goto('./#/present/bptt/99');
    await deckSettled(page);
    await expect(page.getByTestId('deck-notice')).toContainText('no slide 99');
    const last = await page.locator('.present-stage').getAttribute('data-slide');
    expect(Number(last)).toBeGreaterThan(0);
    await expect(page).toHaveURL(new RegExp(`#/present/bptt/${Number(last) + 1}`));
    await page.goto('./#/present/bptt/first');
    await deckSettled(page);
    await expect(page.getByTestId('deck-notice')).toContainText('first slide');
    await expect(page.locator('.slide-current h1')).toHaveText('The vanilla RNN backward (BPTT)');
    expect(consoleErrors).toEqual([]);
  });

  test('presenter view and audience, two windows of one browser: moves made in either show in the other; a second audience joins; closing one leaves the other working', async ({
    page,
    context,
    consoleErrors,
  }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('./#/present/welcome/3');
    await deckSettled(page);
    const [presenter] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('s')]);
    await expect(presenter).toHaveURL(/#\/notes\/welcome\/3$/);
    const view = presenter.getByTestId('presenter-view');
    await expect(view).toBeVisible();
    await expect(presenter.getByTestId('presenter-count')).toHaveText(/^Slide 3 of \d+$/);
    await expect(presenter.getByTestId('next-step')).toContainText('list item 1 of 3');
    await expect(presenter.locator('[data-speaker-notes]').first()).toBeVisible();
    await expect(presenter.getByLabel('Elapsed time')).toHaveText(/^\d\d:\d\d$/);
    // the notes are this slide's own (issue 29): slide 3's differ from slide 1's, seen further down
    await expect(presenter.getByTestId('slide-notes')).toHaveAttribute('data-notes-for', '3');
    const notes3 = await presenter.getByTestId('slide-notes').innerText();

    // the talk's timer pauses (the time on this slide runs on) and resumes
    await presenter.getByTestId('timer-pause').click();
    await expect(presenter.getByTestId('elapsed')).toHaveAttribute('data-paused', 'true');
    const held = await presenter.getByTestId('elapsed').innerText();
    const onSlide = await presenter.getByTestId('on-slide').innerText();
    await expect(presenter.getByTestId('on-slide')).not.toHaveText(onSlide);
    await expect(presenter.getByTestId('on-slide')).not.toHaveText(await presenter.getByTestId('on-slide').innerText());
    await expect(presenter.getByTestId('elapsed')).toHaveText(held);
    await presenter.getByTestId('timer-pause').click();
    await expect(presenter.getByTestId('elapsed')).toHaveAttribute('data-paused', 'false');
    await expect(presenter.getByTestId('elapsed')).not.toHaveText(held);

    // B in the presenter view blacks out the audience, and the presenter view says so until it is lifted
    await presenter.locator('body').press('b');
    await expect(page.getByTestId('blackout')).toBeVisible();
    await expect(presenter.getByTestId('presenter-blackout')).toContainText('black screen');
    await presenter.locator('body').press('b');
    await expect(page.getByTestId('blackout')).toHaveCount(0);
    await expect(presenter.getByTestId('presenter-blackout')).toHaveCount(0);

    // a clicker step in the audience window shows in the presenter view, and back
    await page.keyboard.press('ArrowRight');
    await expect(presenter).toHaveURL(/#\/notes\/welcome\/3\/1$/);
    await presenter.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/#\/present\/welcome\/3\/2$/);
    // a slide change in each
    await presenter.keyboard.press('End');
    await expect(page.locator('.present-stage')).toHaveAttribute('data-slide-number', String(await deckTotal(page)));
    await page.keyboard.press('Home');
    await expect(presenter).toHaveURL(/#\/notes\/welcome$/);
    await expect(presenter.getByTestId('next-slide')).toContainText('Slide 2');
    await expect(presenter.getByTestId('slide-notes')).toHaveAttribute('data-notes-for', '1');
    await expect(presenter.locator('[data-speaker-notes]').first()).toBeVisible();
    expect(await presenter.getByTestId('slide-notes').innerText()).not.toBe(notes3);

    // a second audience window joins where the deck is and follows it
    const second = await context.newPage();
    await second.setViewportSize({ width: 1280, height: 720 });
    await second.goto('./#/present/summary');
    await expect(second).toHaveURL(/#\/present\/welcome$/);
    await presenter.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/#\/present\/welcome\/2$/);
    await expect(second).toHaveURL(/#\/present\/welcome\/2$/);

    // closing the presenter view leaves the audience windows working, still paired with each other
    await presenter.close();
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/#\/present\/welcome\/3$/);
    await expect(second).toHaveURL(/#\/present\/welcome\/3$/);
    // a message from another version is ignored
    await page.evaluate(() =>
      new BroadcastChannel('unrolled').postMessage({ v: 99, kind: 'nav', from: 'old', slug: 'summary', slide: 0, step: 0 }),
    );
    await page.waitForTimeout(300);
    await expect(second).toHaveURL(/#\/present\/welcome\/3$/);
    // closing an audience window leaves the other one working
    await second.close();
    await page.keyboard.press('ArrowLeft');
    await expect(page).toHaveURL(/#\/present\/welcome\/2$/);
    expect(consoleErrors).toEqual([]);
  });

  test('the presenter view at 600×500, 720×800 and 1440×900: the current slide is the audience’s canvas scaled, its diagram in view, with this slide’s notes (issue 29)', async ({
    page,
    consoleErrors,
  }) => {
    test.setTimeout(90_000);
    for (const [w, h] of [
      [600, 500],
      [720, 800],
      [1440, 900],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      await page.goto('./#/notes/lstm');
      const view = page.getByTestId('presenter-view');
      const sim = view.locator('.presenter-current [data-testid="simulator"]');
      for (let i = 0; i < 15 && (await sim.count()) === 0; i++) {
        await page.keyboard.press('ArrowRight');
        await expect(view).toHaveAttribute('data-slide-number', /\d+/);
      }
      await expect(sim).toHaveAttribute('data-state', 'ready');
      // the window was resized: the frame's scale follows its box (one ResizeObserver, app/canvas.ts)
      await page.waitForFunction(() => {
        const f = document.querySelector<HTMLElement>('.presenter-current .present-frame');
        return !!f && Math.abs(Number(f.dataset.scale) - f.clientWidth / 1920) < 0.003;
      });
      const m = await page.evaluate(() => {
        const frame = document.querySelector<HTMLElement>('.presenter-current .present-frame')!;
        const f = frame.getBoundingClientRect();
        const svg = document.querySelector('.presenter-current [data-testid="sim-hero"] svg')!.getBoundingClientRect();
        const inView = (r: DOMRect) => r.top >= -1 && r.left >= -1 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1;
        // the diagram's drawn cells: rects of some size, inside the window
        const cells = Array.from(document.querySelectorAll('.presenter-current [data-testid="sim-hero"] svg rect')).filter((r) => {
          const b = r.getBoundingClientRect();
          return b.width >= 2 && b.height >= 2 && inView(b);
        }).length;
        return {
          aspect: f.width / f.height,
          scale: Number(frame.dataset.scale),
          frameW: f.width,
          svgW: svg.width,
          svgH: svg.height,
          svgInView: inView(svg),
          cells,
        };
      });
      console.log(
        `[presenter ${w}×${h}] frame ${Math.round(m.frameW)} px wide (scale ${m.scale}), diagram ${Math.round(m.svgW)}×${Math.round(m.svgH)} px, ${m.cells} cells drawn in view`,
      );
      expect(Math.abs(m.aspect - 16 / 9), `${w}×${h}: the replica keeps the canvas's 16:9`).toBeLessThan(0.03);
      expect(m.scale).toBeCloseTo(m.frameW / 1920, 2); // the audience's slide, only smaller
      expect(m.svgInView, `${w}×${h}: the diagram is in view without scrolling`).toBe(true);
      expect(m.svgW, `${w}×${h}: the diagram is ≥ 30 % of the window's width`).toBeGreaterThanOrEqual(0.3 * w);
      expect(m.cells, `${w}×${h}: the diagram's cells are drawn`).toBeGreaterThan(10);
      // this slide's own notes (the LSTM simulator's demo), not the section's
      await expect(view.getByTestId('slide-notes')).toContainText('three Show me buttons');
    }
    expect(consoleErrors).toEqual([]);
  });

  test('the clicker enters a simulator slide with the lesson’s settings unless pinned; a Show me pins and goes to its simulator; the lab trains and pauses from the clicker (issue 29)', async ({
    page,
    consoleErrors,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto('./#/present/vanishing-exploding');
    await deckSettled(page);
    const cur = page.locator('.present-stage .slide-current');
    const showMe = cur.locator('[data-show-me="vanishing"]');
    for (let i = 0; i < 20 && (await showMe.count()) === 0; i++) {
      await page.keyboard.press('ArrowRight');
      await deckSettled(page);
    }
    const textSlide = Number(await page.locator('.present-stage').getAttribute('data-slide'));
    await expect(cur.locator('[data-simulator]')).toHaveCount(0); // a text slide: the simulator is on another
    await showMe.first().click();
    await deckSettled(page);
    const sim = cur.getByTestId('simulator');
    await expect(sim).toBeVisible();
    expect(Number(await page.locator('.present-stage').getAttribute('data-slide'))).not.toBe(textSlide);
    const simUrl = new URL(page.url()).hash.split('?')[0];
    const settings = async () => {
      await sim.getByTestId('sim-settings-button').click();
      const pop = sim.getByTestId('sim-settings-popover');
      await expect(pop).toBeVisible();
      const r = { steps: await pop.getByTestId('sim-steps').inputValue(), pinned: await pop.getByTestId('sim-pin').isChecked() };
      return r;
    };
    expect(await settings()).toEqual({ steps: '50', pinned: true });
    await page.keyboard.press('Escape');
    // out by the clicker and back in: the pinned T = 50 stays
    const leaveAndReturn = async () => {
      // one press at a time: a second press sent before the first one's hash lands overshoots by a slide
      for (let i = 0; i < 20 && new URL(page.url()).hash.split('?')[0] === simUrl; i++) {
        await page.keyboard.press('ArrowRight');
        await deckSettled(page);
      }
      await page.keyboard.press('ArrowLeft');
      await deckSettled(page);
      expect(new URL(page.url()).hash.split('?')[0]).toBe(simUrl);
    };
    await leaveAndReturn();
    expect(await settings()).toEqual({ steps: '50', pinned: true });
    // unpinned, the clicker brings the lesson's T = 30 back
    await sim.getByTestId('sim-pin').uncheck();
    await page.keyboard.press('Escape');
    await leaveAndReturn();
    expect(await settings()).toEqual({ steps: '30', pinned: false });
    await page.keyboard.press('Escape');

    // the training lab's slide: → trains, → pauses, → moves on
    await page.goto('./#/present/training');
    await deckSettled(page);
    const lab = cur.getByTestId('training-lab');
    for (let i = 0; i < 10 && (await lab.count()) === 0; i++) {
      await page.keyboard.press('ArrowRight');
      await deckSettled(page);
    }
    const labUrl = new URL(page.url()).hash.split('?')[0];
    await expect(lab).toHaveAttribute('data-status', /ready|starting/);
    await page.keyboard.press('ArrowRight');
    await expect(lab).toHaveAttribute('data-status', 'playing', { timeout: 30_000 });
    expect(new URL(page.url()).hash.split('?')[0]).toBe(labUrl);
    await page.keyboard.press('ArrowRight');
    await expect(lab).toHaveAttribute('data-status', 'paused');
    expect(Number(await lab.getAttribute('data-step'))).toBeGreaterThan(0);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).hash.split('?')[0]).not.toBe(labUrl);
    expect(consoleErrors).toEqual([]);
  });

  test('LSTM slide: the backward click shows the backward view with ‖∂C/∂c_k‖ and the cell-state chain, not the forward cell (issue 29)', async ({
    page,
    consoleErrors,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto('./#/present/lstm');
    await deckSettled(page);
    const sim = page.locator('.slide-current [data-testid="simulator"]');
    // the clicker walks the section's slides onto the simulator and through its forward steps
    for (let i = 0; i < 40 && (await sim.count()) === 0; i++) {
      await page.keyboard.press('ArrowRight');
      await deckSettled(page);
    }
    await expect(sim).toHaveAttribute('data-phase', 'forward');
    const views = sim.getByTestId('sim-views');
    await expect(views).toHaveAttribute('data-hero', 'cell');
    for (let i = 0; i < 20 && (await sim.getAttribute('data-phase')) === 'forward'; i++) {
      await page.keyboard.press('ArrowRight');
      await deckSettled(page);
    }
    await expect(sim).toHaveAttribute('data-phase', 'backward');
    await expect(views).toHaveAttribute('data-hero', 'gradient');
    await expect(sim.locator('.sim-hero [data-term="dCdc"]').first()).toBeVisible();
    await expect(sim.locator('.sim-eq')).toContainText('direct path');
    // ← goes back to the forward cell
    await page.keyboard.press('ArrowLeft');
    await expect(views).toHaveAttribute('data-hero', 'cell');
    expect(consoleErrors).toEqual([]);
  });

  test('a quiz answered in the presenter view shows on the audience screen, and the other way (issue 29)', async ({
    page,
    context,
    consoleErrors,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    // the section's last slide: its quiz (a slide past the end shows the last one, with a notice)
    await page.goto('./#/present/lstm/99');
    await deckSettled(page);
    const audience = page.locator('.slide-current .quiz-question');
    await expect(audience).toBeVisible();
    const [presenter] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('s')]);
    const mirror = presenter.locator('.presenter-current .quiz-question');
    await expect(mirror).toBeVisible();
    // checked in the presenter view: the audience sees the same pick and the same verdict
    await mirror.locator('[data-option="1"]').click();
    await expect(audience.locator('[data-option="1"] input')).toBeChecked();
    await mirror.getByRole('button', { name: /Check/ }).click();
    await expect(mirror).not.toHaveAttribute('data-status', 'open');
    const verdict = await mirror.getAttribute('data-status');
    await expect(audience).toHaveAttribute('data-status', verdict ?? '');
    // another pick on the audience screen clears the verdict in both until it is checked
    await audience.locator('[data-option="0"]').click();
    await expect(mirror.locator('[data-option="0"] input')).toBeChecked();
    await expect(audience).toHaveAttribute('data-status', 'open');
    await expect(mirror).toHaveAttribute('data-status', 'open');
    expect(consoleErrors).toEqual([]);
  });

  test('axe: no serious or critical violation on slides, the overview and the presenter view', async ({ page, context }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    const check = async (p: Page, what: string) => {
      const res = await axeScan(p, { tags: WCAG_TAGS });
      return res.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${what}: ${v.id} ${v.nodes[0]?.target.join(' ')}`);
    };
    const bad: string[] = [];
    for (const hash of ['#/present/welcome/3/1', '#/present/bptt/3', '#/present/lstm/6', '#/present/comparison']) {
      await page.goto(`./${hash}`);
      await deckSettled(page);
      bad.push(...(await check(page, hash)));
    }
    await page.keyboard.press('o');
    await expect(page.getByRole('dialog', { name: /All slides/ })).toBeVisible();
    bad.push(...(await check(page, 'overview')));
    await page.keyboard.press('Escape');
    const [presenter] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('s')]);
    await expect(presenter.getByTestId('presenter-view')).toBeVisible();
    await expect(presenter.locator('[data-speaker-notes]').first()).toBeVisible();
    bad.push(...(await check(presenter, 'presenter view')));
    expect(bad).toEqual([]);
  });
});
