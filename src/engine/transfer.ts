/**
 * Moving plain data (a Trace, a SimSpec, anything made of objects, arrays and numbers) between a
 * Web Worker and the page cheaply, without knowing its fields: every array of numbers, nested at
 * any depth, becomes one Float64Array (exact for every JS number) plus its shape, and the typed
 * arrays' buffers are transferred, not copied. decode(encode(x)) deep-equals x for any such x
 * (NaN, ±Infinity and −0 included); other values (strings, booleans, null, typed arrays) pass through.
 */

const TAG = '__unrolledPacked';

/** A packed numeric block: `lengths` lists, depth first, each array's length (ragged arrays allowed). */
interface PackedBlock {
  [TAG]: 1;
  depth: number;
  lengths: Int32Array;
  values: Float64Array;
}

/** depth of a nested array whose leaves are all numbers (1 for number[]), or 0 if it is not one */
function numericDepth(a: unknown[]): number {
  let depth = 0;
  let probe: unknown = a;
  while (Array.isArray(probe)) {
    depth++;
    if (probe.length === 0) return depth === 1 ? 0 : -1;
    probe = probe[0];
  }
  if (typeof probe !== 'number') return 0;
  // every branch must have the same depth and number leaves
  const check = (x: unknown, d: number): boolean => {
    if (d === 0) return typeof x === 'number';
    if (!Array.isArray(x) || x.length === 0) return false;
    for (const e of x) if (!check(e, d - 1)) return false;
    return true;
  };
  return check(a, depth) ? depth : 0;
}

function pack(a: unknown[], depth: number, transfer: ArrayBuffer[]): PackedBlock {
  const lengths: number[] = [];
  const values: number[] = [];
  const walk = (x: unknown[], d: number) => {
    lengths.push(x.length);
    if (d === 1) for (const v of x) values.push(v as number);
    else for (const e of x) walk(e as unknown[], d - 1);
  };
  walk(a, depth);
  const block: PackedBlock = { [TAG]: 1, depth, lengths: Int32Array.from(lengths), values: Float64Array.from(values) };
  transfer.push(block.lengths.buffer as ArrayBuffer, block.values.buffer as ArrayBuffer);
  return block;
}

function unpack(b: PackedBlock): unknown[] {
  let li = 0;
  let vi = 0;
  const walk = (d: number): unknown[] => {
    const n = b.lengths[li++];
    const out = new Array(n);
    if (d === 1) for (let i = 0; i < n; i++) out[i] = b.values[vi++];
    else for (let i = 0; i < n; i++) out[i] = walk(d - 1);
    return out;
  };
  return walk(b.depth);
}

function isPacked(x: unknown): x is PackedBlock {
  return typeof x === 'object' && x !== null && (x as Record<string, unknown>)[TAG] === 1;
}

/** Packs every numeric array in `value`; returns the message and the buffers to transfer. */
export function encode(value: unknown): { message: unknown; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const enc = (x: unknown): unknown => {
    if (Array.isArray(x)) {
      const d = numericDepth(x);
      if (d > 0) return pack(x, d, transfer);
      return x.map(enc);
    }
    if (x && typeof x === 'object' && !ArrayBuffer.isView(x) && !(x instanceof ArrayBuffer)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) out[k] = enc(v);
      return out;
    }
    return x;
  };
  return { message: enc(value), transfer };
}

/** The inverse of encode. */
export function decode<T = unknown>(message: unknown): T {
  const dec = (x: unknown): unknown => {
    if (isPacked(x)) return unpack(x);
    if (Array.isArray(x)) return x.map(dec);
    if (x && typeof x === 'object' && !ArrayBuffer.isView(x) && !(x instanceof ArrayBuffer)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) out[k] = dec(v);
      return out;
    }
    return x;
  };
  return dec(message) as T;
}
