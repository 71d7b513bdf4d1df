import type { Browser, Page } from '@playwright/test';
import { test, expect, openTrainingLab, expectConnectivity } from './fixtures';
// declares window.__UNROLLED_TEST_HOOKS__ and window.__unrolledTrain
import type { TrainStatus } from '../../src/store/testHooks';

/**
 * The training lab (issue 12), in the built app. One page is shared by the tests in order (the
 * default race takes a while on 2 cores); console errors fail the run.
 *
 * Test hook (opt-in, as the simulators'): window.__unrolledTrain.start(config?), stop(), status().
 */
test.describe.configure({ mode: 'serial' });

let page: Page;
const errors: string[] = [];

async function open(browser: Browser) {
  page = await openTrainingLab(browser, errors);
}

const status = (): Promise<TrainStatus> => page.evaluate(() => window.__unrolledTrain!.status());

interface BARow {
  model: string;
  phase: string;
  step: number;
  /** ‖∂C_T/∂h_k‖ at distance T − 1 over distance 0 */
  ratio: number;
  /** the ratio as the table prints it */
  ratioText: string;
  /** by distance: the table's quoted columns (0, 14, 29) */
  values: Record<string, number>;
}
/** the before/after chart's table, row by row (its cells' data attributes: the plotted numbers) */
const baRows = (): Promise<BARow[]> =>
  page.locator('[data-testid="tl-ba-data"] tbody tr').evaluateAll((rows) =>
    rows.map((r) => {
      const d = (r as HTMLElement).dataset;
      const values = Object.fromEntries(
        [...r.querySelectorAll<HTMLElement>('td[data-distance]')].map((td) => [td.dataset.distance!, Number(td.dataset.value)]),
      );
      const ratioText = r.querySelector('td:last-child')!.textContent!;
      return { model: d.model!, phase: d.phase!, step: Number(d.step), ratio: Number(d.ratio), ratioText, values };
    }),
  );
/** the before/after chart at the end of the default race (compared again after navigation and a reload) */
let raceBA: BARow[] = [];

test.beforeAll(async ({ browser }) => open(browser));
test.afterAll(async () => {
  await page?.close();
  expect(errors, 'console errors during the training tests').toEqual([]);
});

test('the lab starts a worker on the measured backend and shows the baseline', async () => {
  const lab = page.getByTestId('training-lab');
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  const s = await status();
  expect(s.worker).toBe(true);
  // 'auto' picks WebAssembly (fastest at this size, see bench/training-bench.ts), in the worker
  expect(s.backend).toBe('wasm');
  expect(s.backendReason).toMatch(/WebAssembly/);
  await expect(page.getByText(/backend: wasm/)).toBeVisible();
  // the predict-the-mean baseline of the adding problem: 2/12 ≈ 0.167 (on 256 validation sequences)
  expect(s.baseline).toBeGreaterThan(0.14);
  expect(s.baseline).toBeLessThan(0.19);
  await expect(page.getByTestId('tl-baseline')).toBeVisible();
  await expect(page.getByTestId('tl-baseline')).toContainText('predict the mean');
  expect(s.step).toBe(0);
  expect(s.models.rnn.loss).not.toBeNull();
  // prefers-reduced-motion: the gradient lines stop easing between updates
  await expect(page.locator('[data-testid="tl-grad-chart"] path.tl-line-eased').first()).toBeAttached();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await expect(page.getByTestId('training-lab')).toHaveClass(/tl-reduced/);
  await expect(page.locator('[data-testid="tl-grad-chart"] path.tl-line-eased')).toHaveCount(0);
  await expect(page.locator('[data-testid="tl-grad-chart"] path.tl-line')).toHaveCount(3);
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  // text alternatives: every chart has a summary
  await expect(page.locator('[data-testid="tl-loss-chart"] svg[role="img"]')).toHaveAttribute(
    'aria-label',
    /Validation MSE at step 0, baseline 0\.1/,
  );
});

