import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { LECTURE_EQUATIONS } from '../../lessons/equations';
import type { Quote } from '../../src/lesson-kit/ShowMe';
import { matchesQuote, parseShowMe, type ShowMeTag } from '../helpers/quotes';
import { test, expect, openSection, engineBackend, enableTestHooks } from './fixtures';
// declares window.__UNROLLED_TEST_HOOKS__ and window.__unrolledSim
import type {} from '../../src/store/testHooks';

/**
 * Issue 7, in the built app on WebGL: every "Show me" button sets its simulator so that the page
 * shows the numbers its sentence quotes (to their printed precision); the LSTM's backward view
 * plots ‖∂C_T/∂c_k‖ beside ‖∂C_T/∂h_k‖; the GRU form switch; lecture equations vs derived ones.
 * The <ShowMe> tags are read from lessons/*.mdx, so a new button is tested without editing this file.
 */

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../lessons');
const files = readdirSync(dir).filter((f) => f.endsWith('.mdx'));
const SLUG = (f: string) => /slug: '([^']+)'/.exec(readFileSync(join(dir, f), 'utf8'))![1];
const bySlug = new Map<string, ShowMeTag[]>();
for (const f of files) {
  const tags = parseShowMe(readFileSync(join(dir, f), 'utf8'), f);
  if (tags.length) bySlug.set(SLUG(f), tags);
}

test.beforeEach(({ page }) => enableTestHooks(page));

const simOf = (page: Page, preset: string): Locator => page.locator(`figure[data-simulator="${preset}"] [data-testid="simulator"]`);

/** The number the page shows for a quote, or NaN while it is not there yet. */
async function shown(sim: Locator, q: Quote, lossStep: number, step: number): Promise<number> {
  if (q.of === 'dCdh' || q.of === 'dCdc') {
    const view = sim.locator('.dv-grad-view');
    if ((await view.getAttribute('data-loss-step')) !== String(lossStep)) return NaN;
    // the gradient view's table: one row per state, columns state, distance, ‖∂C/∂h_k‖ (, ‖∂C/∂c_k‖)
    const table = view.locator('details.dv-data', { hasText: 'Gradient norms as a table' });
    if (!(await table.evaluate((d) => (d as HTMLDetailsElement).open))) await table.locator('summary').click();
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    const row = rows.find((r) => r[1] === String(q.distance));
    if (!row) return NaN;
    const text = row[q.of === 'dCdh' ? 2 : 3] ?? '';
    // and the plot point announces the same value
    const k = rows.indexOf(row);
    const label = (await view.locator(`.dv-plot [data-term="${q.of}"][data-step="${k}"]`).getAttribute('aria-label')) ?? '';
    // the exact value behind both (rounding the table's 4 digits again to the quote's 3 would round twice)
    const raw = (
      JSON.parse((await view.locator('.dv-grad-plot').getAttribute(q.of === 'dCdh' ? 'data-norms' : 'data-cnorms')) ?? '[]') as number[]
    )[k];
    const printed = /= ([^,]+?)(?:,|$)/.exec(label)?.[1] ?? '';
    const tableText = text.replace(/\s.*$/, '');
    if (!matchesQuote(raw, tableText.replace('−', '-')) || !matchesQuote(raw, printed.replace('−', '-'))) return NaN;
    return raw;
  }
  if (q.of === 'sigma') return Number((await sim.getByTestId('sim-sigma').textContent())?.replace('−', '-'));
  if (q.of === 'params') return Number(await sim.getByTestId('sim-params').getAttribute('data-value'));
  // a gate value, from the cell view's table of the values at the current step
  const g = q as Extract<Quote, { of: 'gate' }>;
  const table = sim.locator('details.dv-data', { hasText: `Values at t = ${step + 1} as a table` });
  if ((await table.count()) === 0) return NaN;
  if (!(await table.evaluate((d) => (d as HTMLDetailsElement).open))) await table.locator('summary').click();
  const headers = await table.locator('thead th').allTextContents();
  const col = headers.findIndex((h) => h.startsWith(`${g.gate}_${step + 1} `));
  if (col < 0) return NaN;
  const cell = table.locator(`tbody tr:nth-child(${g.unit}) > :nth-child(${col + 1})`);
  return Number((await cell.textContent())?.replace('−', '-'));
}

