import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Locator, Page } from '@playwright/test';
import { test, expect, openSection, simIn, ready } from './fixtures';

/**
 * Share and reuse (issue 9): links that carry the simulators' state, Copy link, bad links.
 */

/** What a student sees: the step, every cell's value in the unrolled view, the gradient norms. */
async function picture(sim: Locator) {
  return {
    step: await sim.getByTestId('sim-step-output').textContent(),
    units: await sim.getByTestId('sim-units').inputValue(),
    steps: await sim.getByTestId('sim-steps').inputValue(),
    weight: await sim.getByTestId('sim-weight-scale').inputValue(),
    seed: await sim.getByTestId('sim-seed').inputValue(),
    phase: await sim.getAttribute('data-phase'),
    cells: await sim.locator('[data-testid="unrolled-view"] svg .uv-cell').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? '')),
    norms: await sim.locator('[data-testid="grad-norm"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-value') ?? '')),
  };
}

/** A fresh browser context (no storage, no history) on the same engine backend. */
async function freshPage(browser: Browser, permissions: string[] = []): Promise<Page> {
  const ctx = await browser.newContext({ permissions });
  await ctx.addInitScript(() => {
    localStorage.setItem('unrolled:prefs', JSON.stringify({ state: { backend: 'webgl' }, version: 1 }));
  });
  return ctx.newPage();
}

