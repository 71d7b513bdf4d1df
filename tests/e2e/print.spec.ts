import type { Page } from '@playwright/test';
import { test, expect, openSection, pageSettled, axeScan, WCAG_TAGS } from './fixtures';
import { ink, readPdf } from './pdf';
// declares window.__unrolledSim
import type {} from '../../src/store/testHooks';

/**
 * Handouts (issue 10, item 6), through Chromium's own PDF output: printing a section in
 * presentation mode gives one 16:9 page per slide (page count = the section's slide count, no blank
 * page, no slide or equation cut off); printing in reading mode gives a clean article.
 */

test.use({ enginePref: 'cpu', viewport: { width: 1280, height: 720 } });

/** Pages in a PDF: its page objects (`/Type /Page`, not `/Pages`). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;
}

/** A 16:9 page in inches, as PresentStage's @page rule sets it. */
const pdfOptions = { landscape: true, printBackground: true, preferCSSPageSize: true };

/** Presentation mode of a section, every simulator of it drawn. */
async function present(page: Page, slug: string) {
  await openSection(page, slug, 'present');
  // every simulator drawn, its equations typeset in their fonts: what is measured next does not move under it
  await pageSettled(page, 'cpu');
}

/** What each slide is as printed (emulated print media at the page's 1280 × 720 CSS px). */
async function printedSlides(page: Page) {
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const slides = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.present-stage .slide')).map((s) => {
      const box = s.getBoundingClientRect();
      const shown = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      };
      const text = (s.innerText ?? '').trim().length;
      const svgs = Array.from(s.querySelectorAll('svg')).filter((v) => shown(v) && v.querySelector('path, rect, circle, line, text')).length;
      // (an equation the slide does not show, e.g. a simulator's other phase, prints nothing)
      const equations = Array.from(s.querySelectorAll<HTMLElement>('.katex-display'))
        .filter(shown)
        .map((k) => {
          const r = k.getBoundingClientRect();
          return {
            inside: r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1,
            fits: k.scrollWidth <= k.clientWidth + 1,
          };
        });
      // the readout's value chips are buttons on screen and numbers on paper (they print)
      const buttons = Array.from(s.querySelectorAll('button:not(.dv-chip)')).filter(shown).length;
      return { height: box.height, overflow: s.scrollHeight - s.clientHeight, text, svgs, equations, buttons };
    }),
  );
  const chrome = await page.evaluate(() =>
    ['.present-bar', '.toolbar', '.sidebar', '.deck-notice'].filter((sel) => {
      const el = document.querySelector(sel);
      return el && el.getBoundingClientRect().height > 0;
    }),
  );
  await page.emulateMedia({ media: null });
  return { slides, chrome };
}

test('the PDF page counter counts pages, not the page tree', async ({ page }) => {
  await page.setContent(
    '<style>@page { size: 13.333in 7.5in; margin: 0 } div { break-after: page } div:last-child { break-after: auto }</style><div>1</div><div>2</div><div>3</div>',
  );
  expect(pdfPages(await page.pdf(pdfOptions))).toBe(3);
});

test('the PDF reader reads the text and the ink of a page printed without background graphics', async ({ page }) => {
  await page.setContent(
    '<style>@page { size: 13.333in 7.5in; margin: 0 } body { background: #000; color: #fff }</style><p>y = −0.462 and 1.5e-3</p>' +
      '<svg width="400" height="200"><line x1="0" y1="0" x2="300" y2="100" stroke="#fff" stroke-width="3" /><line x1="0" y1="150" x2="300" y2="150" stroke="#222" /><text x="100" y="190" fill="#eee">label 12</text></svg>',
  );
  const [p] = readPdf(await page.pdf({ ...pdfOptions, printBackground: false }));
  expect(p.text).toContain('−0.462');
  expect(p.text).toContain('label 12');
  // the dark line is ink; the white line and the near-white label (8 glyphs) all but vanish on paper
  expect(ink(p)).toEqual({ ink: 1, faint: 9 });
});

