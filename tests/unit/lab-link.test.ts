import { describe, expect, it } from 'vitest';
import { decodeQuery, hashWith, LINK_VERSION, MAX_HASH_CHARS, splitHash } from '../../src/sim/link';
import { DEFAULT_CONFIG, LIMITS, type TrainConfig } from '../../src/train/config';
import { decodeLab, encodeLab, LAB_KEYS, sameLab, type LabLink } from '../../src/train/link';

/** the query a lab setup writes (as app/linkSync.ts does, with no simulator on the page) */
const queryOf = (lab: LabLink) => splitHash(hashWith('#/training', [], { extra: encodeLab(lab) })).query;
const lab = (config: Partial<TrainConfig> = {}, backendChoice: LabLink['backendChoice'] = 'auto'): LabLink => ({
  config: { ...DEFAULT_CONFIG, ...config },
  backendChoice,
});

describe('the training lab in a link (src/train/link.ts)', () => {
  it('pins the version-1 keys (changing one needs LINK_VERSION + 1)', () => {
    expect(LINK_VERSION).toBe(1);
    expect(LAB_KEYS).toEqual({
      task: 'task',
      T: 'T',
      seed: 'seed',
      units: 'units',
      optimizer: 'opt',
      learningRate: 'lr',
      batchSize: 'batch',
      clipnorm: 'clip',
      unitForgetBias: 'fb',
      recurrentActivation: 'ra',
      stepBudget: 'budget',
    });
  });

  it('writes only what differs from the defaults, with the version; nothing at all at the defaults', () => {
    expect(encodeLab(lab())).toEqual([]);
    expect(hashWith('#/training', [], { extra: encodeLab(lab()) })).toBe('#/training');
    expect(hashWith('#/training', [], { extra: encodeLab(lab({ T: 40, units: 8 })) })).toBe('#/training?v=1&lab.T=40&lab.units=8');
    expect(queryOf(lab({ unitForgetBias: false, learningRate: 0.005 }, 'cpu'))).toBe('v=1&lab.lr=0.005&lab.fb=0&lab.backend=cpu');
    // the lab's keys are not a simulator's: the simulators' reader ignores them
    expect(decodeQuery('v=1&lab.T=40&lab.units=8')).toEqual({ sims: {}, notices: [] });
  });

  it('round-trips every setting and backend choice', () => {
    const setups: LabLink[] = [
      lab(),
      lab({ task: 'firstSymbol', T: 100, seed: 2 ** 31 - 1, units: 2, optimizer: 'sgd', learningRate: 1e-5 }, 'webgl'),
      lab({ task: 'sine', batchSize: 128, clipnorm: 0, unitForgetBias: false, recurrentActivation: 'hardSigmoid', stepBudget: 20_000 }, 'wasm'),
      lab({ optimizer: 'rmsprop', learningRate: 0.123456789, clipnorm: 2.5, T: 10, units: 64, batchSize: 1, stepBudget: 1 }),
    ];
    for (const s of setups) {
      const back = decodeLab(queryOf(s));
      expect(back.notices).toEqual([]);
      if (encodeLab(s).length === 0) expect(back.lab).toBeNull();
      else expect(back.lab).toEqual(s);
    }
  });

  it('a link without lab keys leaves the lab alone; missing keys are the defaults', () => {
    expect(decodeLab('v=1&bptt.T=40')).toEqual({ lab: null, notices: [] });
    expect(decodeLab('')).toEqual({ lab: null, notices: [] });
    expect(decodeLab('v=1&lab.T=40')).toEqual({ lab: lab({ T: 40 }), notices: [] });
  });

  it('clamps tampered values with the lab’s own sentences, and never throws', () => {
    const d = decodeLab(
      'v=1&lab.T=500&lab.units=0&lab.lr=abc&lab.seed=1.6&lab.task=%3Cscript%3E&lab.fb=maybe&lab.backend=gpu&lab.opt=&lab.batch=%E0%A4',
    );
    expect(d.lab!.config).toEqual({ ...DEFAULT_CONFIG, T: LIMITS.T.max, units: LIMITS.units.min, seed: 2 });
    expect(d.lab!.backendChoice).toBe('auto');
    expect(d.notices).toEqual([
      'Training lab: There is no task called “<script>”; kept adding.',
      'Training lab: There is no optimizer called “”; kept adam.',
      'Training lab: unitForgetBias must be on or off; kept on.',
      'Training lab: Sequence length T 500 is outside 10–100 (whole numbers); using 100.',
      'Training lab: Seed 1.6 is outside 0–2147483647 (whole numbers); using 2.',
      'Training lab: Units 0 is outside 2–64 (whole numbers); using 2.',
      'Training lab: Learning rate must be a number; kept 0.02.',
      'Training lab: Batch size must be a number; kept 32.',
      'Training lab: There is no backend called “gpu”; kept automatic.',
    ]);
    // a long name is shortened in its notice
    const long = decodeLab(`lab.task=${'x'.repeat(5000)}`);
    expect(long.notices).toEqual(['Training lab: There is no task called “xxxxxxxxxxxx…”; kept adding.']);
    // infinities and huge numbers
    expect(decodeLab('lab.T=1e400&lab.units=1e300').lab!.config).toMatchObject({ T: DEFAULT_CONFIG.T, units: LIMITS.units.max });
    for (const q of ['lab.', 'lab.=', '=&&=', 'lab.T', 'lab.T=&lab.T=20', '%', 'lab.%ZZ=1', 'lab.fb=true&lab.fb=off'])
      expect(() => decodeLab(q)).not.toThrow();
    expect(decodeLab('lab.T=&lab.T=20').lab!.config.T).toBe(20);
    expect(decodeLab('lab.fb=true&lab.fb=off').lab!.config.unitForgetBias).toBe(false);
  });

  it('ignores unknown keys, and refuses an oversize link unread', () => {
    expect(decodeLab('v=1&lab.color=red&lab.T=40&labx.T=20&T=50')).toEqual({ lab: lab({ T: 40 }), notices: [] });
    expect(decodeLab('v=1&lab.color=red')).toEqual({ lab: null, notices: [] });
    expect(decodeLab(`lab.T=40&lab.x=${'a'.repeat(MAX_HASH_CHARS)}`)).toEqual({ lab: null, notices: [] });
  });

  it('sameLab compares every setting and the backend', () => {
    expect(sameLab(lab(), lab())).toBe(true);
    expect(sameLab(lab({ T: 40 }), lab())).toBe(false);
    expect(sameLab(lab({}, 'cpu'), lab())).toBe(false);
  });
});

