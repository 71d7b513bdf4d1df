// The first simulator on a slow link (issue 30, item 8: "on a 400 kbit/s, 400 ms link the
// simulator appears after 37.7 s"). The PRODUCTION build, served gzip-compressed from a sub-path;
// Chromium's own network emulation through the DevTools protocol (Network.emulateNetworkConditions:
// 400 ms latency, 400 kbit/s = 50 000 bytes/s each way) on the page and on every worker it starts;
// a fresh context per run: no HTTP cache; the service worker registers as on a first visit (--sw=false
// blocks it). Prints, per build, the median time
// from navigation to the first trace on screen (the simulator's data-results > 0, the signal the
// first-trace budget reads) and the bytes that came over the wire before it, and the files they were
// (gzip bytes as sent, headers included). Prints numbers; asserts nothing about time.
//
//   node bench/slow-link.mjs [--dist=DIR] [--base-dist=DIR] [--runs=3] [--slug=vanilla-cell --preset=vanilla-cell]
//     [--latency=400] [--kbit=400]
//   --dist: the build to measure (default: build the working tree into a temporary folder)
//   --base-dist: a second build measured in the same process, runs interleaved (before → after)
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { buildDist, cliArgs, median, serveDist } from './common.mjs';

const args = cliArgs();
const runs = Number(args.runs ?? 3);
const slug = args.slug ?? 'vanilla-cell';
const preset = args.preset ?? slug;
const withSW = args.sw !== 'false';
const latency = Number(args.latency ?? 400);
const bytesPerSecond = (Number(args.kbit ?? 400) * 1000) / 8;
const dist = buildDist(args, 'slow-link');
const builds = [
  ...(args['base-dist'] ? [{ name: 'base', dir: args['base-dist'] }] : []),
  { name: args['base-dist'] ? 'this' : 'build', dir: dist },
];

const base = '/courses/kldl/unrolled/';
const firstPort = Number(process.env.BENCH_PORT ?? 4195);
for (const [i, b] of builds.entries()) b.port = firstPort + i;
await Promise.all(builds.map((b) => serveDist({ dir: b.dir, base, port: b.port, gzip: true })));

const kb = (n) => (n / 1024).toFixed(1);
const conditions = { offline: false, latency, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond };

const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: chromiumArgs, headless: true });

/**
 * A target's session inside its parent's (non-flattened: Playwright's CDP sessions do not take a
 * sessionId): send and on, like the parent's.
 */
function childSession(parent, sessionId) {
  let nextId = 1;
  const waiting = new Map();
  const listeners = new Map();
  parent.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    if (m.id && waiting.has(m.id)) {
      waiting.get(m.id)(m.result ?? null);
      waiting.delete(m.id);
    } else if (m.method) for (const f of listeners.get(m.method) ?? []) f(m.params);
  });
  return {
    on(method, f) {
      if (!listeners.has(method)) listeners.set(method, []);
      listeners.get(method).push(f);
    },
    async send(method, params = {}) {
      const id = nextId++;
      const reply = new Promise((r) => waiting.set(id, r));
      await parent
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
        .catch(() => waiting.delete(id));
      // a target that went away answers nothing
      return Promise.race([reply, new Promise((r) => setTimeout(() => r(null), 10_000))]);
    },
  };
}

/** One cold load: ms from navigation to the first trace on screen, and what came over the wire before it. */
async function coldLoad(port) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: withSW ? 'allow' : 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  // per request: its URL and the bytes received for it (encoded: as sent, headers included)
  const requests = new Map();
  const track = (tag) => ({
    sent: (e) => requests.set(`${tag}:${e.requestId}`, { url: e.request.url, bytes: 0, done: false }),
    finished: (e) => {
      const r = requests.get(`${tag}:${e.requestId}`);
      if (r) Object.assign(r, { bytes: e.encodedDataLength, done: true });
    },
  });
  // the page and every worker (the engine worker, the renderer probe it starts, …): throttled, uncached, counted
  let n = 0;
  const watch = async (session, tag, resume) => {
    const t = track(tag);
    session.on('Network.requestWillBeSent', t.sent);
    session.on('Network.loadingFinished', t.finished);
    session.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker' || e.targetInfo.type === 'service_worker') void watch(childSession(session, e.sessionId), `w${n++}`, true);
    });
    await session.send('Network.enable');
    await session.send('Network.setCacheDisabled', { cacheDisabled: true });
    await session.send('Network.emulateNetworkConditions', conditions);
    await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
    if (resume) await session.send('Runtime.runIfWaitingForDebugger');
  };
  await watch(cdp, 'page', false);
  await page.goto(`http://127.0.0.1:${port}${base}#/${slug}`, { waitUntil: 'commit', timeout: 300_000 });
  const ms = await page.evaluate(
    (p) =>
      new Promise((resolve) => {
        const t = setInterval(() => {
          const el = document.querySelector(`[data-simulator="${p}"] [data-testid="simulator"]`);
          if (el && Number(el.dataset.results) > 0) {
            clearInterval(t);
            resolve(performance.now());
          }
        }, 5);
      }),
    preset,
  );
  // data: URLs (a font inlined in the CSS) cost nothing on the wire
  const before = [...requests.values()].filter((r) => r.done && !r.url.startsWith('data:'));
  const backend = await page.locator(`[data-simulator="${preset}"] [data-testid="sim-status"]`).getAttribute('data-backend');
  await context.close();
  return { ms, backend, files: before.map((r) => ({ file: new URL(r.url).pathname.replace(base, ''), bytes: r.bytes })) };
}

const results = new Map(builds.map((b) => [b.name, []]));
// interleaved, so a busy moment on the machine falls on both builds alike
for (let i = 0; i < runs; i++) for (const b of builds) results.get(b.name).push(await coldLoad(b.port));
await browser.close();

console.log(
  `\n## First simulator on a slow link (#/${slug}, ${latency} ms latency, ${(bytesPerSecond * 8) / 1000} kbit/s each way, no cache, service worker ${withSW ? 'allowed' : 'blocked'})\n`,
);
console.log('| build | runs | ran_on | first_trace_s (median) | per run | bytes before it (median, KB) | requests |');
console.log('|---|---|---|---|---|---|---|');
const summary = {};
for (const b of builds) {
  const rs = results.get(b.name);
  const bytes = rs.map((r) => r.files.reduce((a, f) => a + f.bytes, 0));
  summary[b.name] = { s: median(rs.map((r) => r.ms)) / 1000, bytes: median(bytes) };
  console.log(
    `| ${b.name} (${b.dir}) | ${rs.length} | ${[...new Set(rs.map((r) => r.backend))].join(',')} | ${summary[b.name].s.toFixed(1)} | ${rs
      .map((r) => (r.ms / 1000).toFixed(1))
      .join(' / ')} | ${kb(summary[b.name].bytes)} | ${median(rs.map((r) => r.files.length))} |`,
  );
}
for (const b of builds) {
  const last = results.get(b.name).at(-1);
  console.log(`\n### ${b.name}: what came before the first trace (last run; KB as sent)\n`);
  console.log('| file | KB |');
  console.log('|---|---|');
  for (const f of [...last.files].sort((x, y) => y.bytes - x.bytes)) console.log(`| ${f.file} | ${kb(f.bytes)} |`);
}
if (summary.base && summary.this)
  console.log(
    `\nbase → this: ${summary.base.s.toFixed(1)} s → ${summary.this.s.toFixed(1)} s, ${kb(summary.base.bytes)} KB → ${kb(summary.this.bytes)} KB`,
  );