for (const [slug, what] of [
  ['introduction', 'text'],
  ['vanilla-cell', 'a simulator'],
  ['bptt', 'long equations'],
] as const) {
  test(`presentation handouts of “${slug}” (${what}): one landscape page per slide, none blank, nothing cut`, async ({ page }) => {
    await present(page, slug);
    const count = await page.locator('.present-stage .slide').count();
    expect(count).toBeGreaterThan(1);
    const { slides, chrome } = await printedSlides(page);
    expect(chrome, 'no bar, toolbar, sidebar or notice in print').toEqual([]);
    slides.forEach((s, i) => {
      expect(s.height, `slide ${i + 1} is one page tall`).toBeLessThanOrEqual(720.5);
      expect(s.overflow, `slide ${i + 1} is not cut off`).toBeLessThanOrEqual(1);
      expect(s.text + s.svgs, `slide ${i + 1} has content`).toBeGreaterThan(0);
      expect(s.buttons, `slide ${i + 1} prints no buttons`).toBe(0);
      s.equations.forEach((e, j) => expect(e, `slide ${i + 1}, equation ${j + 1} inside and not cut`).toEqual({ inside: true, fits: true }));
    });
    if (what === 'a simulator') {
      expect(slides.some((s) => s.svgs > 0)).toBe(true);
      // the readouts print their numbers (issue 29, item 8: "y₈ = F(h₈) =   GT₈ =" printed blank), and a
      // printer without background graphics (the browser's default) keeps the drawing's lines and
      // labels whatever the screen's theme: paper is the light palette
      const shownReadouts = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.present-stage .slide [data-simulator] .dv-chip'))
          .map((c) => c.textContent?.trim() ?? '')
          .filter(Boolean),
      );
      expect(shownReadouts.length, 'the simulator slides show readouts').toBeGreaterThan(1);
      const inkOf = async () => {
        const pdfPagesRead = readPdf(await page.pdf({ ...pdfOptions, printBackground: false }));
        return {
          text: pdfPagesRead.map((p) => p.text).join(' '),
          ...pdfPagesRead.map(ink).reduce((a, b) => ({ ink: a.ink + b.ink, faint: a.faint + b.faint })),
        };
      };
      const light = await inkOf();
      // "−" as printed may be U+2212 or '-': compare the digits
      const digits = (t: string) => t.replace(/[−-]/g, '');
      for (const r of shownReadouts) expect(digits(light.text), `the readout ${r} is in the PDF's text`).toContain(digits(r));
      await page.evaluate(() => {
        const stored = JSON.parse(localStorage.getItem('unrolled:prefs') ?? '{"state":{},"version":1}');
        localStorage.setItem('unrolled:prefs', JSON.stringify({ ...stored, state: { ...stored.state, theme: 'contrast' } }));
      });
      await page.reload();
      await present(page, slug);
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');
      const projector = await inkOf();
      console.log(
        `print: ${slug} without background graphics: ink ${light.ink} (light) vs ${projector.ink} (projector theme on screen); faint ${light.faint} vs ${projector.faint}`,
      );
      expect(projector.ink, 'the projector theme prints as much ink as the light theme').toBeGreaterThanOrEqual(0.8 * light.ink);
      expect(projector.faint, 'and no more near-white marks').toBeLessThanOrEqual(light.faint * 1.25 + 5);
      // the screen is the projector theme again once printed
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');
    }
    if (what === 'long equations') expect(slides.flatMap((s) => s.equations).length).toBeGreaterThan(0);

    const pdf = await page.pdf(pdfOptions);
    const pages = pdfPages(pdf);
    console.log(`print: ${slug}: ${count} slides → ${pages} PDF pages (${(pdf.length / 1024).toFixed(0)} KiB)`);
    expect(pages).toBe(count);
  });
}

