/**
 * The backend state machine (src/engine/backendMachine.ts): every phase under every event (one
 * table), then the stories the app tells with it (auto's CPU-first trace while the probe runs, a
 * software renderer, calibration per size class on a hardware GPU, loss and restore, preference
 * changes and failures mid-initialisation), and the driver (src/engine/backend.ts) on fresh instances.
 */
import { describe, expect, it } from 'vitest';
import {
  calibrates,
  describe as describeInfo,
  initialState,
  LOST_NOTICE,
  settle,
  transition,
  type BackendEvent,
  type BackendState,
  type Phase,
} from '../../src/engine/backendMachine';
import { INTERIM_AUTO_REASON, INTERIM_FALLBACK, SOFTWARE_AUTO_REASON, softwareReason, type AutoPick } from '../../src/engine/autoPick';
import { EngineBackend } from '../../src/engine/backend';

const HARDWARE = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)';
const SWIFTSHADER = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)';
const CPU_PICK: AutoPick = { backend: 'cpu', ratio: 2.1, reason: 'Auto: CPU (plain JS), 2.1× faster than WebGL at T = 20, 8 units' };
const WEBGL_PICK: AutoPick = { backend: 'webgl', ratio: 3, reason: 'Auto: WebGL, 3.0× faster than the CPU (plain JS) at T = 60, 16 units' };

type Kind = Phase['kind'];
const KINDS: Kind[] = ['unchosen', 'initialising', 'interim', 'cpu', 'software', 'webgl', 'calibrated', 'lost', 'restored'];

/** A state in each phase, auto, after the probe answered with a hardware renderer (run 1 the last initialisation). */
function inPhase(kind: Kind): BackendState {
  const base: BackendState = { ...initialState('auto'), probe: { kind: 'answered', id: 1, renderer: HARDWARE }, runs: 1 };
  const phases: Record<Kind, Phase> = {
    unchosen: { kind: 'unchosen', info: { backend: '', preference: 'auto' } },
    initialising: {
      kind: 'initialising',
      info: { backend: '', preference: 'auto' },
      run: 1,
      plan: { kind: 'webgl', preference: 'auto', rebuild: false, probed: HARDWARE, calibrateOnSoftware: false },
    },
    interim: settle({ kind: 'interim' }, 'auto', { kind: 'cpu' }),
    cpu: settle({ kind: 'webgl', preference: 'auto', rebuild: false, probed: 'ask', calibrateOnSoftware: false }, 'auto', {
      kind: 'refused',
      reason: 'WebGL is not available outside a browser',
    }),
    software: settle({ kind: 'webgl', preference: 'auto', rebuild: false, probed: 'ask', calibrateOnSoftware: false }, 'auto', {
      kind: 'refused',
      reason: softwareReason(SWIFTSHADER),
      renderer: SWIFTSHADER,
    }),
    webgl: { kind: 'webgl', info: { backend: 'webgl', preference: 'auto', renderer: HARDWARE } },
    calibrated: { kind: 'calibrated', info: { backend: 'webgl', preference: 'auto', renderer: HARDWARE }, pick: CPU_PICK },
    lost: settle({ kind: 'lost' }, 'auto', { kind: 'cpu' }),
    restored: { kind: 'restored', info: { backend: 'cpu', preference: 'auto', fallbackReason: LOST_NOTICE, notice: LOST_NOTICE } },
  };
  const lostSince = kind === 'lost' || kind === 'restored';
  return { ...base, lostSince, phase: phases[kind], picks: kind === 'calibrated' ? { k: CPU_PICK } : {} };
}

