/**
 * The training lab's presenting sync (src/store/labSync.ts): what it accepts off the
 * channel. Anything malformed, of another version or with fields the lab does not mirror is
 * ignored (null), never thrown.
 */
import { describe, expect, it } from 'vitest';
import { LAB_SYNC_VERSION, parseLabMessage } from '../../src/store/labSync';

const base = { app: 'unrolled-train', v: LAB_SYNC_VERSION, from: 'w1' };
const claim = { n: 2, from: 'w1' };

describe('lab sync messages', () => {
  it('accepts the five kinds, well formed', () => {
    expect(parseLabMessage({ ...base, kind: 'hello' })).not.toBeNull();
    expect(parseLabMessage({ ...base, kind: 'bye', claim })).not.toBeNull();
    expect(parseLabMessage({ ...base, kind: 'state', claim, full: true, state: { step: 3, history: [], models: {} } })).not.toBeNull();
    expect(parseLabMessage({ ...base, kind: 'cmd', to: 'w2', cmd: { op: 'play' } })).not.toBeNull();
    expect(parseLabMessage({ ...base, kind: 'cmd', to: 'w2', cmd: { op: 'reset', config: {}, backendChoice: 'auto' } })).not.toBeNull();
    expect(parseLabMessage({ ...base, kind: 'cmd', to: 'w2', cmd: { op: 'weights', cell: 'gru', requestId: 1 } })).not.toBeNull();
    expect(parseLabMessage({ ...base, kind: 'weights', to: 'w2', requestId: 1, weights: null })).not.toBeNull();
  });

  it('ignores other apps and versions, bad claims, unknown fields and commands', () => {
    const bad: unknown[] = [
      null,
      'hello',
      { ...base, app: 'unrolled-sim', kind: 'hello' },
      { ...base, v: LAB_SYNC_VERSION + 1, kind: 'hello' },
      { ...base, from: '', kind: 'hello' },
      { ...base, kind: 'bye' },
      { ...base, kind: 'bye', claim: { n: 0, from: 'w1' } },
      { ...base, kind: 'state', claim, full: true, state: { step: 1.5 } },
      { ...base, kind: 'state', claim, full: true, state: { history: 'x' } },
      { ...base, kind: 'state', claim, full: true, state: { setConfig: 1 } },
      { ...base, kind: 'state', claim: { n: 1.5, from: 'w1' }, full: true, state: {} },
      { ...base, kind: 'cmd', to: 'w2', cmd: { op: 'dispose' } },
      { ...base, kind: 'cmd', to: 'w2', cmd: { op: 'reset' } },
      { ...base, kind: 'cmd', cmd: { op: 'play' } },
      { ...base, kind: 'weights', to: 'w2', requestId: 'a', weights: null },
      { ...base, kind: 'nav' },
    ];
    for (const m of bad) expect(parseLabMessage(m), JSON.stringify(m)).toBeNull();
  });
});