test('reading mode prints a clean article: no sidebar, toolbar or simulator controls', async ({ page }) => {
  await openSection(page, 'vanilla-cell');
  // every simulator drawn first: what prints must not depend on how far the page had got
  await expect(page.locator('[data-testid="simulator"]').first()).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.locator('[data-testid="simulator"][data-state="ready"]')).toHaveCount(await page.locator('[data-testid="simulator"]').count(), {
    timeout: 60_000,
  });
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() =>
    // the readout's value chips are buttons on screen and numbers on paper: they print (issue 29, item 8)
    ['.toolbar', '.sidebar', '.sim-transport', '.sim-settings', '.simulator-slot button:not(.dv-chip)', '.quiz-actions'].filter((sel) =>
      Array.from(document.querySelectorAll(sel)).some((el) => el.getBoundingClientRect().height > 0),
    ),
  );
  expect(shown).toEqual([]);
  const readouts = await page.evaluate(
    () => Array.from(document.querySelectorAll('.simulator-slot .dv-chip')).filter((el) => el.getBoundingClientRect().height > 0).length,
  );
  expect(readouts, 'the readouts print their numbers').toBeGreaterThan(0);
  const cut = await page.evaluate(
    () => Array.from(document.querySelectorAll<HTMLElement>('.katex-display')).filter((k) => k.scrollWidth > k.clientWidth + 1).length,
  );
  expect(cut, 'display equations cut off').toBe(0);
  const pages = pdfPages(await page.pdf({ printBackground: true }));
  console.log(`print: reading vanilla-cell → ${pages} PDF pages`);
  expect(pages).toBeGreaterThan(0);
});

test('the whole lecture prints: every slide of every section, one landscape page each, none blank, nothing cut', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./#/handout');
  const handout = page.getByTestId('handout');
  // every section is code-split: the page loads them all and says when every slide is drawn
  await expect(handout).toHaveAttribute('data-ready', 'true', { timeout: 240_000 });
  const total = Number(await handout.getAttribute('data-slides'));
  expect(await page.locator('.handout .lesson-present .slide').count(), 'every slide of the deck is on the page').toBe(total);
  expect(await page.locator('.handout .lesson-present').count()).toBe(15);

  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const slides = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.handout .lesson-present .slide')).map((s) => {
      const box = s.getBoundingClientRect();
      const shown = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      };
      // (an equation the slide does not show, e.g. a simulator's other phase, prints nothing)
      const equations = Array.from(s.querySelectorAll<HTMLElement>('.katex-display'))
        .filter(shown)
        .map((k) => {
          const r = k.getBoundingClientRect();
          return {
            inside: r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1,
            fits: k.scrollWidth <= k.clientWidth + 1,
          };
        });
      // a box that scrolls on screen is cut off on paper
      const scrollers = Array.from(s.querySelectorAll<HTMLElement>('*'))
        .filter((el) => !el.closest('.katex') && shown(el) && /(auto|scroll)/.test(getComputedStyle(el).overflowY + getComputedStyle(el).overflowX))
        .filter((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.className || el.tagName);
      return {
        where: `${s.closest('[data-lesson]')?.getAttribute('data-lesson')} ${Number(s.dataset.slide) + 1}`,
        height: box.height,
        top: box.top + window.scrollY,
        overflow: s.scrollHeight - s.clientHeight,
        text: (s.innerText ?? '').trim().length,
        svgs: Array.from(s.querySelectorAll('svg')).filter((v) => shown(v) && v.querySelector('path, rect, circle, line, text')).length,
        equations,
        scrollers,
        buttons: Array.from(s.querySelectorAll('button:not(.dv-chip)')).filter(shown).length,
      };
    }),
  );
  const bar = await page.locator('.handout-bar').evaluate((el) => el.getBoundingClientRect().height);
  await page.emulateMedia({ media: null });
  expect(bar, 'the handout bar does not print').toBe(0);
  // every problem at once (a list), not only the first
  const problems = slides.flatMap((s, i) => [
    ...(Math.abs(s.height - 720) > 0.5 ? [`${s.where}: ${s.height.toFixed(1)} px tall, not one 720 px page`] : []),
    ...(Math.abs(s.top - i * 720) > 0.5 ? [`${s.where}: starts at ${s.top.toFixed(1)} px, not at the top of page ${i + 1}`] : []),
    ...(s.overflow > 1 ? [`${s.where}: content overflows its page by ${s.overflow} px`] : []),
    ...(s.scrollers.length > 0 ? [`${s.where}: cut off inside ${s.scrollers.join(', ')}`] : []),
    ...(s.text + s.svgs === 0 ? [`${s.where}: blank`] : []),
    ...(s.buttons > 0 ? [`${s.where}: prints ${s.buttons} button(s)`] : []),
    ...s.equations.flatMap((e, j) =>
      e.inside && e.fits ? [] : [`${s.where}: equation ${j + 1} ${e.inside ? '' : 'outside its page '}${e.fits ? '' : 'cut off at the side'}`],
    ),
  ]);
  expect(problems).toEqual([]);
  expect(slides.filter((s) => s.svgs > 0).length, 'the simulators print as drawn').toBeGreaterThanOrEqual(9);

  const t0 = Date.now();
  const pdf = await page.pdf(pdfOptions);
  const pages = pdfPages(pdf);
  console.log(`print: whole lecture: ${total} slides → ${pages} PDF pages (${(pdf.length / 1024).toFixed(0)} KiB, ${Date.now() - t0} ms)`);
  expect(pages).toBe(total);
});