test('one step, play, pause, resume and reset', async () => {
  // keyboard operable: focus the button and press Enter
  await page.getByTestId('tl-step').focus();
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await status()).step).toBe(1);
  await expect(page.getByTestId('tl-grad-chart')).toHaveAttribute('data-step', '1');
  await page.getByTestId('tl-play').click();
  await expect.poll(async () => (await status()).step, { timeout: 60_000 }).toBeGreaterThan(15);
  await expect(page.getByTestId('tl-play')).toHaveText('Pause');
  expect((await status()).stepsPerSec).toBeGreaterThan(0);
  await page.getByTestId('tl-play').click();
  await expect.poll(async () => (await status()).status).toBe('paused');
  const paused = (await status()).step;
  await page.waitForTimeout(1500);
  expect((await status()).step).toBe(paused);
  await expect(page.getByTestId('tl-play')).toHaveText('Resume');
  await page.getByTestId('tl-play').click();
  await expect.poll(async () => (await status()).step, { timeout: 30_000 }).toBeGreaterThan(paused + 3);
  // the curves moved: several evaluations drawn
  expect(Number(await page.locator('[data-testid="tl-loss-chart"] svg[data-points]').getAttribute('data-points'))).toBeGreaterThan(1);
  for (const c of ['rnn', 'lstm', 'gru'])
    expect(await page.locator(`[data-testid="tl-loss-chart"] path[data-model="${c}"]`).getAttribute('d')).toMatch(/^M[\d.-]+,[\d.-]+L/);
  await page.getByTestId('tl-reset').click();
  await expect.poll(async () => (await status()).status).toBe('ready');
  await expect.poll(async () => (await status()).historyLength).toBe(1);
  expect((await status()).step).toBe(0);
  await expect(page.getByTestId('tl-progress')).toContainText('Step 0 / 500');
});

test('the lab fields accept their own defaults and clamp with a notice beside the field; a non-number keeps the value', async () => {
  // the lesson's values are valid for the inputs' own constraints (min, max, step)
  await expect(page.locator('.tl-controls input[type="number"]')).toHaveCount(7);
  expect(await page.locator('.tl-controls input[type="number"]').evaluateAll((els) => els.filter((e) => e.matches(':invalid')).length)).toBe(0);
  const field = (f: string) => page.locator(`input[data-field="${f}"]`);
  const set = async (f: string, v: string) => {
    await field(f).fill(v);
    await field(f).press('Enter');
  };
  for (const [f, typed, note, value] of [
    ['T', '0', 'T 0 → 10', 10],
    ['T', '100000', 'T 100000 → 100', 100],
    ['units', '10000', 'units 10000 → 64', 64],
    ['learningRate', '-1', 'learning rate -1 → 0.00001', 0.00001],
  ] as const) {
    await set(f, typed);
    await expect(page.getByTestId(`tl-note-${f}`)).toContainText(note);
    await expect(field(f)).toHaveValue(String(value));
    await expect.poll(async () => (await status()).config[f]).toBe(value);
  }
  // a non-number (nothing, or text the number input cannot read) keeps the value in use, with a notice
  await set('units', '');
  await expect(page.getByTestId('tl-note-units')).toContainText('units: no number given; kept 64');
  await expect(field('units')).toHaveValue('64');
  await field('units').fill('');
  await field('units').pressSequentially('1e');
  await field('units').press('Enter');
  await expect(page.getByTestId('tl-note-units')).toContainText('units: not a number; kept 64');
  await expect(field('units')).toHaveValue('64');
  expect((await status()).config.units).toBe(64);
  // back to the defaults: no notice, nothing invalid
  for (const [f, v] of [
    ['T', '30'],
    ['units', '16'],
    ['learningRate', '0.02'],
  ] as const)
    await set(f, v);
  await expect(page.getByTestId('tl-note-T')).toHaveCount(0);
  expect(await page.locator('.tl-controls input[type="number"]').evaluateAll((els) => els.filter((e) => e.matches(':invalid')).length)).toBe(0);
  await expect.poll(async () => (await status()).status).toBe('ready');
});

