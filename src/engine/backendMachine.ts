/**
 * Which tfjs backend computes, as an explicit state machine: the states, the events and ONE pure
 * transition function, `transition(state, event) → { state, effects }`. It touches nothing: the
 * effects are data (initialise this way, tell the page this), carried out by the driver in
 * backend.ts, which also reports what it observes (a lost context, tfjs' WebGL code loaded) in
 * the events it dispatches. Unit-tested state by state (tests/unit/engine-backend-machine.test.ts).
 *
 * The phases:
 * - `unchosen`: nothing chosen for the current preference (at start, after a preference change, a
 *   forced loss, a hardware answer of the renderer probe): the next request initialises.
 * - `initialising`: one initialisation (`plan`) is under way; requests meanwhile wait for it.
 * - `interim`: auto while the renderer probe has not answered: the CPU computes, and says so.
 * - `cpu`: the CPU, asked for, or because WebGL is missing, refused, imprecise or broken (the reason).
 * - `software`: auto on a software WebGL renderer (SwiftShader, llvmpipe…): the CPU, with the reason.
 * - `webgl`: WebGL works (under auto on a hardware GPU, before a size class is timed).
 * - `calibrated`: auto on WebGL with the timed pick of the current size class (which may be the CPU).
 * - `lost`: the WebGL context was lost: the CPU stands in, with the notice.
 * - `restored`: a lost context was restored: the next request rebuilds WebGL.
 *
 * Every phase carries the info shown meanwhile (getBackendInfo: `describe`).
 */
import { INTERIM_AUTO_REASON, INTERIM_FALLBACK, SOFTWARE_AUTO_REASON, softwareReason, type AutoPick } from './autoPick';
import { SOFTWARE_RENDERER } from './rendererProbe';

export type BackendPreference = 'auto' | 'webgl' | 'cpu';

export interface BackendInfo {
  /** the backend simulate uses: 'webgl' or 'cpu' ('' before the first simulate call) */
  backend: string;
  /** why WebGL is not used although the preference allowed it; absent when WebGL runs or 'cpu' was asked for */
  fallbackReason?: string;
  preference: BackendPreference;
  /** set while WebGL has been lost and the CPU stands in: a sentence for the UI */
  notice?: string;
  /** the WebGL renderer's name, where the browser tells it */
  renderer?: string;
  /** preference 'auto': its pick and why, in a few words for the badge ("Auto: CPU (plain JS), 2.1× faster than WebGL at T = 20, 8 units") */
  autoReason?: string;
}

export const LOST_NOTICE = 'WebGL was lost; computing on the CPU';

/**
 * How an initialisation goes (decided by the transition, carried out by the driver):
 * interim / cpu / lost start the CPU backend; webgl tries WebGL (after rebuilding it when a lost
 * context was restored), with what the renderer probe answered.
 */
export type InitPlan =
  | { kind: 'interim' }
  | { kind: 'cpu' }
  | { kind: 'lost' }
  | {
      kind: 'webgl';
      preference: 'auto' | 'webgl';
      /** a context lost earlier was restored: throw the old WebGL backend away first */
      rebuild: boolean;
      /** the probe's answer ('ask': there was none, read the renderer here) */
      probed: string | null | 'ask';
      calibrateOnSoftware: boolean;
    };

/** What an initialisation found: the CPU started, WebGL works, or WebGL was not used (why; the CPU started). */
export type InitOutcome = { kind: 'cpu' } | { kind: 'webgl'; renderer?: string } | { kind: 'refused'; reason: string; renderer?: string };

export type Probe = { kind: 'none' } | { kind: 'pending'; id: number } | { kind: 'answered'; id: number; renderer: string | null | undefined };

/** The phases that answer a request at once. */
export type ReadyPhase =
  | { kind: 'interim'; info: BackendInfo }
  | { kind: 'cpu'; info: BackendInfo }
  | { kind: 'software'; info: BackendInfo }
  | { kind: 'webgl'; info: BackendInfo }
  | { kind: 'calibrated'; info: BackendInfo; pick: AutoPick }
  | { kind: 'lost'; info: BackendInfo };

export type Phase =
  | ReadyPhase
  | { kind: 'unchosen'; info: BackendInfo }
  | { kind: 'initialising'; info: BackendInfo; run: number; plan: InitPlan }
  | { kind: 'restored'; info: BackendInfo };

export interface BackendState {
  phase: Phase;
  preference: BackendPreference;
  probe: Probe;
  /** from a loss until WebGL has been rebuilt after the restore */
  lostSince: boolean;
  /** for the browser tests: calibrate on a software renderer as if it were a hardware GPU */
  calibrateOnSoftware: boolean;
  /** auto's timed picks, per size class (simulate.ts's key) */
  picks: Readonly<Record<string, AutoPick>>;
  /** the last initialisation's number (runs that finish after a newer one began are stale) */
  runs: number;
}