/** Installs window.__heroes(): each simulator hero on the page, its content's height and whether its drawing fits its box and its slide. */
async function installHeroes(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __heroes: () => unknown }).__heroes = () =>
      Array.from(document.querySelectorAll<HTMLElement>('.lesson-present .slide [data-testid="sim-hero"]')).map((h) => {
        const slide = h.closest<HTMLElement>('.slide')!;
        const content = h.querySelector<HTMLElement>('.sim-hero-content')!;
        const s = slide.getBoundingClientRect();
        const b = h.getBoundingClientRect();
        const c = content.getBoundingClientRect();
        const right = Math.max(
          c.right,
          ...Array.from(content.querySelectorAll('.dv-grad-layout, .dv-scroll, .uv-scroll')).map((e) => e.getBoundingClientRect().right),
        );
        const sim = h.closest<HTMLElement>('[data-testid="simulator"]');
        const eq = slide.querySelector<HTMLElement>('.sim-eq');
        return {
          slide: Number(slide.dataset.slide) + 1,
          // what the box depends on, for a failure's message: the equations above it, the simulator's state
          eqH: Math.round(eq?.getBoundingClientRect().height ?? -1),
          sim: `${sim?.dataset.state}/${sim?.dataset.phase}/${sim?.dataset.step}/${sim?.dataset.results}`,
          contentH: Math.round(c.height),
          boxH: Math.round(b.height),
          fits: b.height > 50 && c.height <= b.height + 1 && right <= b.right + 1 && b.bottom <= s.bottom + 1 && b.right <= s.right + 1,
        };
      });
  });
}
type Hero = { slide: number; eqH: number; sim: string; contentH: number; boxH: number; fits: boolean };
const heroes = (page: Page) => page.evaluate(() => (window as unknown as { __heroes: () => Hero[] }).__heroes());

