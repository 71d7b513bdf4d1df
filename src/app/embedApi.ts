import { useEffect } from 'react';
import type { SimulatorPreset } from '../sim/settings';
import { useSimulatorStore } from '../store/simulator';
import { PLAYBACK_DECLS, SETTING_DECLS } from '../sim/schema';
import { checkPlayback, checkSettings, effectiveSteps, PRESETS } from '../sim/settings';
import { linkFor } from '../views/sim/ShareBar';

/**
 * The embed's postMessage API (documented in the README, "Embedding a simulator"). It works from
 * any origin but only with the embedding window (window.parent), and only accepts these shapes:
 *
 *   → { type: 'unrolled:get' }
 *   → { type: 'unrolled:set', settings?: { units: 8, … }, playback?: { step: 3, phase: 'backward', … } }
 *   ← { type: 'unrolled:state', version: 1, preset, settings, playback, link, notices }
 *        on load, after every change (settled for 150 ms) and in answer to get/set
 *   ← { type: 'unrolled:rejected', reason }   a message that has type 'unrolled:…' but the wrong shape
 *
 * Field names and values are those of the settings declarations (src/sim/schema.ts); values
 * are sanitised like every other input, and what had to change is listed in `notices`.
 * Messages of other shapes (other libraries' traffic, no `type`) are ignored silently.
 */
export const EMBED_API_VERSION = 1;

type Msg = { type: 'unrolled:get' } | { type: 'unrolled:set'; settings?: Record<string, unknown>; playback?: Record<string, unknown> };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

const SETTABLE_SETTINGS = Object.keys(SETTING_DECLS).filter((k) => SETTING_DECLS[k as keyof typeof SETTING_DECLS].url !== null);
const SETTABLE_PLAYBACK = Object.keys(PLAYBACK_DECLS);

/** The message, if it has exactly a documented shape; otherwise why not (null: not for us at all). */
export function readMessage(data: unknown): { ok: true; msg: Msg } | { ok: false; reason: string } | null {
  if (!isPlainObject(data) || typeof data.type !== 'string' || !data.type.startsWith('unrolled:')) return null;
  if (data.type === 'unrolled:get') {
    return Object.keys(data).length === 1
      ? { ok: true, msg: { type: 'unrolled:get' } }
      : { ok: false, reason: 'unrolled:get takes no other fields' };
  }
  if (data.type !== 'unrolled:set') return { ok: false, reason: `unknown message type “${data.type.slice(0, 40)}”` };
  for (const k of Object.keys(data))
    if (!['type', 'settings', 'playback'].includes(k)) return { ok: false, reason: `unrolled:set has no field “${k.slice(0, 40)}”` };
  for (const [group, allowed] of [
    ['settings', SETTABLE_SETTINGS],
    ['playback', SETTABLE_PLAYBACK],
  ] as const) {
    const v = data[group];
    if (v === undefined) continue;
    if (!isPlainObject(v)) return { ok: false, reason: `${group} must be an object` };
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) return { ok: false, reason: `${group} has no field “${k.slice(0, 40)}”` };
      const t = typeof v[k];
      if (t !== 'number' && t !== 'string' && t !== 'boolean') return { ok: false, reason: `${group}.${k} must be a number, string or boolean` };
    }
  }
  return { ok: true, msg: data as Msg };
}

export function useEmbedApi(preset: SimulatorPreset | null) {
  useEffect(() => {
    if (!preset || window.parent === window) return;
    const id = preset;
    const post = (m: object) => window.parent.postMessage(m, '*');
    let notices: string[] = [];
    const state = () => {
      const inst = useSimulatorStore.getState().instances[id];
      if (!inst) return;
      post({
        type: 'unrolled:state',
        version: EMBED_API_VERSION,
        preset,
        settings: inst.settings,
        playback: inst.playback,
        link: linkFor(id),
        notices,
      });
      notices = [];
    };
    const onMessage = (ev: MessageEvent) => {
      if (ev.source !== window.parent) return;
      const read = readMessage(ev.data);
      if (!read) return;
      if (!read.ok) {
        post({ type: 'unrolled:rejected', reason: read.reason });
        return;
      }
      const store = useSimulatorStore.getState();
      store.ensure(id, preset);
      if (read.msg.type === 'unrolled:set') {
        const inst = store.instances[id] ?? useSimulatorStore.getState().instances[id];
        if (read.msg.settings) {
          notices.push(...checkSettings({ ...inst.settings, ...read.msg.settings }, preset).notices);
          store.setSettings(id, read.msg.settings);
        }
        if (read.msg.playback) {
          const now = useSimulatorStore.getState().instances[id];
          notices.push(...checkPlayback({ ...now.playback, ...read.msg.playback }, effectiveSteps(now.settings), PRESETS[preset].playback).notices);
          store.setPlayback(id, read.msg.playback);
        }
      }
      clearTimeout(timer);
      state();
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsub = useSimulatorStore.subscribe((s, prev) => {
      if (s.instances[id] === prev.instances[id]) return;
      clearTimeout(timer);
      timer = setTimeout(state, 150);
    });
    window.addEventListener('message', onMessage);
    useSimulatorStore.getState().ensure(id, preset);
    state();
    return () => {
      clearTimeout(timer);
      unsub();
      window.removeEventListener('message', onMessage);
    };
  }, [preset]);
}
