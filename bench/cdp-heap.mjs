// Heap measurements through the Chrome DevTools Protocol, shared by the benches (budgets.mjs'
// soak, training-soak.mjs): a dedicated worker's own CDP session (its JS heap cannot be read with
// performance.memory), heap snapshots summarised by constructor, and the difference of two
// summaries (what grew, as DevTools' comparison view).

/**
 * A CDP client for a page's dedicated worker, through the page's target (non-flattened child
 * sessions). Call before the worker starts, then `await cdp.send('Target.setAutoAttach', …)`
 * (see attachWorkers). `match(url)` picks the worker (default: any); the newest match wins.
 */
export function workerSession(cdp, match = () => true) {
  let sessionId = null;
  let nextId = 1;
  const waiting = new Map();
  const listeners = new Map();
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker' && match(e.targetInfo.url)) sessionId = e.sessionId;
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    if (m.id && waiting.has(m.id)) {
      waiting.get(m.id)(m);
      waiting.delete(m.id);
    } else if (m.method && listeners.has(m.method)) {
      for (const f of listeners.get(m.method)) f(m.params);
    }
  });
  cdp.on('Target.detachedFromTarget', (e) => {
    if (e.sessionId === sessionId) sessionId = null;
  });
  const session = {
    ready: () => sessionId !== null,
    on(method, f) {
      if (!listeners.has(method)) listeners.set(method, new Set());
      listeners.get(method).add(f);
    },
    off(method, f) {
      listeners.get(method)?.delete(f);
    },
    async send(method, params = {}, timeoutMs = 60_000) {
      if (!sessionId) return null;
      const id = nextId++;
      const reply = new Promise((r) => {
        waiting.set(id, r);
        setTimeout(() => r({ error: 'timeout' }), timeoutMs);
      });
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      const m = await reply;
      return m.result ?? null;
    },
  };
  return session;
}

export const attachWorkers = (cdp) => cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });

/** Self size and count per constructor (objects) or node type (arrays, strings, code, …). */
export function summarise(snapshotJson) {
  const s = JSON.parse(snapshotJson);
  const meta = s.snapshot.meta;
  const f = meta.node_fields;
  const types = meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((k) => f.indexOf(k));
  const out = new Map();
  const nodes = s.nodes;
  for (let i = 0; i < nodes.length; i += f.length) {
    const type = types[nodes[i + iType]];
    const key = type === 'object' || type === 'native' ? `${type === 'native' ? 'native ' : ''}${s.strings[nodes[i + iName]]}` : `(${type})`;
    const o = out.get(key) ?? { size: 0, count: 0 };
    o.size += nodes[i + iSize];
    o.count++;
    out.set(key, o);
  }
  let total = 0;
  for (const v of out.values()) total += v.size;
  return { byKey: out, total };
}

/** A heap snapshot after a forced GC, summarised; `session` is a page CDP session or a workerSession. */
export async function heapSnapshot(session) {
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false }, 300_000);
  session.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  return summarise(chunks.join(''));
}

/** Rows of what changed from summary a to b, largest change in self size first. */
export function snapshotDiff(a, b, top = 15) {
  const keys = new Set([...a.byKey.keys(), ...b.byKey.keys()]);
  return [...keys]
    .map((k) => {
      const x = a.byKey.get(k) ?? { size: 0, count: 0 };
      const y = b.byKey.get(k) ?? { size: 0, count: 0 };
      return { k, ds: y.size - x.size, dc: y.count - x.count, size: y.size };
    })
    .filter((d) => d.ds !== 0 || d.dc !== 0)
    .sort((p, q) => Math.abs(q.ds) - Math.abs(p.ds))
    .slice(0, top);
}

/** Prints snapshotDiff as a Markdown table under a title. */
export function printDiff(title, a, b, top = 15) {
  const mb = (x) => (x / 1048576).toFixed(2);
  console.log(`\n## ${title}: ${mb(a.total)} -> ${mb(b.total)} MB self size in all (${((b.total - a.total) / 1024).toFixed(1)} KB)`);
  console.log('\n| constructor / type | Δ self size (KB) | Δ count | self size at end (KB) |');
  console.log('|--|--:|--:|--:|');
  for (const d of snapshotDiff(a, b, top)) console.log(`| ${d.k} | ${(d.ds / 1024).toFixed(1)} | ${d.dc} | ${(d.size / 1024).toFixed(1)} |`);
}