describe('a link’s lab settings → the training store (src/store/labLink.ts)', () => {
  /** a sessionStorage for Node: the kept race lives there across a reload */
  function memoryStorage(): Storage {
    const m = new Map<string, string>();
    return {
      get length() {
        return m.size;
      },
      clear: () => m.clear(),
      getItem: (k) => m.get(k) ?? null,
      key: (i) => [...m.keys()][i] ?? null,
      removeItem: (k) => void m.delete(k),
      setItem: (k, v) => void m.set(k, String(v)),
    };
  }

  it('the settings the lab has change nothing (a reload keeps its race); others replace them and forget a race trained otherwise', async () => {
    (globalThis as { sessionStorage?: Storage }).sessionStorage = memoryStorage();
    const { useTrainingStore } = await import('../../src/store/training');
    const { applyLabLink } = await import('../../src/store/labLink');
    const { loadRun, saveRun } = await import('../../src/store/trainingKeep');
    try {
      const trained = lab({ T: 40 }, 'cpu');
      const st = useTrainingStore.getState();
      const kept = {
        ...st,
        ...trained,
        status: 'finished' as const,
        step: 500,
        history: [{ step: 0, losses: { rnn: 0.2, lstm: 0.2, gru: 0.2 } }],
      };
      saveRun(kept);
      // a reload: the store is at its defaults, the link carries the kept race's settings
      applyLabLink(trained);
      expect(sameLab(useTrainingStore.getState(), trained)).toBe(true);
      expect(loadRun()?.step).toBe(500);
      // the same again changes nothing
      applyLabLink(trained);
      expect(loadRun()?.step).toBe(500);
      // a race in the store (the lab left the page), then a link with other settings
      useTrainingStore.setState({ step: 500, status: 'finished' });
      applyLabLink(lab({ T: 20 }));
      const now = useTrainingStore.getState();
      expect(sameLab(now, lab({ T: 20 }))).toBe(true);
      expect(now.step).toBe(0);
      expect(now.status).toBe('idle');
      expect(loadRun()).toBeNull();
    } finally {
      delete (globalThis as { sessionStorage?: Storage }).sessionStorage;
    }
  });
});