test('settings are clamped with a message', async () => {
  const T = page.locator('input[data-field="T"]');
  await T.fill('500');
  await T.press('Enter');
  await expect(page.getByTestId('tl-messages')).toContainText('T 500 is outside 10–100 (whole numbers); using 100.');
  await expect.poll(async () => (await status()).config.T).toBe(100);
  await page.evaluate(() => window.__unrolledTrain!.stop());
});

test('the default race: GRU and LSTM reach a tenth of the baseline, the vanilla RNN does not (seeded, on steps)', async () => {
  test.setTimeout(300_000);
  await page.evaluate(() => window.__unrolledTrain!.start());
  await expect.poll(async () => (await status()).step, { timeout: 60_000 }).toBeGreaterThan(50);
  const early = await status();
  expect(early.config).toMatchObject({ task: 'adding', T: 30, units: 16, batchSize: 32, learningRate: 0.02, stepBudget: 500, seed: 1 });
  await expect.poll(async () => (await status()).status, { timeout: 280_000, intervals: [2000] }).toBe('finished');
  const s = await status();
  expect(s.step).toBe(500);
  const tenth = s.baseline! / 10;
  expect(s.models.gru.solvedAt).not.toBeNull();
  expect(s.models.lstm.solvedAt).not.toBeNull();
  expect(s.models.gru.loss!).toBeLessThan(tenth);
  expect(s.models.lstm.loss!).toBeLessThan(tenth);
  expect(s.models.rnn.solvedAt).toBeNull();
  expect(s.models.rnn.loss!).toBeGreaterThan(tenth);
  await expect(page.getByTestId('tl-solved-gru')).toBeVisible();
  await expect(page.getByTestId('tl-solved-lstm')).toBeVisible();
  await expect(page.getByTestId('tl-solved-rnn')).toHaveCount(0);
  // the gradient chart before and after training (issue 24, item 1): each model's curve after its
  // first training step, and where it was solved (the vanilla RNN, never solved: its last probe)
  const ba = page.getByTestId('tl-grad-before-after');
  await expect(ba).toHaveAttribute('data-curves', '6');
  const after: Record<string, string> = { rnn: '500', lstm: String(s.models.lstm.solvedAt), gru: String(s.models.gru.solvedAt) };
  for (const c of ['rnn', 'lstm', 'gru']) {
    await expect(ba.locator(`path.tl-line[data-phase="before"][data-model="${c}"]`)).toHaveAttribute('data-step', '1');
    await expect(ba.locator(`path.tl-line[data-phase="after"][data-model="${c}"]`)).toHaveAttribute('data-step', after[c]);
  }
  await expect(ba.locator('path.tl-line')).toHaveCount(6);
  for (const d of await ba.locator('path.tl-line').evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? '')))
    expect(d).toMatch(/^M[\d.-]+,[\d.-]+(L[\d.-]+,[\d.-]+){29}$/);
  const legend = (phase: string, c: string) => ba.locator(`.tl-ba-panel[data-phase="${phase}"] .tl-legend li[data-model="${c}"]`);
  await expect(legend('before', 'gru')).toHaveText('GRU: step 1');
  await expect(legend('after', 'gru')).toHaveText(`GRU: solved at step ${s.models.gru.solvedAt}`);
  await expect(legend('after', 'lstm')).toHaveText(`LSTM: solved at step ${s.models.lstm.solvedAt}`);
  await expect(legend('after', 'rnn')).toHaveText('Vanilla RNN: last step 500 (never solved)');
  raceBA = await baRows();
  expect(raceBA.map((r) => `${r.model} ${r.phase} ${r.step}`)).toEqual([
    'rnn before 1',
    'rnn after 500',
    'lstm before 1',
    `lstm after ${s.models.lstm.solvedAt}`,
    'gru before 1',
    `gru after ${s.models.gru.solvedAt}`,
  ]);
  console.log(
    `[training] before/after ‖∂C_T/∂h_k‖ at distance 0/14/29 (far/near): ${raceBA
      .map(
        (r) =>
          `${r.model} step ${r.step} ${Object.values(r.values)
            .map((v) => v.toPrecision(2))
            .join('/')} (${r.ratioText})`,
      )
      .join('; ')}`,
  );
  const row = (c: string, phase: string) => raceBA.find((r) => r.model === c && r.phase === phase)!;
  // the gates learn to keep the signal: where solved, the gated cells keep far more of it 29 steps back
  // than after their first step; the vanilla RNN's far end falls further still
  expect(row('gru', 'after').ratio).toBeGreaterThan(1000 * row('gru', 'before').ratio);
  expect(row('lstm', 'after').ratio).toBeGreaterThan(10 * row('lstm', 'before').ratio);
  expect(row('rnn', 'after').ratio).toBeLessThan(row('rnn', 'before').ratio);
  // the table's ratio is the plotted curve's far end over its near end
  for (const r of raceBA) expect(r.ratio).toBeCloseTo(r.values['29'] / r.values['0'], 12);
  // the section's prose quotes the table's ratios (race.kept.* in its number marker)
  const kept = (c: string, phase: string) => row(c, phase).ratioText;
  await expect(page.locator('[data-lesson="training"]')).toContainText(
    `goes from ${kept('gru', 'before')} after the first training step to ${kept('gru', 'after')} at step ${s.models.gru.solvedAt} for the GRU, ` +
      `from ${kept('lstm', 'before')} to ${kept('lstm', 'after')} at step ${s.models.lstm.solvedAt} for the LSTM, ` +
      `and, for the vanilla RNN, falls from ${kept('rnn', 'before')} to ${kept('rnn', 'after')} at step 500`,
  );
  // memory stays flat: the worker holds the same number of tensors after 50 and 500 steps
  expect(s.numTensors).toBe(early.numTensors);
  // the gate strips filled up over training
  expect(Number(await page.getByTestId('tl-gate-chart').getAttribute('data-snapshots'))).toBeGreaterThan(5);
  // the section's prose quotes exactly these step counts (measured in the app, this setup, this backend)
  await expect(page.locator('[data-lesson="training"]')).toContainText(
    `the GRU falls below a tenth of the baseline after ${s.models.gru.solvedAt} training steps and the LSTM after ${s.models.lstm.solvedAt}`,
  );
  console.log(
    `[training] solved at: gru ${s.models.gru.solvedAt}, lstm ${s.models.lstm.solvedAt}; rnn ${s.models.rnn.loss} (baseline ${s.baseline})`,
  );
});