test.describe('Show me buttons reproduce the numbers their sentences quote', () => {
  for (const [slug, tags] of bySlug) {
    test(`${slug}: ${tags.length} button(s)`, async ({ page, consoleErrors }) => {
      await openSection(page, slug);
      if (
        tags.some(
          (t) =>
            readFileSync(join(dir, t.file), 'utf8').slice(0, t.at).lastIndexOf('<SpeakerNotes>') >
            readFileSync(join(dir, t.file), 'utf8').slice(0, t.at).lastIndexOf('</SpeakerNotes>'),
        )
      )
        await page.getByRole('button', { name: 'Instructor notes' }).click();
      for (const tag of tags) {
        const preset = String(tag.props.preset);
        const label = String(tag.props.label);
        const button = page.locator(`button[data-show-me="${preset}"][data-label="${label}"]`);
        await expect(button, label).toHaveCount(1);
        await expect(button).toBeVisible();
        await button.click();
        const sim = simOf(page, preset);
        await expect(sim).toBeInViewport({ timeout: 10_000 });
        // the store holds exactly the setup
        const want = (tag.props.settings ?? {}) as Record<string, unknown>;
        await expect
          .poll(
            async () => {
              const got = (await page.evaluate((id) => window.__unrolledSim?.settings(id), preset)) as Record<string, unknown> | null;
              return got ? Object.entries(want).every(([k, v]) => got[k] === v) : false;
            },
            { timeout: 20_000 },
          )
          .toBe(true);
        await expect(sim).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
        const pb = (tag.props.playback ?? {}) as { lossStep?: number; step?: number; phase?: string };
        const lossStep = pb.lossStep ?? 0;
        const step = pb.step ?? (pb.phase === 'backward' ? lossStep : 0);
        for (const q of (tag.props.quotes ?? []) as Quote[]) {
          await expect
            .poll(async () => matchesQuote(await shown(sim, q, lossStep, step), q.value), {
              message: `${slug} / ${label}: ${JSON.stringify(q)}`,
              timeout: 60_000,
            })
            .toBe(true);
        }
        // the button announces what it did
        await expect(page.locator(`[id="${await button.getAttribute('aria-describedby')}"]`)).toContainText('now shows');
      }
      expect(await engineBackend(page)).toBe('webgl');
      expect(consoleErrors).toEqual([]);
    });
  }
});