export type BackendEvent =
  /** a request needs a backend; with what the driver sees now */
  | { type: 'ensure'; contextLost: boolean; webglLoaded: boolean }
  | { type: 'initialised'; run: number; outcome: InitOutcome }
  | { type: 'initFailed'; run: number }
  | { type: 'preference'; preference: BackendPreference }
  | { type: 'probeStarted'; id: number }
  | { type: 'probeAnswered'; id: number; renderer: string | null | undefined }
  /** a WebGL run failed or its readback timed out */
  | { type: 'contextLost' }
  /** the webglcontextrestored event */
  | { type: 'contextRestored' }
  /** auto timed (or reused the timing of) a size class; a null pick: plain WebGL */
  | { type: 'calibrated'; key: string | null; pick: AutoPick | null }
  | { type: 'calibrateOnSoftware'; on: boolean };

export type Effect = { kind: 'init'; run: number; plan: InitPlan } | { kind: 'notify'; info: BackendInfo };

export interface Step {
  state: BackendState;
  effects: Effect[];
}

export function initialState(preference: BackendPreference = 'auto'): BackendState {
  return {
    phase: { kind: 'unchosen', info: { backend: '', preference } },
    preference,
    probe: { kind: 'none' },
    lostSince: false,
    calibrateOnSoftware: false,
    picks: {},
    runs: 0,
  };
}

export function isReady(p: Phase): p is ReadyPhase {
  return p.kind !== 'unchosen' && p.kind !== 'initialising' && p.kind !== 'restored';
}

/** The phase an initialisation ends in. Pure; the driver uses it for the answer of the request that waited. */
export function settle(plan: InitPlan, preference: BackendPreference, outcome: InitOutcome): ReadyPhase {
  if (plan.kind === 'interim')
    return { kind: 'interim', info: { backend: 'cpu', preference, fallbackReason: INTERIM_FALLBACK, autoReason: INTERIM_AUTO_REASON } };
  if (plan.kind === 'cpu') return { kind: 'cpu', info: { backend: 'cpu', preference } };
  if (plan.kind === 'lost') return { kind: 'lost', info: { backend: 'cpu', preference, fallbackReason: LOST_NOTICE, notice: LOST_NOTICE } };
  const r = outcome.kind !== 'cpu' && outcome.renderer ? { renderer: outcome.renderer } : {};
  if (outcome.kind === 'webgl') return { kind: 'webgl', info: { backend: 'webgl', preference, ...r } };
  const reason = outcome.kind === 'refused' ? outcome.reason : 'WebGL was not started';
  if (preference === 'auto' && r.renderer && SOFTWARE_RENDERER.test(r.renderer))
    return { kind: 'software', info: { backend: 'cpu', fallbackReason: reason, preference, ...r, autoReason: SOFTWARE_AUTO_REASON } };
  return { kind: 'cpu', info: { backend: 'cpu', fallbackReason: reason, preference, ...r } };
}

/** The software-renderer phase the probe's answer gives auto (the trace on screen is what that pick computes). */
function softwareFromProbe(renderer: string): ReadyPhase {
  return {
    kind: 'software',
    info: { backend: 'cpu', preference: 'auto', fallbackReason: softwareReason(renderer), renderer, autoReason: SOFTWARE_AUTO_REASON },
  };
}

/** Auto in its interim phase, once the probe has answered: a software renderer keeps the CPU (the page is told why), anything else tries WebGL next. */
function afterProbe(s: BackendState, renderer: string | null | undefined, info: BackendInfo): Step {
  if (typeof renderer === 'string' && SOFTWARE_RENDERER.test(renderer)) {
    const phase = softwareFromProbe(renderer);
    return { state: { ...s, phase }, effects: [{ kind: 'notify', info: phase.info }] };
  }
  return { state: { ...s, phase: { kind: 'unchosen', info } }, effects: [] };
}

/** Starts an initialisation for the current preference, with what the driver sees. */
function begin(s: BackendState, seen: { contextLost: boolean; webglLoaded: boolean }): Step {
  const pref = s.preference;
  const run = s.runs + 1;
  let plan: InitPlan;
  let lostSince = s.lostSince;
  if (pref === 'auto' && s.probe.kind === 'pending' && !s.calibrateOnSoftware && !seen.webglLoaded) plan = { kind: 'interim' };
  else if (pref === 'cpu') plan = { kind: 'cpu' };
  else if (seen.contextLost) {
    plan = { kind: 'lost' };
    lostSince = true;
  } else {
    plan = {
      kind: 'webgl',
      preference: pref,
      rebuild: lostSince,
      probed: s.probe.kind === 'answered' ? (s.probe.renderer === undefined ? 'ask' : s.probe.renderer) : 'ask',
      calibrateOnSoftware: s.calibrateOnSoftware,
    };
    lostSince = false;
  }
  return {
    state: { ...s, lostSince, runs: run, phase: { kind: 'initialising', info: s.phase.info, run, plan } },
    effects: [{ kind: 'init', run, plan }],
  };
}

