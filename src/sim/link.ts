/**
 * The link codec: simulator state ↔ the query part of the URL hash (`#/<slug>?v=1&bptt.T=40&…`).
 * Keys come from the declarations (schema.ts): `<preset>.<key>` (`bptt.w=1.5`), or a bare `<key>`
 * for the one simulator of an embed. Only values that differ from the lesson's defaults are
 * written; `v` is the link format's version. Decoding never throws: every value is checked
 * against its declaration, bad ones are clamped or dropped with a notice naming the setting,
 * unknown keys are ignored, and an oversize hash is refused at once.
 *
 * Version 1 reads missing keys as the lesson defaults of version 1. Changing a lesson default
 * therefore needs LINK_VERSION + 1 and a migration in `migrate` (tests/unit/share-link.test.ts pins
 * the version-1 defaults).
 *
 * Plain TypeScript: no React, no DOM.
 */
import type { SimulatorPreset } from './settings';
import { formatForUrl, parseFromUrl, PLAYBACK_DECLS, SETTING_DECLS, type Decl } from './schema';
import { checkPlayback, checkSettings, effectiveSteps, isPreset, PRESETS, type Playback, type SimSettings } from './settings';

export const LINK_VERSION = 1;
/** A hash longer than this is refused unread (the largest valid state, a 2,000-character typed sequence of emoji, is about 24,000). */
export const MAX_HASH_CHARS = 32_768;

export interface LinkedSim {
  preset: SimulatorPreset;
  settings: SimSettings;
  playback: Playback;
}

type Field = { group: 'settings' | 'playback'; key: string; decl: Decl };
const FIELDS: Field[] = [
  ...Object.entries(SETTING_DECLS).map(([key, decl]) => ({ group: 'settings' as const, key, decl: decl as Decl })),
  ...Object.entries(PLAYBACK_DECLS).map(([key, decl]) => ({ group: 'playback' as const, key, decl: decl as Decl })),
].filter((f) => f.decl.url !== null);
const BY_URL = new Map(FIELDS.map((f) => [f.decl.url as string, f]));

/** True when a simulator shows exactly what its lesson starts with (such a simulator stays out of links). */
export function isAtDefaults(sim: LinkedSim): boolean {
  return encodeFields(sim).length === 0;
}

function encodeFields(sim: LinkedSim): [string, string][] {
  const p = PRESETS[sim.preset];
  const out: [string, string][] = [];
  for (const f of FIELDS) {
    const v = (sim[f.group] as Record<string, unknown>)[f.key];
    const d = (p[f.group] as Record<string, unknown>)[f.key];
    if (v !== d) out.push([f.decl.url as string, formatForUrl(f.decl, v)]);
  }
  return out;
}

/**
 * The query for some simulators (without the leading `?`); '' when all are at their defaults.
 * `bare`: the keys of a single simulator without its `<preset>.` prefix (embeds).
 */
export function encodeSims(sims: LinkedSim[], opts: LinkOptions = {}): string {
  const parts: string[] = [];
  if (opts.at && AT_VALUE.test(opts.at)) parts.push(`${AT_KEY}=${opts.at}`);
  for (const sim of sims) {
    for (const [k, v] of encodeFields(sim)) parts.push(`${opts.bare ? '' : `${sim.preset}.`}${k}=${encodeValue(v)}`);
  }
  for (const [k, v] of opts.extra ?? []) parts.push(`${encodeValue(k)}=${encodeValue(v)}`);
  return parts.length ? `v=${LINK_VERSION}&${parts.join('&')}` : '';
}

/**
 * `bare`: the keys of a single simulator without its `<preset>.` prefix (embeds). `extra`: more
 * keys, already prefixed, from a codec beside this one (the training lab's `lab.*`, src/train/link.ts).
 */
export interface LinkOptions {
  bare?: boolean;
  extra?: [string, string][];
  /** the figure the reading page opens scrolled to: a simulator's preset (`at=bptt`), or `lab` for the training lab */
  at?: string;
}

/** The key of the figure a link opens at (`#/bptt?v=1&at=bptt&…`), and what its value may be. */
export const AT_KEY = 'at';
const AT_VALUE = /^[a-z0-9-]{1,32}$/;

/** Encodes a value so that it stays readable: only what a hash query cannot hold is escaped. */
function encodeValue(v: string): string {
  return encodeURIComponent(v).replace(/%2C/g, ',').replace(/%20/g, '+');
}

/**
 * A query's key/value pairs, decoded (a broken escape stays as typed), in order; null for a query
 * over MAX_HASH_CHARS (refused unread). For the codecs beside this one: src/train/link.ts.
 */
export function queryPairs(query: string): [string, string][] | null {
  if (typeof query !== 'string' || query.length > MAX_HASH_CHARS) return null;
  const out: [string, string][] = [];
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    out.push([decodeValue(eq < 0 ? pair : pair.slice(0, eq)), eq < 0 ? '' : decodeValue(pair.slice(eq + 1))]);
  }
  return out;
}