test('"Inspect this trained GRU" sends its weights to the GRU simulator; leaving the page ends the worker', async () => {
  await page.getByTestId('tl-inspect-gru').click();
  await expect(page.locator('[data-lesson="gru"]')).toBeVisible();
  await expect(page.getByTestId('sim-trained')).toContainText('GRU trained for 500 steps');
  const spec = await page.waitForFunction(() => window.__unrolledSim?.spec('gru'), null, { timeout: 60_000 }).then((h) => h.jsonValue());
  expect(spec).toMatchObject({ cell: 'gru', units: 16 });
  expect((spec as { inputs: number[][] }).inputs).toHaveLength(30);
  expect((spec as { inputs: number[][] }).inputs[0]).toHaveLength(2);
  // leaving the training section stopped training, freed the worker's tensors and ended it
  await expect.poll(async () => (await status()).worker).toBe(false);
  const s = await status();
  expect(s.workersEnded).toBe(s.workersStarted);
  expect(s.lastDisposedTensors).toBe(0);
  await page.getByRole('button', { name: 'Back to random weights' }).click();
  await expect(page.getByTestId('sim-trained')).toHaveCount(0);
});

test('the race survives navigation (Inspect, then Back; another section and back) and a reload', async () => {
  test.setTimeout(120_000);
  const before = await status();
  // (on the GRU simulator's page now, after the Inspect above)
  const points = String(before.historyLength);
  expect(before.historyLength).toBeGreaterThan(40);
  await page.goBack();
  const lab = page.getByTestId('training-lab');
  const kept = async () => {
    await expect(lab).toHaveAttribute('data-kept', 'true', { timeout: 30_000 });
    await expect(page.getByTestId('tl-progress')).toContainText('Step 500 / 500');
    await expect(page.getByTestId('tl-kept')).toContainText('kept at step 500');
    const s = await status();
    expect(s.step).toBe(500);
    expect(s.status).toBe('finished');
    expect(s.history).toEqual(before.history);
    expect(s.models.gru.solvedAt).toBe(before.models.gru.solvedAt);
    expect(s.models.lstm.solvedAt).toBe(before.models.lstm.solvedAt);
    // the loss chart draws the whole race again, with its solved markers
    await expect(page.locator('[data-testid="tl-loss-chart"] svg[data-points]')).toHaveAttribute('data-points', points);
    await expect(page.locator('[data-testid="tl-loss-chart"] path[data-model="gru"]')).toHaveAttribute('d', /^M[\d.-]+,[\d.-]+L/);
    await expect(page.getByTestId('tl-solved-gru')).toBeVisible();
    await expect(page.getByTestId('tl-grad-chart')).toHaveAttribute('data-step', '500');
    // the before/after chart comes back with the same six curves
    await expect(page.getByTestId('tl-grad-before-after')).toHaveAttribute('data-curves', '6');
    expect(await baRows()).toEqual(raceBA);
  };
  await kept();
  // the solved markers' labels keep clear of the "solved below …" line label (issue 30, item 8)
  const overlaps = await page.evaluate(() => {
    const box = (e: Element) => e.getBoundingClientRect();
    const ref = [...document.querySelectorAll('[data-testid="tl-loss-chart"] .tl-ref-label')].map(box);
    const marks = [...document.querySelectorAll('[data-testid="tl-loss-chart"] .tl-marker-label')].map(box);
    const hit = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    return { marks: marks.length, hits: marks.filter((m) => ref.some((r) => hit(m, r))).length };
  });
  expect(overlaps).toEqual({ marks: 2, hits: 0 });
  // no worker came back for it
  expect((await status()).worker).toBe(false);
  // its trained weights were kept: Inspect still opens the GRU trained for 500 steps
  await page.getByTestId('tl-inspect-gru').click();
  await expect(page.getByTestId('sim-trained')).toContainText('GRU trained for 500 steps');
  // another section, then the lab again
  await page.evaluate(() => (window.location.hash = '#/training'));
  await kept();
  // a reload (this tab's sessionStorage)
  await page.reload();
  await page.waitForFunction(() => !!window.__unrolledTrain, null, { timeout: 60_000 });
  await kept();
});