/** The one transition function. */
export function transition(s: BackendState, e: BackendEvent): Step {
  const same: Step = { state: s, effects: [] };
  const p = s.phase;
  switch (e.type) {
    case 'ensure': {
      if (p.kind === 'initialising') return same; // the request waits for it
      if (isReady(p)) {
        // lost since the last request, or restored after a loss: choose again
        const stale = s.preference !== 'cpu' && ((p.info.backend === 'webgl' && e.contextLost) || (s.lostSince && !e.contextLost));
        if (!stale) return same;
      }
      return begin(s, e);
    }
    case 'initialised': {
      if (p.kind !== 'initialising' || p.run !== e.run) return same; // a newer choice replaced it
      const phase = settle(p.plan, s.preference, e.outcome);
      const next = { ...s, phase };
      // the probe answered while the interim initialisation was under way: its answer decides now
      if (phase.kind === 'interim' && s.probe.kind === 'answered') return afterProbe(next, s.probe.renderer, phase.info);
      return { state: next, effects: [] };
    }
    case 'initFailed':
      // the next request tries again
      return p.kind === 'initialising' && p.run === e.run ? { state: { ...s, phase: { kind: 'unchosen', info: p.info } }, effects: [] } : same;
    case 'preference': {
      if (e.preference === s.preference) return same;
      const info: BackendInfo = {
        backend: p.info.backend,
        preference: e.preference,
        ...(p.info.fallbackReason ? { fallbackReason: p.info.fallbackReason } : {}),
      };
      return { state: { ...s, preference: e.preference, phase: { kind: 'unchosen', info } }, effects: [] };
    }
    case 'probeStarted':
      return { state: { ...s, probe: { kind: 'pending', id: e.id } }, effects: [] };
    case 'probeAnswered': {
      if (s.probe.kind !== 'pending' || s.probe.id !== e.id) return same; // a newer probe replaced it
      const next: BackendState = { ...s, probe: { kind: 'answered', id: e.id, renderer: e.renderer } };
      // answered while interim initialises: decided when that initialisation ends ('initialised')
      return p.kind === 'interim' ? afterProbe(next, e.renderer, p.info) : { state: next, effects: [] };
    }
    case 'contextLost':
      return { state: { ...s, lostSince: true, phase: { kind: 'unchosen', info: p.info } }, effects: [] };
    case 'contextRestored':
      return p.kind === 'lost' ? { state: { ...s, phase: { kind: 'restored', info: p.info } }, effects: [] } : same;
    case 'calibrated': {
      const picks = e.key && e.pick ? { ...s.picks, [e.key]: e.pick } : s.picks;
      if (p.kind !== 'webgl' && p.kind !== 'calibrated') return { state: { ...s, picks }, effects: [] };
      const phase: Phase = e.pick ? { kind: 'calibrated', info: p.info, pick: e.pick } : { kind: 'webgl', info: p.info };
      return { state: { ...s, picks, phase }, effects: [] };
    }
    case 'calibrateOnSoftware':
      return {
        state: { ...s, calibrateOnSoftware: e.on, picks: {}, phase: { kind: 'unchosen', info: p.info } },
        effects: [],
      };
  }
}

/** The pick applied to the current size class (auto on WebGL, timed), else null. */
export function currentPick(s: BackendState): AutoPick | null {
  return s.phase.kind === 'calibrated' ? s.phase.pick : null;
}

/** What simulate uses (or last used), and why WebGL is not used when it is not: the badge's info. */
export function describe(s: BackendState): BackendInfo {
  const info = s.phase.info;
  const pick = currentPick(s);
  if (pick && info.backend === 'webgl' && info.preference === 'auto') {
    return pick.backend === 'cpu'
      ? {
          ...info,
          backend: 'cpu',
          autoReason: pick.reason,
          fallbackReason: `auto timed both backends: ${pick.reason.replace(/^Auto: CPU( \([^)]*\))?, /, 'the CPU$1 was ')}`,
        }
      : { ...info, autoReason: pick.reason };
  }
  return { ...info };
}

/** True when auto runs on working WebGL, so simulate times (or reuses the timing of) the current size. */
export function calibrates(s: BackendState, contextLost: boolean): boolean {
  const p = s.phase;
  return s.preference === 'auto' && (p.kind === 'webgl' || p.kind === 'calibrated') && p.info.preference === 'auto' && !contextLost;
}