const EVENTS: Record<string, BackendEvent> = {
  'ensure (context fine)': { type: 'ensure', contextLost: false, webglLoaded: true },
  'ensure (context lost)': { type: 'ensure', contextLost: true, webglLoaded: true },
  'initialised (run 1, WebGL works)': { type: 'initialised', run: 1, outcome: { kind: 'webgl', renderer: HARDWARE } },
  'initialised (a stale run 0)': { type: 'initialised', run: 0, outcome: { kind: 'webgl', renderer: HARDWARE } },
  'initFailed (run 1)': { type: 'initFailed', run: 1 },
  'preference webgl': { type: 'preference', preference: 'webgl' },
  'preference auto (unchanged)': { type: 'preference', preference: 'auto' },
  probeStarted: { type: 'probeStarted', id: 2 },
  'probeAnswered (no probe pending)': { type: 'probeAnswered', id: 1, renderer: SWIFTSHADER },
  contextLost: { type: 'contextLost' },
  contextRestored: { type: 'contextRestored' },
  'calibrated (a CPU pick)': { type: 'calibrated', key: 'k2', pick: CPU_PICK },
  'calibrated (no pick)': { type: 'calibrated', key: null, pick: null },
  calibrateOnSoftware: { type: 'calibrateOnSoftware', on: true },
};

const all = (k: Kind): Record<Kind, Kind> => Object.fromEntries(KINDS.map((p) => [p, k])) as Record<Kind, Kind>;
const unchanged = Object.fromEntries(KINDS.map((p) => [p, p])) as Record<Kind, Kind>;

/** the phase each phase goes to under each event */
const TABLE: Record<keyof typeof EVENTS, Record<Kind, Kind>> = {
  // ready phases stay; lost/restored (the context is fine again) and unchosen start an initialisation
  'ensure (context fine)': { ...unchanged, unchosen: 'initialising', lost: 'initialising', restored: 'initialising' },
  // a lost context re-initialises a WebGL phase (onto the CPU); the CPU phases and lost stay
  'ensure (context lost)': { ...unchanged, unchosen: 'initialising', webgl: 'initialising', calibrated: 'initialising', restored: 'initialising' },
  'initialised (run 1, WebGL works)': { ...unchanged, initialising: 'webgl' },
  'initialised (a stale run 0)': unchanged,
  'initFailed (run 1)': { ...unchanged, initialising: 'unchosen' },
  'preference webgl': all('unchosen'),
  'preference auto (unchanged)': unchanged,
  probeStarted: unchanged,
  'probeAnswered (no probe pending)': unchanged,
  contextLost: all('unchosen'),
  contextRestored: { ...unchanged, lost: 'restored' },
  'calibrated (a CPU pick)': { ...unchanged, webgl: 'calibrated' },
  'calibrated (no pick)': { ...unchanged, calibrated: 'webgl' },
  calibrateOnSoftware: all('unchosen'),
};