test('the LSTM backward view plots ‖∂C_T/∂c_k‖ beside ‖∂C_T/∂h_k‖; the GRU view does not', async ({ page, consoleErrors }) => {
  await openSection(page, 'lstm');
  await page.locator('button[data-show-me="lstm"][data-label="forget bias 3"]').click();
  const sim = simOf(page, 'lstm');
  await expect(sim).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const view = sim.locator('.dv-grad-view');
  await expect(view.getByTestId('grad-series-legend')).toContainText('∂c');
  await expect.poll(async () => view.locator('.dv-plot [data-term="dCdc"]').count(), { timeout: 60_000 }).toBe(50);
  await expect(view.locator('.dv-plot [data-term="dCdh"]')).toHaveCount(50);
  await expect(view.getByTestId('grad-cnorm-first')).toBeVisible();
  // words and picture agree: with forget bias 3 both lines are level after the first step
  await expect(view.getByTestId('grad-ctrend')).toContainText('neither vanishing nor exploding');
  await expect(view.getByTestId('grad-trend')).toContainText('distance 0 → 1');
  await expect(view.getByTestId('grad-trend')).not.toContainText('vanishes');
  // the table has the cell-state column
  await view.locator('details.dv-data summary', { hasText: 'Gradient norms as a table' }).click();
  await expect(view.locator('details.dv-data th', { hasText: '/∂c_k‖' })).toBeVisible();
  // bias 0: the cell-state gradient vanishes and the sentence says so
  await page.locator('button[data-show-me="lstm"][data-label="forget bias 0"]').click();
  await expect(view.getByTestId('grad-ctrend')).toContainText('it vanishes', { timeout: 60_000 });

  await openSection(page, 'gru');
  const gru = simOf(page, 'gru');
  await expect(gru).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await gru.getByRole('radio', { name: 'Backward (BPTT)' }).check();
  await expect(gru.locator('.dv-plot [data-term="dCdh"]').first()).toBeAttached({ timeout: 60_000 });
  await expect(gru.locator('[data-term="dCdc"]')).toHaveCount(0);
  await expect(gru.getByTestId('grad-series-legend')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('the LSTM worked by hand (issue 24): its Show me buttons put the page’s numbers in the simulator, gate by gate and one step back', async ({
  page,
  consoleErrors,
}) => {
  await openSection(page, 'lstm');
  const sim = simOf(page, 'lstm');
  // forward: the cell at t = 2, read off the cell view's table of values
  await page.locator('button[data-show-me="lstm"][data-label="the hand-worked LSTM, step 2"]').click();
  await expect(sim).toBeInViewport({ timeout: 10_000 });
  await expect(sim.getByTestId('sim-lstm-hand-example')).toContainText('W');
  await expect(sim.locator('.sim-task')).toContainText('Hand-worked LSTM');
  await expect(sim).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect.poll(async () => page.evaluate(() => window.__unrolledSim!.spec('lstm')?.units), { timeout: 60_000 }).toBe(1);
  const table = sim.locator('details.dv-data', { hasText: 'Values at t = 2 as a table' });
  await expect(table).toHaveCount(1, { timeout: 60_000 });
  if (!(await table.evaluate((d) => (d as HTMLDetailsElement).open))) await table.locator('summary').click();
  const read = async () => {
    const heads = await table.locator('thead th').allTextContents();
    const cells = await table.locator('tbody tr:nth-child(1) > *').allTextContents();
    return Object.fromEntries(heads.map((h, k) => [h.split(' ')[0], cells[k]]));
  };
  // the numbers the lesson prints on its hand-worked slides, as the table prints them
  const want = { x_2: '−1.000', h_1: '0.428', c_1: '0.671', i_2: '0.119', f_2: '0.881', g_2: '−0.517', o_2: '0.269', c_2: '0.529', h_2: '0.130' };
  await expect.poll(read, { timeout: 60_000 }).toMatchObject(want);
  // and the page's worked example prints each of them (KaTeX sets its own minus sign)
  const body = page.locator('[data-lesson="lstm"] .lesson-body');
  for (const [k, v] of Object.entries(want)) if (k !== 'x_2') await expect(body).toContainText(v.replace('−', ''));
  // backward: ‖∂C₂/∂h_k‖ and ‖∂C₂/∂c_k‖ for k = 2, 1 in the gradient view's table
  await page.locator('button[data-show-me="lstm"][data-label="the hand-worked LSTM, one step back"]').click();
  const view = sim.locator('.dv-grad-view');
  await expect(view).toHaveAttribute('data-loss-step', '1', { timeout: 60_000 });
  const grads = view.locator('details.dv-data', { hasText: 'Gradient norms as a table' });
  if (!(await grads.evaluate((d) => (d as HTMLDetailsElement).open))) await grads.locator('summary').click();
  const rows = async () =>
    Object.fromEntries(
      (await grads.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')))).map((r) => [
        r[1],
        [r[2], r[3]].map((c) => c.replace(/\s.*$/, '')),
      ]),
    );
  // distance 0: ∂C₂/∂h₂ = 0.261, ∂C₂/∂c₂ = 0.0536; distance 1: ∂C₂/∂h₁ = 0.00469, ∂C₂/∂c₁ = 0.0495 (the table's 4 digits)
  await expect.poll(rows, { timeout: 60_000 }).toEqual({ '0': ['0.2608', '0.05365'], '1': ['0.004687', '0.04950'] });
  expect(await engineBackend(page)).toBe('webgl');
  expect(consoleErrors).toEqual([]);
});

test('GRU form switch: each form with its parameter count; the Keras form runs reset-after; tampering falls back', async ({
  page,
  consoleErrors,
}) => {
  await openSection(page, 'gru');
  const sim = simOf(page, 'gru');
  await expect(sim).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const form = sim.getByTestId('sim-gru-form');
  await expect(form.getByTestId('sim-gru-params-tfjs')).toHaveText('72');
  await expect(form.getByTestId('sim-gru-params-keras')).toHaveText('84');
  await expect(sim.getByTestId('sim-params')).toHaveAttribute('data-value', '72');
  await form.getByRole('radio', { name: /Keras default & PyTorch/ }).check();
  await expect(sim.getByTestId('sim-params')).toHaveAttribute('data-value', '84');
  await expect.poll(async () => page.evaluate(() => window.__unrolledSim!.spec('gru')?.resetAfter ?? false), { timeout: 60_000 }).toBe(true);
  await expect(sim.locator('.sim-eq')).toContainText('reset after the product');
  const bias = await page.evaluate(() => window.__unrolledSim!.spec('gru')!.weights.bias as number[][]);
  expect(bias.length).toBe(2);
  expect(bias[0].length).toBe(12);
  await expect(sim.getByTestId('sim-defaults')).toContainText('Keras default & PyTorch');
  // a tampered value goes back to the default form; the page stays up
  await page.evaluate(() => window.__unrolledSim!.set('gru', { gruForm: 'cudnn' }));
  await expect(form.getByRole('radio', { name: /TensorFlow\.js/ })).toBeChecked();
  await expect(sim).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(sim.getByTestId('sim-error')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('the equations test knows lecture equations from derived ones', async ({ page, consoleErrors }) => {
  const norm = (tex: string) =>
    tex
      .replace(/\s+/g, ' ')
      .replace(/\s*([{}()\\])\s*/g, '$1')
      .trim();
  const slugs = [...new Set(LECTURE_EQUATIONS.map((e) => e.slug))];
  expect(LECTURE_EQUATIONS.some((e) => e.origin === 'derived')).toBe(true);
  for (const slug of slugs) {
    await openSection(page, slug);
    const shownEqs = await page.locator(`[data-lesson="${slug}"] .katex-display`).evaluateAll((els) =>
      els.map((el) => ({
        tex: el.querySelector('annotation[encoding="application/x-tex"]')?.textContent ?? '',
        derived: el.closest('[data-eq-origin="derived"]') !== null,
      })),
    );
    for (const e of LECTURE_EQUATIONS.filter((x) => x.slug === slug)) {
      const found = shownEqs.filter((s) => norm(s.tex) === norm(e.tex));
      expect(found.length, `${slug}: ${e.tex}`).toBeGreaterThan(0);
      for (const f of found) expect(f.derived, `${slug}: ${e.tex} is ${e.origin}`).toBe(e.origin === 'derived');
    }
    // every derived block says so on the page
    const labels = page.locator(`[data-lesson="${slug}"] [data-eq-origin="derived"] .eq-origin-label`);
    const n = await labels.count();
    for (let i = 0; i < n; i++) await expect(labels.nth(i)).toContainText('Not on the lecture’s slides');
    if (LECTURE_EQUATIONS.some((e) => e.slug === slug && e.origin === 'derived')) expect(n).toBeGreaterThan(0);
  }
  expect(consoleErrors).toEqual([]);
});
