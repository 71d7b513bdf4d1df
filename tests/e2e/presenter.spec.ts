import type { BrowserContext, Locator, Page } from '@playwright/test';
import { test, expect, simIn, ready } from './fixtures';
// declares window.__UNROLLED_TEST_HOOKS__ and window.__unrolledSim
import type {} from '../../src/views/sim/testHooks';

/**
 * Presenting a simulator (issue 10, items 2 and 4): the audience window (#/present/…) and the
 * presenter window (#/notes/…) as two pages of one browser context. Every simulator change made in
 * one shows in the other, with the trace the first one computed: the receiving page asks its engine
 * for nothing (window.__unrolledSim.requests(), src/views/sim/testHooks.ts).
 */

const hooks = (ctx: BrowserContext) =>
  ctx.addInitScript(() => {
    window.__UNROLLED_TEST_HOOKS__ = true;
  });

const requests = (p: Page) => p.evaluate(() => window.__unrolledSim!.requests());
const settingsOf = (p: Page, id: string) => p.evaluate((i) => window.__unrolledSim!.settings(i) as Record<string, unknown>, id);
const traceH = (p: Page, id: string) => p.evaluate((i) => window.__unrolledSim!.trace(i)?.h ?? null, id);
const syncStats = (p: Page) => p.evaluate(() => window.__unrolledSim!.sync());

async function openAt(p: Page, hash: string, preset: string): Promise<Locator> {
  await p.goto(`./${hash}`);
  const sim = simIn(p, preset);
  await ready(sim);
  return sim;
}

/** A change made on `from` shows on `to`, which made no engine request for it. */
async function expectMirrored(from: Page, fromSim: Locator, to: Page, toSim: Locator, id: string) {
  // a step
  const before = Number(await toSim.getAttribute('data-step'));
  const reqTo = await requests(to);
  const forward = fromSim.getByTestId('sim-step-forward');
  const back = fromSim.getByTestId('sim-step-back');
  if (await back.isEnabled()) await back.click();
  else await forward.click();
  const step = Number(await fromSim.getAttribute('data-step'));
  expect(step).not.toBe(before);
  await expect(toSim).toHaveAttribute('data-step', String(step));

  // a phase change
  const phase = (await fromSim.getAttribute('data-phase')) === 'forward' ? 'backward' : 'forward';
  await fromSim.getByRole('radio', { name: phase === 'forward' ? /^Forward/ : /^Backward/ }).check();
  await expect(fromSim).toHaveAttribute('data-phase', phase);
  await expect(toSim).toHaveAttribute('data-phase', phase);

  // a settings change: a new trace, computed once (on `from`), shown on both
  const units = Number((await settingsOf(from, id)).units) === 5 ? 3 : 5;
  const reqFrom = await requests(from);
  const shownTo = Number(await toSim.getAttribute('data-results'));
  const shownFrom = Number(await fromSim.getAttribute('data-results'));
  await from.evaluate(([i, u]) => window.__unrolledSim!.set(i as string, { units: u }), [id, units] as const);
  await ready(fromSim, shownFrom);
  await ready(toSim, shownTo);
  expect((await settingsOf(to, id)).units).toBe(units);
  expect(await requests(from)).toBeGreaterThan(reqFrom);
  expect(await requests(to), 'the receiving window computed nothing').toBe(reqTo);
  const h = await traceH(to, id);
  expect(h?.[0]).toHaveLength(units);
  expect(h).toEqual(await traceH(from, id));
}

// The sync does not depend on the backend; the CPU one is quicker than software WebGL on this machine.
test.use({ enginePref: 'cpu' });