describe('every phase under every event', () => {
  for (const [name, event] of Object.entries(EVENTS))
    for (const kind of KINDS)
      it(`${kind} + ${name} → ${TABLE[name][kind]}`, () => {
        const before = inPhase(kind);
        const frozen = JSON.stringify(before);
        const { state, effects } = transition(before, event);
        expect(state.phase.kind).toBe(TABLE[name][kind]);
        // pure: the old state is untouched
        expect(JSON.stringify(before)).toBe(frozen);
        // an initialisation starts exactly when the phase becomes initialising from another one
        const starts = state.phase.kind === 'initialising' && kind !== 'initialising';
        expect(effects.filter((f) => f.kind === 'init')).toHaveLength(starts ? 1 : 0);
        if (starts) {
          expect(state.runs).toBe(before.runs + 1);
          expect(effects[0]).toEqual({ kind: 'init', run: state.runs, plan: (state.phase as { plan: unknown }).plan });
        }
        // the page is told only by a probe answer
        expect(effects.filter((f) => f.kind === 'notify')).toEqual([]);
        // the info shown while initialising is the one before
        if (starts) expect(state.phase.info).toEqual(before.phase.info);
      });

  it('the plans: a lost context starts the CPU with the notice; a restored one rebuilds WebGL, with the probe’s answer', () => {
    const plan = (k: Kind, e: BackendEvent) => {
      const s = transition(inPhase(k), e).state;
      return s.phase.kind === 'initialising' ? { plan: s.phase.plan, lostSince: s.lostSince } : null;
    };
    const fine = EVENTS['ensure (context fine)'];
    const lost = EVENTS['ensure (context lost)'];
    const webgl = (rebuild: boolean) => ({ kind: 'webgl', preference: 'auto', rebuild, probed: HARDWARE, calibrateOnSoftware: false });
    expect(plan('unchosen', fine)).toEqual({ plan: webgl(false), lostSince: false });
    expect(plan('lost', fine)).toEqual({ plan: webgl(true), lostSince: false });
    expect(plan('restored', fine)).toEqual({ plan: webgl(true), lostSince: false });
    for (const k of ['unchosen', 'webgl', 'calibrated', 'restored'] as const)
      expect(plan(k, lost)).toEqual({ plan: { kind: 'lost' }, lostSince: true });
  });

  it('the other fields: a preference change keeps the backend and reason shown; contextLost marks the loss; picks are kept per size class and cleared for calibrateOnSoftware', () => {
    const s = transition(inPhase('cpu'), EVENTS['preference webgl']).state;
    expect(s.preference).toBe('webgl');
    expect(s.phase.info).toEqual({ backend: 'cpu', preference: 'webgl', fallbackReason: 'WebGL is not available outside a browser' });
    expect(transition(inPhase('software'), EVENTS['preference webgl']).state.phase.info.autoReason).toBeUndefined();
    expect(transition(inPhase('webgl'), EVENTS.contextLost).state.lostSince).toBe(true);
    expect(transition(inPhase('calibrated'), EVENTS['calibrated (a CPU pick)']).state.picks).toEqual({ k: CPU_PICK, k2: CPU_PICK });
    expect(transition(inPhase('cpu'), EVENTS['calibrated (a CPU pick)']).state.picks).toEqual({ k2: CPU_PICK });
    const soft = transition(inPhase('calibrated'), EVENTS.calibrateOnSoftware).state;
    expect(soft.picks).toEqual({});
    expect(soft.calibrateOnSoftware).toBe(true);
    expect(transition(inPhase('webgl'), EVENTS.probeStarted).state.probe).toEqual({ kind: 'pending', id: 2 });
  });
});

/** Runs events from a state, collecting the effects. */
function run(s: BackendState, ...events: BackendEvent[]) {
  const effects = [];
  for (const e of events) {
    const step = transition(s, e);
    s = step.state;
    effects.push(...step.effects);
  }
  return { s, effects };
}
const ensure = (contextLost = false, webglLoaded = false): BackendEvent => ({ type: 'ensure', contextLost, webglLoaded });

