/**
 * The training lab's part of a link (`#/training?v=1&lab.T=40&lab.units=8`): its settings and its
 * backend choice as `lab.<key>` pairs, beside the simulators' `<preset>.<key>` (src/sim/link.ts,
 * whose query reader, version key and size limit it shares). Only what differs from DEFAULT_CONFIG
 * (and a backend other than automatic) is written. Reading never throws: values go through the
 * lab's own sanitiser (sanitizeConfig), so a tampered value is clamped, or kept at the default,
 * with the lab's own sentence as a notice; unknown `lab.` keys are ignored. Trained weights and
 * results never travel in a link: whoever opens one trains from step 0.
 *
 * Version 1 reads missing keys as DEFAULT_CONFIG; changing a default needs LINK_VERSION + 1, as
 * for the simulators (tests/unit/lab-link.test.ts pins the keys).
 *
 * Plain TypeScript: no React, no DOM.
 */
import { queryPairs } from '../sim/link';
import { DEFAULT_CONFIG, sanitizeConfig, type TrainConfig } from './config';
import type { BackendChoice } from './protocol';

/** the prefix of the lab's keys */
export const LAB_PREFIX = 'lab.';
/** the title its notices start with, as a simulator's notices start with its title */
export const LAB_TITLE = 'Training lab';

/** each setting's key in a link (after `lab.`) */
export const LAB_KEYS: Record<keyof TrainConfig, string> = {
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
};
export const BACKEND_KEY = 'backend';

const BACKENDS: BackendChoice[] = ['auto', 'wasm', 'cpu', 'webgl'];
const BACKEND_LABEL: Record<BackendChoice, string> = { auto: 'automatic', wasm: 'WebAssembly', cpu: 'CPU', webgl: 'WebGL' };
const ENUM_FIELDS: ReadonlySet<keyof TrainConfig> = new Set(['task', 'optimizer', 'recurrentActivation']);
const BY_KEY = new Map(Object.entries(LAB_KEYS).map(([field, key]) => [key, field as keyof TrainConfig]));

export interface LabLink {
  config: TrainConfig;
  backendChoice: BackendChoice;
}

/** The lab's pairs for a link, prefixed (`['lab.T', '40']`); none when it is at its defaults. */
export function encodeLab(lab: LabLink): [string, string][] {
  const out: [string, string][] = [];
  for (const [field, key] of Object.entries(LAB_KEYS) as [keyof TrainConfig, string][]) {
    const v = lab.config[field];
    if (v === DEFAULT_CONFIG[field]) continue;
    out.push([`${LAB_PREFIX}${key}`, typeof v === 'boolean' ? (v ? '1' : '0') : String(v)]);
  }
  if (lab.backendChoice !== 'auto') out.push([`${LAB_PREFIX}${BACKEND_KEY}`, lab.backendChoice]);
  return out;
}

/** A link's text for a switch: 1/0 (as written), true/false, on/off; anything else is left for the sanitiser to refuse. */
function readBool(s: string): boolean | string {
  const t = s.trim().toLowerCase();
  if (t === '1' || t === 'true' || t === 'on') return true;
  if (t === '0' || t === 'false' || t === 'off') return false;
  return s;
}

function showShort(s: string): string {
  return `“${s.length > 12 ? `${s.slice(0, 12)}…` : s}”`;
}

export interface DecodedLab {
  /** the lab's settings, sanitised; null when the link has no `lab.` key (the lab is left as it is) */
  lab: LabLink | null;
  /** one line per value that had to be changed, starting "Training lab: " */
  notices: string[];
}

/**
 * Reads the lab's keys from a link's query (the part after `?`). Missing keys are the defaults;
 * an oversize query is refused (src/sim/link.ts's decodeQuery says so once, for the whole link).
 */
export function decodeLab(query: string): DecodedLab {
  const pairs = queryPairs(query);
  if (!pairs) return { lab: null, notices: [] };
  const raw: Partial<Record<keyof TrainConfig, unknown>> = {};
  let backend: string | null = null;
  let any = false;
  for (const [key, value] of pairs) {
    if (!key.startsWith(LAB_PREFIX)) continue;
    const k = key.slice(LAB_PREFIX.length);
    if (k === BACKEND_KEY) {
      backend = value;
      any = true;
      continue;
    }
    const field = BY_KEY.get(k);
    if (!field) continue; // unknown keys are ignored
    any = true;
    // a text longer than any option's name cannot be one: shortened, so its notice stays short
    raw[field] = field === 'unitForgetBias' ? readBool(value) : ENUM_FIELDS.has(field) && value.length > 24 ? `${value.slice(0, 12)}…` : value;
  }
  if (!any) return { lab: null, notices: [] };
  const { config, messages } = sanitizeConfig(raw, DEFAULT_CONFIG);
  const notices = messages.map((m) => `${LAB_TITLE}: ${m}`);
  let backendChoice: BackendChoice = 'auto';
  if (backend !== null) {
    if ((BACKENDS as string[]).includes(backend)) backendChoice = backend as BackendChoice;
    else notices.push(`${LAB_TITLE}: There is no backend called ${showShort(backend)}; kept ${BACKEND_LABEL.auto}.`);
  }
  return { lab: { config, backendChoice }, notices };
}

/** Whether two lab setups are the same (every setting and the backend choice). */
export function sameLab(a: LabLink, b: LabLink): boolean {
  return a.backendChoice === b.backendChoice && (Object.keys(LAB_KEYS) as (keyof TrainConfig)[]).every((k) => a.config[k] === b.config[k]);
}