test.describe('presenter ↔ audience simulator sync', () => {
  test('steps, phases and settings mirror both ways without recomputing; closing either window leaves the other working', async ({
    page,
    context,
    consoleErrors,
  }) => {
    test.setTimeout(240_000);
    await hooks(context);
    await page.setViewportSize({ width: 1280, height: 720 });
    const audience = await openAt(page, '#/present/bptt', 'bptt');
    const presenterPage = await context.newPage();
    const presenter = await openAt(presenterPage, '#/notes/bptt', 'bptt');

    await expectMirrored(page, audience, presenterPage, presenter, 'bptt');
    await expectMirrored(presenterPage, presenter, page, audience, 'bptt');

    // playback: the window that plays ticks, the other follows without ticking twice
    await presenter.getByTestId('sim-step-back').click();
    await presenter.getByTestId('sim-play').click();
    await expect(audience).toHaveAttribute('data-playing', 'true');
    await expect.poll(async () => Number(await audience.getAttribute('data-step')), { timeout: 20_000 }).toBeGreaterThan(1);
    await presenter.getByTestId('sim-play').click();
    await expect(audience).toHaveAttribute('data-playing', 'false');
    await expect(audience).toHaveAttribute('data-step', (await presenter.getAttribute('data-step'))!);

    // no echo: once quiet, nobody keeps sending
    const quiet = async () => [(await syncStats(page)).sent, (await syncStats(presenterPage)).sent];
    await page.waitForTimeout(300);
    const s0 = await quiet();
    await page.waitForTimeout(600);
    expect(await quiet()).toEqual(s0);

    // messages of another version, malformed ones and junk are ignored, never thrown
    const settings0 = await settingsOf(page, 'bptt');
    const ignored0 = (await syncStats(page)).ignored;
    await presenterPage.evaluate(() => {
      const ch = new BroadcastChannel('unrolled-sim');
      const inst = { preset: 'bptt', settings: { units: 9 }, playback: { step: 0 } };
      ch.postMessage({ app: 'unrolled-sim', v: 2, from: 'future', kind: 'state', id: 'bptt', clock: { n: 999, from: 'future' }, inst, trained: null });
      ch.postMessage({ app: 'unrolled-sim', v: 1, from: 'x', kind: 'state', id: 'bptt', clock: 'soon', inst });
      ch.postMessage({ app: 'unrolled-sim', v: 1, from: 'x', kind: 'trace', id: 'bptt', key: 'k', result: { trace: 42 } });
      ch.postMessage('hello');
      ch.postMessage(null);
      ch.close();
    });
    await expect.poll(async () => (await syncStats(page)).ignored).toBeGreaterThanOrEqual(ignored0 + 5);
    expect(await settingsOf(page, 'bptt')).toEqual(settings0);

    // a second audience window joins with the same state and takes part
    const second = await context.newPage();
    const audience2 = await openAt(second, '#/present/bptt', 'bptt');
    await expect.poll(() => settingsOf(second, 'bptt')).toEqual(settings0);
    await expectMirrored(second, audience2, presenterPage, presenter, 'bptt');
    await expect(audience).toHaveAttribute('data-step', (await audience2.getAttribute('data-step'))!);
    await second.close();

    // closing the presenter window leaves the audience working on its own
    await presenterPage.close();
    const req = await requests(page);
    const shown = Number(await audience.getAttribute('data-results'));
    await audience.getByTestId('sim-step-forward').click();
    await page.evaluate(() => window.__unrolledSim!.set('bptt', { units: 4 }));
    await ready(audience, shown);
    expect(await requests(page)).toBeGreaterThan(req);
    expect(consoleErrors).toEqual([]);
  });

  test('without BroadcastChannel the storage event carries the same sync', async ({ page, context, consoleErrors }) => {
    test.setTimeout(180_000);
    await hooks(context);
    const noChannel = () => {
      // @ts-expect-error: a browser without BroadcastChannel
      delete window.BroadcastChannel;
    };
    await page.addInitScript(noChannel);
    const presenterPage = await context.newPage();
    await presenterPage.addInitScript(noChannel);
    const audience = await openAt(page, '#/present/vanilla-forward', 'vanilla-forward');
    const presenter = await openAt(presenterPage, '#/notes/vanilla-forward', 'vanilla-forward');
    expect(await page.evaluate(() => typeof BroadcastChannel)).toBe('undefined');
    await expectMirrored(presenterPage, presenter, page, audience, 'vanilla-forward');
    await expectMirrored(page, audience, presenterPage, presenter, 'vanilla-forward');
    await page.close();
    // the audience closed: the presenter window keeps working
    const shown = Number(await presenter.getAttribute('data-results'));
    await presenterPage.evaluate(() => window.__unrolledSim!.set('vanilla-forward', { units: 2 }));
    await ready(presenter, shown);
    expect(consoleErrors).toEqual([]);
  });
});