describe('auto while the renderer probe runs', () => {
  const started = run(initialState(), { type: 'probeStarted', id: 1 }, ensure());

  it('the first request computes on the CPU at once, and says why', () => {
    expect(started.s.phase).toMatchObject({ kind: 'initialising', plan: { kind: 'interim' } });
    const { s } = run(started.s, { type: 'initialised', run: 1, outcome: { kind: 'cpu' } });
    expect(s.phase.kind).toBe('interim');
    expect(describeInfo(s)).toEqual({ backend: 'cpu', preference: 'auto', fallbackReason: INTERIM_FALLBACK, autoReason: INTERIM_AUTO_REASON });
    // the next request does not wait for the probe either
    expect(run(s, ensure()).effects).toEqual([]);
  });

  it('a software renderer’s answer keeps the CPU and tells the page why, without a request', () => {
    const { s, effects } = run(
      started.s,
      { type: 'initialised', run: 1, outcome: { kind: 'cpu' } },
      { type: 'probeAnswered', id: 1, renderer: SWIFTSHADER },
    );
    const info = {
      backend: 'cpu',
      preference: 'auto',
      fallbackReason: softwareReason(SWIFTSHADER),
      renderer: SWIFTSHADER,
      autoReason: SOFTWARE_AUTO_REASON,
    };
    expect(s.phase.kind).toBe('software');
    expect(effects.filter((f) => f.kind === 'notify')).toEqual([{ kind: 'notify', info }]);
    expect(describeInfo(s)).toEqual(info);
    expect(run(s, ensure()).effects).toEqual([]);
  });

  it('a hardware answer claims nothing for the trace on screen; the next request tries WebGL with it, then auto times each size class', () => {
    let { s, effects } = run(
      started.s,
      { type: 'initialised', run: 1, outcome: { kind: 'cpu' } },
      { type: 'probeAnswered', id: 1, renderer: HARDWARE },
    );
    expect(effects.filter((f) => f.kind === 'notify')).toEqual([]);
    expect(s.phase.kind).toBe('unchosen');
    expect(describeInfo(s).autoReason).toBe(INTERIM_AUTO_REASON);
    ({ s, effects } = run(s, ensure()));
    expect(effects).toEqual([
      { kind: 'init', run: 2, plan: { kind: 'webgl', preference: 'auto', rebuild: false, probed: HARDWARE, calibrateOnSoftware: false } },
    ]);
    ({ s } = run(s, { type: 'initialised', run: 2, outcome: { kind: 'webgl', renderer: HARDWARE } }));
    expect(describeInfo(s)).toEqual({ backend: 'webgl', preference: 'auto', renderer: HARDWARE });
    expect(calibrates(s, false)).toBe(true);
    expect(calibrates(s, true)).toBe(false);
    ({ s } = run(s, { type: 'calibrated', key: 'small', pick: CPU_PICK }));
    expect(s.phase.kind).toBe('calibrated');
    expect(describeInfo(s)).toEqual({
      backend: 'cpu',
      preference: 'auto',
      renderer: HARDWARE,
      autoReason: CPU_PICK.reason,
      fallbackReason: 'auto timed both backends: the CPU (plain JS) was 2.1× faster than WebGL at T = 20, 8 units',
    });
    ({ s } = run(s, { type: 'calibrated', key: 'large', pick: WEBGL_PICK }));
    expect(describeInfo(s)).toEqual({ backend: 'webgl', preference: 'auto', renderer: HARDWARE, autoReason: WEBGL_PICK.reason });
    expect(s.picks).toEqual({ small: CPU_PICK, large: WEBGL_PICK });
    expect(calibrates(s, false)).toBe(true);
  });

  it('an answer that arrives while the interim initialisation is under way decides when it ends', () => {
    const { s, effects } = run(
      started.s,
      { type: 'probeAnswered', id: 1, renderer: 'llvmpipe (LLVM 15.0.7, 256 bits)' },
      { type: 'initialised', run: 1, outcome: { kind: 'cpu' } },
    );
    expect(s.phase.kind).toBe('software');
    expect(effects.filter((f) => f.kind === 'notify')).toHaveLength(1);
  });

  it('an answer of a replaced probe is ignored; a probe without a name (null) or none at all tries WebGL next', () => {
    const replaced = run(started.s, { type: 'probeStarted', id: 2 }, { type: 'probeAnswered', id: 1, renderer: SWIFTSHADER });
    expect(replaced.s.probe).toEqual({ kind: 'pending', id: 2 });
    const noName = run(
      started.s,
      { type: 'initialised', run: 1, outcome: { kind: 'cpu' } },
      { type: 'probeAnswered', id: 1, renderer: null },
      ensure(),
    );
    expect(noName.s.phase).toMatchObject({ kind: 'initialising', plan: { kind: 'webgl', probed: null } });
    const noProbe = run(initialState(), ensure());
    expect(noProbe.s.phase).toMatchObject({ kind: 'initialising', plan: { kind: 'webgl', probed: 'ask' } });
  });

  it('other choices, calibrating on software and WebGL already loaded never wait for the probe', () => {
    const probing = run(initialState(), { type: 'probeStarted', id: 1 }).s;
    expect(run(probing, { type: 'preference', preference: 'cpu' }, ensure()).s.phase).toMatchObject({ plan: { kind: 'cpu' } });
    expect(run(probing, { type: 'preference', preference: 'webgl' }, ensure()).s.phase).toMatchObject({
      plan: { kind: 'webgl', preference: 'webgl' },
    });
    expect(run(probing, { type: 'calibrateOnSoftware', on: true }, ensure()).s.phase).toMatchObject({
      plan: { kind: 'webgl', calibrateOnSoftware: true },
    });
    expect(run(probing, ensure(false, true)).s.phase).toMatchObject({ plan: { kind: 'webgl' } });
  });
});

