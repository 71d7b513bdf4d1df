/**
 * The channel's transports (./channel.ts): a BroadcastChannel, or localStorage's `storage` event
 * where there is none (JSON, with NaN and ±Infinity tagged). A transport delivers what the other
 * windows post; the channel reads and orders it.
 */
import { isObj } from './validate';

export const CHANNEL_NAME = 'unrolled';
/** the localStorage key of the storage-event fallback */
export const CHANNEL_STORAGE_KEY = 'unrolled:channel';

export interface Transport {
  /** whether it carries structured clones (typed arrays), not only JSON */
  readonly structured: boolean;
  post(data: unknown): void;
  close(): void;
}
/** Opens a transport delivering what other windows post to `onData`; null where it cannot. */
export type TransportFactory = (onData: (data: unknown) => void) => Transport | null;

export function broadcastTransport(name = CHANNEL_NAME): TransportFactory {
  return (onData) => {
    if (typeof BroadcastChannel === 'undefined') return null;
    try {
      const ch = new BroadcastChannel(name);
      ch.onmessage = (ev: MessageEvent) => onData(ev.data);
      return { structured: true, post: (d) => ch.postMessage(d), close: () => ch.close() };
    } catch {
      return null;
    }
  };
}

// JSON has no NaN or ±Infinity (an exploding gradient can reach Infinity): tag them.
const NONFINITE = '__unrolledNum';
const replacer = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [NONFINITE]: String(v) } : v);
const reviver = (_k: string, v: unknown) =>
  isObj(v) && typeof v[NONFINITE] === 'string' && Object.keys(v).length === 1 ? Number(v[NONFINITE]) : v;

export function storageTransport(key = CHANNEL_STORAGE_KEY): TransportFactory {
  return (onData) => {
    let storage: Storage;
    try {
      storage = window.localStorage;
    } catch {
      return null;
    }
    let nonce = 0;
    const onStorage = (e: StorageEvent) => {
      if (e.key !== key || !e.newValue) return;
      let data: unknown = null;
      try {
        data = (JSON.parse(e.newValue, reviver) as { msg?: unknown })?.msg;
      } catch {
        /* not JSON: delivered as garbage, dropped and counted */
      }
      onData(data);
    };
    window.addEventListener('storage', onStorage);
    return {
      structured: false,
      // a nonce makes every write an event, even when the same message is sent twice
      post: (msg) => storage.setItem(key, JSON.stringify({ msg, nonce: ++nonce }, replacer)),
      close: () => {
        window.removeEventListener('storage', onStorage);
        try {
          storage.removeItem(key);
        } catch {
          /* nothing to clean */
        }
      },
    };
  };
}

/** BroadcastChannel where there is one, else the storage event. */
export const defaultTransport: TransportFactory = (onData) => broadcastTransport()(onData) ?? storageTransport()(onData);