test('the trained view tells its task, both input channels with the marked steps, the trained σ_max, its real parameter count and which inputs it uses', async () => {
  test.setTimeout(120_000);
  const inspect = async (c: 'gru' | 'lstm', label: string) => {
    await page.getByTestId(`tl-inspect-${c}`).click();
    await expect(page.locator(`[data-lesson="${c}"]`)).toBeVisible();
    const sim = page.locator('[data-testid="simulator"]:has([data-testid="sim-trained"])');
    await expect(sim.getByTestId('sim-trained')).toContainText(`${label} trained for 500 steps on the adding problem`);
    await expect(sim).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    return sim;
  };
  const sim = await inspect('gru', 'GRU');
  // the task it was trained on, not the simulator's own
  const task = sim.getByTestId('sim-task-trained');
  await expect(task).toContainText('Task: adding problem');
  await expect(task).toContainText('(value, marker)');
  await expect(task).toContainText('sum of the two marked values: GT = ');
  await expect(sim).not.toContainText('predict the next input value');
  await expect(sim).not.toContainText('random (seeded), not trained');
  await expect(sim).not.toContainText('equals the scale');
  // x_t in two channels: 30 steps × 2 squares; the marker channel is 1 at exactly two steps, one in each half
  const x = sim.locator('.uv-cell[data-term="x"]');
  await expect(x).toHaveCount(60);
  const marked = await sim
    .locator('.uv-cell[data-term="x"][data-key="x:1"][data-value="1"]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-step'))));
  expect(marked).toHaveLength(2);
  expect(marked[0]).toBeLessThan(15);
  expect(marked[1]).toBeGreaterThanOrEqual(15);
  await expect(task).toContainText(`here t = ${marked[0] + 1} and t = ${marked[1] + 1}`);
  // y against the target at every step
  await expect(sim.locator('.uv-cell[data-term="GT"]')).toHaveCount(30);
  await expect(sim.locator('.uv-cell[data-term="y"]')).toHaveCount(30);
  // the trained recurrent kernel's own σ_max, with no weight-scale slider claiming it
  await expect(sim.getByTestId('sim-trained-settings')).toContainText('of the trained recurrent kernel');
  const sigma = Number((await sim.getByTestId('sim-sigma').textContent())?.replace('−', '-'));
  expect(sigma).toBeGreaterThan(0);
  await expect(sim.getByRole('slider', { name: /weight scale/i })).toHaveCount(0);
  await expect(sim.getByText('Input sequence', { exact: false })).toHaveCount(0);
  // 3 blocks × 16 units × (2 inputs + 16 + 1 bias)
  await expect(sim.getByTestId('sim-params')).toHaveAttribute('data-value', '912');
  await expect(sim.getByTestId('sim-params')).toContainText('kernel 2 × 48');
  // which of the 30 inputs the trained GRU's last prediction uses (issue 24): the engine's numbers, on the CPU too
  await sim.getByRole('radio', { name: 'Backward (BPTT)' }).check();
  expect(await expectConnectivity(page, sim, 'gru')).toHaveLength(30);
  // links say that the trained weights stay behind
  await expect(sim.getByTestId('sim-trained')).toContainText('Links and reloads do not carry trained weights');
  await sim.getByTestId('sim-copy-link').click();
  await expect(sim.getByText(/Trained weights do not travel in links|it opens random weights, not the trained model/).first()).toBeVisible();
  // the LSTM: kernel 2 × 64, 4 × 16 × 19 = 1,216
  await page.goBack();
  const lstm = await inspect('lstm', 'LSTM');
  await expect(lstm.getByTestId('sim-params')).toHaveAttribute('data-value', '1216');
  await expect(lstm.getByTestId('sim-params')).toContainText('kernel 2 × 64');
  await lstm.getByRole('radio', { name: 'Backward (BPTT)' }).check();
  expect(await expectConnectivity(page, lstm, 'lstm')).toHaveLength(30);
  await page.goBack();
  await expect(page.getByTestId('training-lab')).toHaveAttribute('data-kept', 'true', { timeout: 30_000 });
});

test('a kept race cannot resume: Reset starts a new one at step 0, with a worker', async () => {
  const lab = page.getByTestId('training-lab');
  await expect(page.getByTestId('tl-play')).toBeDisabled(); // finished: Reset starts anew
  await page.getByTestId('tl-reset').click();
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(lab).toHaveAttribute('data-kept', 'false');
  await expect(page.getByTestId('tl-progress')).toContainText('Step 0 / 500');
  expect((await status()).worker).toBe(true);
});