test('Ctrl+P without the print button: the simulators re-fit to the printed page before it is laid out', async ({ page }) => {
  await present(page, 'vanilla-cell');
  const count = await page.locator('.present-stage .slide').count();
  await installHeroes(page);
  // the simulator's slide is not the one shown: on screen its hero has no box to fit
  const onScreen = await heroes(page);
  expect(onScreen.length).toBeGreaterThan(0);
  expect(onScreen.every((h) => h.boxH === 0)).toBe(true);

  // what a real Ctrl+P does first: beforeprint, then the print layout with no frame in between, so
  // the heroes are measured in the same task, right after the event
  const { printing, fitted } = await page.evaluate(() => {
    window.dispatchEvent(new Event('beforeprint'));
    return {
      printing: document.documentElement.hasAttribute('data-printing'),
      fitted: (window as unknown as { __heroes: () => Hero[] }).__heroes(),
    };
  });
  expect(printing).toBe(true);
  expect(
    fitted.every((h) => h.fits && h.contentH > 0),
    JSON.stringify(fitted),
  ).toBe(true);

  // under print media the layout is the one seen in beforeprint: same boxes, same drawings (nothing re-fits: the canvas at page size)
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const printed = await heroes(page);
  expect(
    printed.map((h) => h.boxH),
    `printed ${JSON.stringify(printed)}, fitted ${JSON.stringify(fitted)}`,
  ).toEqual(fitted.map((h) => h.boxH));
  printed.forEach((h, i) => {
    expect(h.fits, `slide ${h.slide}: the hero fits its printed page`).toBe(true);
    expect(h.contentH).toBe(fitted[i].contentH);
  });
  await page.emulateMedia({ media: null });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  expect(await page.evaluate(() => document.documentElement.hasAttribute('data-printing'))).toBe(false);

  // and Chromium's PDF (which fires beforeprint itself), the button never pressed
  const pages = pdfPages(await page.pdf(pdfOptions));
  expect(pages).toBe(count);
  expect(await page.evaluate(() => document.documentElement.hasAttribute('data-printing')), 'afterprint undid it').toBe(false);
});

test('the handout page passes axe (WCAG 2.2 A/AA and the experimental rules): its slides are in a main landmark', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./#/handout');
  await expect(page.getByTestId('handout')).toHaveAttribute('data-ready', 'true', { timeout: 240_000 });
  const results = await axeScan(page, { tags: [...WCAG_TAGS, 'experimental'] });
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0]?.target.join(' ')}`);
  expect(
    found.filter((f) => / \((serious|critical)\)/.test(f)),
    found.join('\n'),
  ).toEqual([]);
  // the page's content is in landmarks: the bar (banner) and the slides (main)
  expect(found.filter((f) => /^(landmark-one-main|region) /.test(f))).toEqual([]);
});

test('“Print whole lecture” in the overview opens the handout in a window of its own, which prints once everything is drawn', async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  // count the print dialogs a window asks for (headless Chromium shows none)
  await context.addInitScript(() => {
    (window as unknown as { __prints: number }).__prints = 0;
    window.print = () => void ((window as unknown as { __prints: number }).__prints += 1);
  });
  await context.addInitScript(() => {
    window.__UNROLLED_TEST_HOOKS__ = true;
  });
  await present(page, 'bptt');
  // a change made while presenting: the handout shows the simulators as the presentation does
  await page.evaluate(() => window.__unrolledSim!.set('bptt', { units: 5 }));
  await expect.poll(() => page.evaluate(() => (window.__unrolledSim!.settings('bptt') as { units: number }).units)).toBe(5);
  await page.keyboard.press('o');
  const overview = page.getByTestId('overview');
  await expect(overview).toBeVisible();
  const [handout] = await Promise.all([context.waitForEvent('page'), overview.getByRole('button', { name: 'Print whole lecture' }).click()]);
  await expect(handout).toHaveURL(/#\/handout\/print/);
  await expect(handout.getByTestId('handout')).toHaveAttribute('data-ready', 'true', { timeout: 200_000 });
  const total = await handout.getByTestId('handout').getAttribute('data-slides');
  await expect(handout.getByTestId('handout-status')).toContainText(`${total} slides`);
  await expect.poll(() => handout.evaluate(() => (window as unknown as { __prints: number }).__prints)).toBe(1);
  expect(await handout.evaluate(() => (window.__unrolledSim!.settings('bptt') as { units: number }).units)).toBe(5);
  expect(await handout.evaluate(() => window.__unrolledSim!.trace('bptt')?.h[0].length)).toBe(5);
  // the presentation goes on where it was
  await expect(page.locator('.present-stage')).toHaveAttribute('data-slug', 'bptt');
  expect(await page.evaluate(() => (window as unknown as { __prints: number }).__prints)).toBe(0);
});