function decodeValue(v: string): string {
  const s = v.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(s);
  } catch {
    // a broken escape: keep the text as it is (the declaration then judges it)
    return s;
  }
}

export interface DecodedLink {
  sims: Partial<Record<SimulatorPreset, LinkedSim>>;
  /** the figure the link opens at (`at=`), when it names one in the form a link writes */
  at?: string;
  /** one line per value or key that had to be changed or refused, naming the setting */
  notices: string[];
}

/** Splits a hash into its path (`#/bptt`) and its query (after the first `?`). */
export function splitHash(hash: string): { path: string; query: string } {
  const i = hash.indexOf('?');
  return i < 0 ? { path: hash, query: '' } : { path: hash.slice(0, i), query: hash.slice(i + 1) };
}

/**
 * Reads a link's query. `bare`: the simulator that unprefixed keys belong to (an embed).
 * Never throws; everything it returns is valid state.
 */
export function decodeQuery(query: string, opts: { bare?: SimulatorPreset } = {}): DecodedLink {
  const notices: string[] = [];
  if (typeof query !== 'string') return { sims: {}, notices };
  if (query.length > MAX_HASH_CHARS) {
    return {
      sims: {},
      notices: [
        `This link is too long (${query.length.toLocaleString('en-US')} characters; at most ${MAX_HASH_CHARS.toLocaleString('en-US')}), so its settings were ignored.`,
      ],
    };
  }
  const raw = new Map<SimulatorPreset, { settings: Record<string, unknown>; playback: Record<string, unknown> }>();
  let version: string | null = null;
  let at: string | undefined;
  for (const [key, value] of queryPairs(query) ?? []) {
    if (key === 'v') {
      version = value;
      continue;
    }
    if (key === AT_KEY) {
      at = AT_VALUE.test(value) ? value : undefined;
      continue;
    }
    const dot = key.lastIndexOf('.');
    const id = dot < 0 ? opts.bare : key.slice(0, dot);
    const field = BY_URL.get(dot < 0 ? key : key.slice(dot + 1));
    if (!field || !isPreset(id)) continue; // unknown keys are ignored
    let r = raw.get(id);
    if (!r) raw.set(id, (r = { settings: {}, playback: {} }));
    r[field.group][field.key] = parseFromUrl(field.decl, value);
  }
  if (version !== null && version !== String(LINK_VERSION)) {
    const n = Number(version);
    if (Number.isInteger(n) && n > LINK_VERSION)
      notices.push(`This link was made by a newer version of Unrolled (link version ${n}); the settings this version knows were applied.`);
    else if (!(Number.isInteger(n) && n >= 1))
      notices.push(`link version ${showShort(version)} is not one Unrolled wrote; read as version ${LINK_VERSION}.`);
  }
  const sims: DecodedLink['sims'] = {};
  for (const [id, r] of raw) {
    const sim = migrate(r, version);
    const title = PRESETS[id].title;
    const s = checkSettings(sim.settings, id);
    const pb = checkPlayback(sim.playback, effectiveSteps(s.value), PRESETS[id].playback);
    let playback = pb.value;
    // the backward pass has one t: the loss C_t being backpropagated
    if (playback.phase === 'backward') {
      playback =
        'step' in sim.playback || !('lossStep' in sim.playback)
          ? { ...playback, lossStep: playback.step }
          : { ...playback, step: playback.lossStep };
    }
    for (const n of [...s.notices, ...pb.notices]) notices.push(`${title}: ${n}`);
    sims[id] = { preset: id, settings: s.value, playback };
  }
  return at ? { sims, at, notices } : { sims, notices };
}

/** Upgrades what an older link version meant to what this version means (none yet: v1 is current). */
function migrate<T>(r: T, _version: string | null): T {
  return r;
}

function showShort(s: string): string {
  return `“${s.length > 12 ? `${s.slice(0, 12)}…` : s}”`;
}

/** The whole hash for a path (`#/bptt`, `#/present/bptt`, `#/embed/bptt`) and simulators. */
export function hashWith(path: string, sims: LinkedSim[], opts: LinkOptions = {}): string {
  const q = encodeSims(sims, opts);
  return q ? `${path}?${q}` : path;
}

/**
 * The absolute link (Copy link, the deck's QR code) to a route path with these simulators: the
 * document's URL `page` (origin, the app's base path wherever it is hosted, any search) with this
 * hash instead of its own.
 */
export function linkTo(page: string, path: string, sims: LinkedSim[], opts: LinkOptions = {}): string {
  return page.split('#')[0] + hashWith(path || '#/', sims, opts);
}

/** A link as people type it: without its `https://` (or `http://`). */
export function shortLink(url: string): string {
  return url.replace(/^https?:\/\//i, '');
}