test.describe('links', () => {
  test('settings and steps changed in the UI → the URL → a fresh browser shows the same picture and numbers', async ({
    page,
    browser,
    consoleErrors,
  }) => {
    test.setTimeout(240_000);
    void consoleErrors; // checked by the fixture after the test
    await openSection(page, 'bptt');
    const sim = simIn(page, 'bptt');
    await sim.scrollIntoViewIfNeeded();
    let n = await ready(sim);
    const historyBefore = await page.evaluate(() => history.length);

    await sim.getByTestId('sim-units').fill('6');
    n = await ready(sim, n);
    await sim.getByTestId('sim-weight-scale').fill('1.5');
    n = await ready(sim, n);
    await sim.getByTestId('sim-steps').fill('14');
    n = await ready(sim, n);
    await sim.getByTestId('sim-seed').fill('123');
    await sim.getByTestId('sim-seed').press('Enter');
    await ready(sim, n);
    await sim.getByTestId('sim-step-back').click();
    await sim.getByTestId('sim-step-back').click();
    await sim.getByTestId('sim-step-back').click();

    await expect.poll(() => page.url()).toContain('bptt.t=11');
    const url = page.url();
    expect(url).toMatch(/#\/bptt\?v=1&/);
    for (const part of ['bptt.u=6', 'bptt.T=14', 'bptt.seed=123', 'bptt.w=1.5', 'bptt.t=11']) expect(url).toContain(part);
    // one history entry for the section, not one per change
    expect(await page.evaluate(() => history.length)).toBe(historyBefore);
    const mine = await picture(sim);
    expect(mine).toMatchObject({ step: '11 of 14', units: '6', steps: '14', weight: '1.5', seed: '123', phase: 'backward' });
    expect(mine.cells.length).toBeGreaterThan(10);

    const other = await freshPage(browser);
    await other.goto(url);
    const sim2 = simIn(other, 'bptt');
    await sim2.scrollIntoViewIfNeeded();
    await ready(sim2);
    expect(await picture(sim2)).toEqual(mine);
    await expect(other.getByTestId('link-notices')).toHaveCount(0);
    await other.context().close();

    // Reset is one click, and the URL then carries nothing for it
    await sim.getByRole('button', { name: 'Reset to the lesson’s settings' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/bptt$/);
    await expect(sim.getByTestId('sim-units')).toHaveValue('4');
  });

  test('Copy link puts the URL on the clipboard and says so', async ({ browser }) => {
    test.setTimeout(120_000);
    const page = await freshPage(browser, ['clipboard-read', 'clipboard-write']);
    await page.goto('./#/lstm?v=1&lstm.bf=3&lstm.x=impulse&lstm.t=4');
    const sim = simIn(page, 'lstm');
    await sim.scrollIntoViewIfNeeded();
    await ready(sim);
    await expect(sim.getByTestId('sim-forget-bias')).toHaveValue('3');
    await expect(sim.getByTestId('sim-step-output')).toHaveText('4 of 8');
    await sim.getByTestId('sim-copy-link').click();
    await expect(sim.getByTestId('sim-copy-status')).toContainText('Link copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(page.url());
    expect(copied).toMatch(/#\/lstm\?v=1&lstm\.x=impulse&lstm\.bf=3&lstm\.t=4$/);
    await page.context().close();
  });

  test('bad links: each bad value named in a notice, nothing rendered as HTML, oversize refused, prefs untouched', async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    test.setTimeout(120_000);
    await openSection(page, 'welcome');
    const prefs = await page.evaluate(() => localStorage.getItem('unrolled:prefs'));
    const evil = encodeURIComponent('<img src=x onerror="window.__pwned=1">');
    await page.goto(`./#/bptt?v=1&bptt.u=999&bptt.w=abc&bptt.cell=<b>lstm</b>&bptt.x=typed&bptt.xs=${evil}&bptt.nope=1&zz=%E0%A4%A`);
    const sim = simIn(page, 'bptt');
    const notices = page.getByTestId('link-notices');
    await expect(notices).toContainText('units 999 → 16');
    await expect(notices).toContainText('weight scale “abc” → 1');
    await expect(notices).toContainText('cell “<b>lstm</b>” → “rnn”');
    // the typed text is named in the notice as text, and the lesson's sequence runs instead (issue 30)
    await expect(notices).toContainText('typed sequence “<img src=x onerror="wind…” → “0, 0, 0, 1, 0, 0, 0”');
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(sim.getByTestId('sim-typed')).toHaveValue('0, 0, 0, 1, 0, 0, 0');
    await expect(sim.getByTestId('sim-typed-error')).toHaveCount(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(sim.getByTestId('sim-units')).toHaveValue('16');
    await sim.scrollIntoViewIfNeeded();
    await ready(sim);
    await expect(sim.getByTestId('sim-step-output')).toContainText('of 7');

    await page.goto(`./#/gru?v=1&gru.u=5&${'x'.repeat(100 * 1024)}`);
    await expect(page.locator('[data-lesson="gru"]')).toBeVisible();
    await expect(page.getByTestId('link-notices')).toContainText(/too long \(102,4\d\d characters; at most 32,768\)/);
    const gru = simIn(page, 'gru');
    await gru.scrollIntoViewIfNeeded();
    await ready(gru);
    await expect(gru.getByTestId('sim-units')).toHaveValue('4');
    expect(await page.evaluate(() => localStorage.getItem('unrolled:prefs'))).toBe(prefs);
    // old links keep opening
    await page.goto('./#/present/lstm');
    await expect(page.locator('[data-lesson="lstm"], .present-stage').first()).toBeVisible();
  });
});

test.describe('embed', () => {
  // the host page is another site: the engine choice stays the embed's own default
  test.use({ enginePref: null });
  test('the embed route inside an iframe on another origin: no chrome, theme from the link, postMessage both ways, only documented shapes', async ({
    page,
    baseURL,
    consoleErrors,
  }) => {
    test.setTimeout(180_000);
    void consoleErrors;
    const src = `${baseURL}#/embed/lstm?v=1&bf=3&x=impulse&theme=dark`;
    // the course page: another origin (a second port), served by a tiny server of the test's own
    const hostHtml = `<!doctype html><title>Course page</title>
<script>window.__msgs = []; addEventListener('message', (e) => { if (e.origin === new URL(${JSON.stringify(src)}).origin) window.__msgs.push(e.data); });</script>
<iframe id="sim" src="${src}" width="900" height="700" title="Unrolled: LSTM"></iframe>`;
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(hostHtml));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slides.html`);
    const frame = page.frameLocator('#sim');
    const sim = frame.locator('[data-testid="simulator"]');
    await ready(sim);
    await expect(frame.locator('.app, .sidebar, nav.pager')).toHaveCount(0);
    await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(frame.locator('html')).toHaveAttribute('data-mode', 'embed');
    await expect(sim.getByTestId('sim-forget-bias')).toHaveValue('3');
    // the embed fits its iframe: nothing wider than 900 px
    const frameObj = page.frames().find((f) => f.url().includes('#/embed/'))!;
    expect(await frameObj.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(900);

    type M = {
      type: string;
      settings?: Record<string, unknown>;
      playback?: Record<string, unknown>;
      reason?: string;
      notices?: string[];
      link?: string;
    };
    const msgs = () => page.evaluate(() => (window as unknown as { __msgs: M[] }).__msgs);
    const post = (m: unknown) => page.evaluate((m) => (document.getElementById('sim') as HTMLIFrameElement).contentWindow!.postMessage(m, '*'), m);
    await expect.poll(async () => (await msgs()).some((m) => m.type === 'unrolled:state' && m.settings?.forgetBias === 3)).toBe(true);

    // set state from the host page
    await post({ type: 'unrolled:set', settings: { units: 5, steps: 999 }, playback: { step: 2 } });
    await expect(sim.getByTestId('sim-units')).toHaveValue('5');
    await expect(sim.getByTestId('sim-step-output')).toHaveText('3 of 60');
    await expect
      .poll(async () => (await msgs()).find((m) => m.type === 'unrolled:state' && m.settings?.units === 5 && m.playback?.step === 2)?.notices)
      .toEqual(['T 999 → 60']);

    // messages of the wrong shape change nothing; ours are answered with the reason
    const before = (await msgs()).length;
    await post({ type: 'unrolled:set', settings: { units: { valueOf: 9 } } });
    await post({ type: 'unrolled:set', settings: { units: 9 }, extra: true });
    await post({ type: 'unrolled:set', settings: { layers: 9 } });
    await post({ type: 'unrolled:launch' });
    await post({ hello: 'world' });
    await post('unrolled:set');
    await expect
      .poll(async () =>
        (await msgs())
          .slice(before)
          .filter((m) => m.type === 'unrolled:rejected')
          .map((m) => m.reason),
      )
      .toEqual([
        'settings.units must be a number, string or boolean',
        'unrolled:set has no field “extra”',
        'settings has no field “layers”',
        'unknown message type “unrolled:launch”',
      ]);
    await expect(sim.getByTestId('sim-units')).toHaveValue('5');

    // hear changes made inside the embed
    await sim.getByTestId('sim-step-forward').click();
    await expect.poll(async () => (await msgs()).some((m) => m.type === 'unrolled:state' && m.playback?.step === 3)).toBe(true);
    // and get on request
    const n = (await msgs()).length;
    await post({ type: 'unrolled:get' });
    await expect
      .poll(async () => (await msgs()).slice(n).find((m) => m.type === 'unrolled:state')?.link ?? '')
      .toMatch(/#\/embed\/lstm\?v=1&.*u=5/);
    server.close();
  });
});

test.describe('export', () => {
  test('diagram as SVG (parses, has the legend and caption) and PNG (the stated size); trace as CSV (one row per step) and JSON', async ({
    page,
    consoleErrors,
  }) => {
    test.setTimeout(120_000);
    void consoleErrors;
    await page.goto('./#/lstm?v=1&lstm.u=3&lstm.t=4');
    const sim = simIn(page, 'lstm');
    await sim.scrollIntoViewIfNeeded();
    await ready(sim);
    const save = async (kind: string) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), sim.getByTestId(`sim-export-${kind}`).click()]);
      const path = await dl.path();
      const { readFileSync } = await import('node:fs');
      return { name: dl.suggestedFilename(), bytes: readFileSync(path!) };
    };
    const csv = await save('csv');
    expect(csv.name).toBe('unrolled-lstm-lstm-u3-T8-seed7-t4-forward.trace.csv');
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    // a plain table a spreadsheet reads as it is: the header first, no comment line (issue 30)
    const header = lines[0].split(',');
    for (const c of ['t', 'x', 'h_1', 'h_3', 'c_1', 'y', 'GT', 'C', 'dC1/dh_1']) expect(header).toContain(c);
    expect(header.some((c) => c.startsWith('gate_'))).toBe(true);
    const rows = lines.slice(1);
    expect(rows).toHaveLength(8);
    rows.forEach((r, i) => {
      expect(r.split(',')).toHaveLength(header.length);
      expect(r.split(',')[0]).toBe(String(i + 1));
    });
    const json = JSON.parse((await save('json')).bytes.toString('utf8'));
    expect(json.h).toHaveLength(8);
    expect(json.table.rows).toHaveLength(8);

    const svg = await save('svg');
    expect(svg.name).toBe('unrolled-lstm-lstm-u3-T8-seed7-t4-forward.diagram.svg');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        legend: doc.querySelector('g.legend')?.textContent ?? '',
        legendLines: Array.from(doc.querySelectorAll('g.legend > text')).map((t) => t.textContent ?? ''),
        caption: doc.querySelector('text.caption')?.textContent ?? '',
        // the whole strip: every h cell of every step, and its arrows
        hCells: doc.querySelectorAll('svg.uv-svg rect.uv-cell[data-term="h"]').length,
        cCells: doc.querySelectorAll('svg.uv-svg rect.uv-cell[data-term="c"]').length,
        arrows: doc.querySelectorAll('svg.uv-svg line.uv-link').length,
        views: Array.from(doc.querySelectorAll('text.heading')).map((t) => t.textContent ?? ''),
        cellDrawing: doc.querySelectorAll('g.view svg.dv-svg').length,
        width: doc.documentElement.getAttribute('width'),
        height: doc.documentElement.getAttribute('height'),
      };
    }, svg.bytes.toString('utf8'));
    expect(parsed.error).toBeNull();
    expect(parsed.legend).toContain('loss C_t');
    expect(parsed.legend).toContain('values (x, y, GT)');
    expect(parsed.legend).toContain('states (h)');
    expect(parsed.caption).toBe('LSTM · 3 units · T = 8 · seed 7 · weight scale 1 · t = 4 · forward pass');
    expect(parsed.hCells).toBe(3 * 8);
    expect(parsed.arrows).toBeGreaterThanOrEqual(3 * 8);
    // the cell view on screen is in the file too
    expect(parsed.views.length).toBeGreaterThanOrEqual(2);
    expect(parsed.cellDrawing).toBeGreaterThanOrEqual(1);
    // each legend entry is one spaced line: title, then its ends
    expect(parsed.legendLines).toContain('shared weights W');
    expect(parsed.legendLines.some((l) => /^loss C_t: 0 … \d/.test(l))).toBe(true);
    expect(parsed.legendLines.some((l) => /^values \(x, y, GT\): −\d\.\d\d \(orange\) … 0 … \+\d\.\d\d \(purple\)$/.test(l))).toBe(true);
    expect(parsed.legendLines).toContain('states (h): −1 (orange) … 0 … +1 (purple)');
    expect(Number(parsed.width)).toBeGreaterThan(320);
    await expect(sim.getByTestId('sim-export-status')).toContainText(`SVG (${parsed.width} × ${parsed.height})`);

    const png = await save('png');
    expect(png.name.endsWith('.diagram.png')).toBe(true);
    expect(png.bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    const w = png.bytes.readUInt32BE(16);
    const h = png.bytes.readUInt32BE(20);
    expect(w).toBe(2 * Number(parsed.width));
    expect(h).toBe(2 * Number(parsed.height));
    await expect(sim.getByTestId('sim-export-status')).toHaveText(`Saved the diagram as PNG, ${w} × ${h} pixels.`);
  });
});

test.describe('links that cannot freeze a simulator', () => {
  test('a link with a value the simulator cannot use opens a working simulator: the notice, the lesson’s value, a trace (issue 30)', async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    test.setTimeout(180_000);
    // the student's link: a rejected typed sequence (the app used to write it into the address and freeze on reload)
    await page.goto('./#/vanilla-cell?v=1&vanilla-cell.x=typed&vanilla-cell.xs=1,+2,+x');
    const sim = simIn(page, 'vanilla-cell');
    await expect(page.getByTestId('link-notices')).toContainText(
      'typed sequence “1, 2, x” → “0, 0, 0, 1, 0, 0, 0”: “x” at position 3 is not a number.',
    );
    await sim.scrollIntoViewIfNeeded();
    let n = await ready(sim);
    await expect(sim.getByTestId('sim-step-output')).toContainText('of 7');
    await expect(sim.getByTestId('sim-steps')).toHaveValue('7');
    await expect(sim.getByTestId('sim-loading')).toHaveCount(0);

    // typing the bad sequence again: refused in the field, nothing else changes, the address keeps the good one
    const typed = sim.getByTestId('sim-typed');
    await typed.fill('1, 0, 0, 0');
    await typed.press('Enter');
    n = await ready(sim, n);
    await expect(sim.getByTestId('sim-step-output')).toContainText('of 4');
    await expect.poll(() => page.url()).toContain('vanilla-cell.xs=1,+0,+0,+0');
    const before = page.url();
    await typed.fill('1, 2, x');
    await typed.press('Enter');
    await expect(sim.getByTestId('sim-typed-error')).toContainText('“x” at position 3 is not a number.');
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
    // the slider and the simulator agree (item 5)
    await expect(sim.getByTestId('sim-steps')).toHaveValue('4');
    await expect(sim.getByTestId('sim-step-output')).toContainText('of 4');
    expect(Number(await sim.getAttribute('data-results'))).toBe(n);
    // a reload of that address shows the good sequence's trace
    await page.reload();
    const again = simIn(page, 'vanilla-cell');
    await again.scrollIntoViewIfNeeded();
    await ready(again);
    await expect(again.getByTestId('sim-step-output')).toContainText('of 4');

    // a bad value in every other field of a link: each named, each at the lesson's value or clamped, and a trace
    const bad = ['u=abc', 'T=zz', 'x=nope', 'seed=-x', 'w=NaN', 'wx=', 'ra=relu', 'bf=1e999', 'm=zip', 'cell=cnn', 'ex=magic', 'gf=x']
      .map((kv) => `lstm.${kv}`)
      .join('&');
    await page.goto(`./#/lstm?v=1&${bad}&lstm.sp=-1&lstm.t=999&lstm.ph=sideways&lstm.c=abc`);
    const lstm = simIn(page, 'lstm');
    const notices = page.getByTestId('link-notices');
    for (const name of ['units', 'T', 'input', 'seed', 'weight scale', 'gate activation', 'forget bias', 'cell'])
      await expect(notices).toContainText(name);
    await lstm.scrollIntoViewIfNeeded();
    await ready(lstm);
    await expect(lstm.getByTestId('sim-step-output')).toContainText('of 8');
  });
});