describe('what an initialisation ends in (settle)', () => {
  const webgl = (preference: 'auto' | 'webgl') =>
    ({ kind: 'webgl', preference, rebuild: false, probed: 'ask', calibrateOnSoftware: false }) as const;
  it('WebGL refused on a software renderer: under auto the software phase with auto’s reason, under webgl the CPU with the reason only', () => {
    const refused = { kind: 'refused', reason: softwareReason(SWIFTSHADER), renderer: SWIFTSHADER } as const;
    expect(settle(webgl('auto'), 'auto', refused)).toEqual({
      kind: 'software',
      info: {
        backend: 'cpu',
        preference: 'auto',
        fallbackReason: softwareReason(SWIFTSHADER),
        renderer: SWIFTSHADER,
        autoReason: SOFTWARE_AUTO_REASON,
      },
    });
    const imprecise = { kind: 'refused', reason: 'this GPU computes only in 16-bit floats', renderer: SWIFTSHADER } as const;
    expect(settle(webgl('webgl'), 'webgl', imprecise)).toEqual({
      kind: 'cpu',
      info: { backend: 'cpu', preference: 'webgl', fallbackReason: 'this GPU computes only in 16-bit floats', renderer: SWIFTSHADER },
    });
  });
  it('the CPU asked for has no reason; lost has the notice; WebGL names its renderer where known', () => {
    expect(settle({ kind: 'cpu' }, 'cpu', { kind: 'cpu' })).toEqual({ kind: 'cpu', info: { backend: 'cpu', preference: 'cpu' } });
    expect(settle({ kind: 'lost' }, 'webgl', { kind: 'cpu' }).info).toEqual({
      backend: 'cpu',
      preference: 'webgl',
      fallbackReason: LOST_NOTICE,
      notice: LOST_NOTICE,
    });
    expect(settle(webgl('webgl'), 'webgl', { kind: 'webgl' }).info).toEqual({ backend: 'webgl', preference: 'webgl' });
  });
});

describe('context loss and restore', () => {
  const onWebgl = run(initialState('webgl'), ensure(), { type: 'initialised', run: 1, outcome: { kind: 'webgl', renderer: HARDWARE } }).s;

  it('lost: the next request computes on the CPU with the notice, until the context is back; restored: WebGL is rebuilt, the notice gone', () => {
    let { s, effects } = run(onWebgl, ensure(true));
    expect(effects).toEqual([{ kind: 'init', run: 2, plan: { kind: 'lost' } }]);
    ({ s } = run(s, { type: 'initialised', run: 2, outcome: { kind: 'cpu' } }));
    expect(s.phase.kind).toBe('lost');
    expect(describeInfo(s)).toEqual({ backend: 'cpu', preference: 'webgl', fallbackReason: LOST_NOTICE, notice: LOST_NOTICE });
    // still lost: stays on the CPU, no new initialisation
    expect(run(s, ensure(true)).effects).toEqual([]);
    ({ s } = run(s, { type: 'contextRestored' }));
    expect(s.phase.kind).toBe('restored');
    ({ s, effects } = run(s, ensure(false, true)));
    expect(effects).toEqual([
      { kind: 'init', run: 3, plan: { kind: 'webgl', preference: 'webgl', rebuild: true, probed: 'ask', calibrateOnSoftware: false } },
    ]);
    expect(s.lostSince).toBe(false);
    ({ s } = run(s, { type: 'initialised', run: 3, outcome: { kind: 'webgl', renderer: HARDWARE } }));
    expect(describeInfo(s)).toEqual({ backend: 'webgl', preference: 'webgl', renderer: HARDWARE });
    expect(describeInfo(s).notice).toBeUndefined();
  });

  it('a failed run (markWebglLost) counts as a loss; restored without the event (isContextLost false again) also rebuilds', () => {
    let { s } = run(onWebgl, { type: 'contextLost' }, ensure(true), { type: 'initialised', run: 2, outcome: { kind: 'cpu' } });
    expect(s.phase.kind).toBe('lost');
    ({ s } = run(s, ensure(false)));
    expect(s.phase).toMatchObject({ kind: 'initialising', plan: { kind: 'webgl', rebuild: true } });
  });

  it('the CPU preference ignores a lost context; going back to WebGL later still sees it', () => {
    const lostCpu = run(onWebgl, { type: 'contextLost' }, { type: 'preference', preference: 'cpu' }, ensure(true));
    expect(lostCpu.s.phase).toMatchObject({ kind: 'initialising', plan: { kind: 'cpu' } });
    let { s } = run(lostCpu.s, { type: 'initialised', run: 2, outcome: { kind: 'cpu' } });
    expect(run(s, ensure(true)).effects).toEqual([]);
    ({ s } = run(s, { type: 'preference', preference: 'webgl' }, ensure(true)));
    expect(s.phase).toMatchObject({ plan: { kind: 'lost' } });
  });
});

