import type { Page } from '@playwright/test';
import { test, expect, openSection } from './fixtures';

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
  await page.waitForFunction(() => {
    const sims = document.querySelectorAll<HTMLElement>('.present-stage [data-simulator]');
    return Array.from(sims).every((s) => s.querySelector<HTMLElement>('[data-testid="simulator"]')?.dataset.state === 'ready');
  });
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
      const equations = Array.from(s.querySelectorAll<HTMLElement>('.katex-display')).map((k) => {
        const r = k.getBoundingClientRect();
        return {
          inside: r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1,
          fits: k.scrollWidth <= k.clientWidth + 1,
        };
      });
      const buttons = Array.from(s.querySelectorAll('button')).filter(shown).length;
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
    if (what === 'a simulator') expect(slides.some((s) => s.svgs > 0)).toBe(true);
    if (what === 'long equations') expect(slides.flatMap((s) => s.equations).length).toBeGreaterThan(0);

    const pdf = await page.pdf(pdfOptions);
    const pages = pdfPages(pdf);
    console.log(`print: ${slug}: ${count} slides → ${pages} PDF pages (${(pdf.length / 1024).toFixed(0)} KiB)`);
    expect(pages).toBe(count);
  });
}

test('reading mode prints a clean article: no sidebar, toolbar or simulator controls', async ({ page }) => {
  await openSection(page, 'vanilla-cell');
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() =>
    ['.toolbar', '.sidebar', '.sim-transport', '.sim-settings', '.simulator-slot button', '.quiz-actions'].filter((sel) =>
      Array.from(document.querySelectorAll(sel)).some((el) => el.getBoundingClientRect().height > 0),
    ),
  );
  expect(shown).toEqual([]);
  const cut = await page.evaluate(
    () => Array.from(document.querySelectorAll<HTMLElement>('.katex-display')).filter((k) => k.scrollWidth > k.clientWidth + 1).length,
  );
  expect(cut, 'display equations cut off').toBe(0);
  const pages = pdfPages(await page.pdf({ printBackground: true }));
  console.log(`print: reading vanilla-cell → ${pages} PDF pages`);
  expect(pages).toBeGreaterThan(0);
});