describe('changes while an initialisation is under way', () => {
  it('a preference change: the old run’s answer is ignored, the new one decides', () => {
    let { s } = run(initialState('webgl'), ensure(), { type: 'preference', preference: 'cpu' });
    expect(s.phase.kind).toBe('unchosen');
    ({ s } = run(s, ensure()));
    expect(s.phase).toMatchObject({ kind: 'initialising', run: 2, plan: { kind: 'cpu' } });
    ({ s } = run(s, { type: 'initialised', run: 1, outcome: { kind: 'webgl' } }));
    expect(s.phase.kind).toBe('initialising');
    ({ s } = run(s, { type: 'initialised', run: 2, outcome: { kind: 'cpu' } }));
    expect(describeInfo(s)).toEqual({ backend: 'cpu', preference: 'cpu' });
  });

  it('a failed initialisation keeps what was shown and is retried by the next request', () => {
    let { s } = run(initialState('webgl'), ensure(), { type: 'initFailed', run: 1 });
    expect(s.phase).toEqual({ kind: 'unchosen', info: { backend: '', preference: 'webgl' } });
    ({ s } = run(s, ensure()));
    expect(s.phase).toMatchObject({ kind: 'initialising', run: 2 });
  });

  it('describe returns a copy', () => {
    const s = run(initialState('cpu'), ensure(), { type: 'initialised', run: 1, outcome: { kind: 'cpu' } }).s;
    describeInfo(s).backend = 'webgl';
    expect(describeInfo(s).backend).toBe('cpu');
  });
});

describe('the driver (fresh instances, in Node: the CPU)', () => {
  it('instances are independent: no module state', async () => {
    const a = new EngineBackend();
    const b = new EngineBackend();
    a.setPreference('cpu');
    expect(await a.ensure()).toEqual({ backend: 'cpu', preference: 'cpu' });
    expect(b.info()).toEqual({ backend: '', preference: 'auto' });
    expect(b.snapshot.phase.kind).toBe('unchosen');
  });

  it('a failed WebGL run: the next request is on the CPU with the notice', async () => {
    const e = new EngineBackend();
    e.setPreference('webgl');
    expect((await e.ensure()).fallbackReason).toBe('WebGL is not available outside a browser');
    e.markWebglLost();
    expect(await e.ensure()).toEqual({ backend: 'cpu', preference: 'webgl', fallbackReason: LOST_NOTICE, notice: LOST_NOTICE });
    expect(e.snapshot.phase.kind).toBe('lost');
    expect(e.autoCalibrates()).toBe(false);
  });

  it('concurrent first requests share one initialisation', async () => {
    const e = new EngineBackend();
    const [x, y] = await Promise.all([e.ensure(), e.ensure()]);
    expect(x).toEqual(y);
    expect(e.snapshot.runs).toBe(1);
    expect(() => e.setPreference('gpu' as 'cpu')).toThrow(/'auto', 'webgl' or 'cpu'/);
  });
});
