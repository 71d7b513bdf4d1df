/**
 * The weightsManifest of model.json and the binary shards it names: each group's shards are one
 * byte stream (in `paths` order) holding the group's weights one after another, little-endian
 * float32, as tfjs and tensorflowjs_converter write them. Only float32 weights, unquantised, are
 * accepted; every value must be finite and within IMPORT_LIMITS.maxAbsWeight.
 */
import { fmt, IMPORT_LIMITS, refuse, shown } from './errors';
import { asArray, asObject, fieldPath } from './json';

export interface ManifestWeight {
  name: string;
  shape: number[];
  /** index of its group in weightsManifest */
  group: number;
  /** the field of its entry, e.g. weightsManifest[0].weights[2] */
  field: string;
}

export interface ManifestGroup {
  paths: string[];
  weights: ManifestWeight[];
}

/** A decoded weight: row-major values and shape. */
export interface DecodedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** Reads and checks weightsManifest (shapes, dtypes, paths), without the shards. */
export function parseManifest(v: unknown, file: string): ManifestGroup[] {
  const groups = asArray(v, file, 'weightsManifest', 'a list of weight groups, each with paths and weights');
  const names = new Set<string>();
  const parsed = groups.map((g, gi) => {
    const gf = fieldPath('weightsManifest', gi);
    const go = asObject(g, file, gf, 'an object with paths and weights');
    const paths = asArray(go.paths, file, `${gf}.paths`, 'a list of shard file names').map((p, pi) => {
      if (typeof p !== 'string' || p === '')
        refuse(file, `${gf}.paths[${pi}]`, `${gf}.paths[${pi}] must be a shard's file name, but it is ${shown(p)}.`);
      return p;
    });
    const weights = asArray(go.weights, file, `${gf}.weights`, 'a list of weights (name, shape, dtype)').map((w, wi) => {
      const wf = `${gf}.weights[${wi}]`;
      const wo = asObject(w, file, wf, 'an object with name, shape and dtype');
      if (typeof wo.name !== 'string' || wo.name === '')
        refuse(file, `${wf}.name`, `${wf}.name must be the weight's name, but it is ${shown(wo.name)}.`);
      const name = wo.name;
      if (names.has(name)) refuse(file, `${wf}.name`, `the weight "${name}" is listed twice in weightsManifest.`);
      names.add(name);
      const shape = asArray(wo.shape, file, `${wf}.shape`, 'a list of dimensions').map((d) => {
        if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > IMPORT_LIMITS.maxParams)
          refuse(file, `${wf}.shape`, `the weight "${name}" has shape ${JSON.stringify(wo.shape)}: every dimension must be a whole number.`);
        return d;
      });
      if (size(shape) > IMPORT_LIMITS.maxParams)
        refuse(
          file,
          `${wf}.shape`,
          `the weight "${name}" has ${fmt(size(shape))} numbers, over the limit of ${fmt(IMPORT_LIMITS.maxParams)} parameters for the whole model.`,
        );
      if (wo.dtype !== 'float32')
        refuse(
          file,
          `${wf}.dtype`,
          `the weight "${name}" has dtype ${shown(wo.dtype)}; only float32 weights can be imported (convert the model without quantisation, as float32).`,
        );
      if (wo.quantization !== undefined && wo.quantization !== null)
        refuse(
          file,
          `${wf}.quantization`,
          `the weight "${name}" is quantised; only float32 weights can be imported (convert the model without --quantize options).`,
        );
      return { name, shape, group: gi, field: wf };
    });
    return { paths, weights };
  });
  const total = parsed.reduce((s, g) => s + g.weights.reduce((t, w) => t + size(w.shape), 0), 0);
  if (total > IMPORT_LIMITS.maxParams)
    refuse(
      file,
      'weightsManifest',
      `the model has ${fmt(total)} weights, over the simulator's limit of ${fmt(IMPORT_LIMITS.maxParams)} parameters (IMPORT_LIMITS.maxParams). Import a smaller model.`,
    );
  return parsed;
}

/** The file name at the end of a manifest path ("group1-shard1of1.bin" of "./a/group1-shard1of1.bin"). */
export function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** The shard for a manifest path: looked up by the path itself, else by its file name. */
function shardFor(shards: ReadonlyMap<string, ArrayBuffer | Uint8Array>, p: string): ArrayBuffer | Uint8Array | undefined {
  return shards.get(p) ?? shards.get(baseName(p));
}

/**
 * Decodes every weight from the shards (keyed by manifest path or file name). Refuses a missing
 * shard, a group whose shards hold more or fewer bytes than its weights need, and NaN, ±Infinity
 * or values beyond IMPORT_LIMITS.maxAbsWeight (naming the weight and the shard).
 */
export function decodeWeights(
  groups: ManifestGroup[],
  shards: ReadonlyMap<string, ArrayBuffer | Uint8Array>,
  file: string,
): Map<string, DecodedWeight> {
  const out = new Map<string, DecodedWeight>();
  groups.forEach((g, gi) => {
    const buffers = g.paths.map((p, pi) => {
      const b = shardFor(shards, p);
      if (!b)
        refuse(
          baseName(p),
          `weightsManifest[${gi}].paths[${pi}]`,
          `this weight shard, named in ${file} (weightsManifest[${gi}].paths[${pi}]), is missing: add it with model.json.`,
        );
      return b instanceof Uint8Array ? b : new Uint8Array(b);
    });
    const need = g.weights.reduce((s, w) => s + 4 * size(w.shape), 0);
    const have = buffers.reduce((s, b) => s + b.byteLength, 0);
    if (have !== need) {
      const shardNames = g.paths.map(baseName).join(' + ');
      refuse(
        shardNames,
        `weightsManifest[${gi}].paths`,
        `the shard${g.paths.length > 1 ? 's hold' : ' holds'} ${fmt(have)} bytes, but the weights ${file} lists for it ` +
          `(weightsManifest[${gi}].weights: ${g.weights.length} float32 weights) need ${fmt(need)} bytes. The file is truncated or belongs to another model.`,
      );
    }
    const bytes = new Uint8Array(need);
    const ends: number[] = [];
    let at = 0;
    for (const b of buffers) {
      bytes.set(b, at);
      at += b.byteLength;
      ends.push(at);
    }
    const shardAt = (byte: number) =>
      baseName(
        g.paths[
          Math.max(
            0,
            ends.findIndex((e) => byte < e),
          )
        ],
      );
    const view = new DataView(bytes.buffer);
    let offset = 0;
    for (const w of g.weights) {
      const n = size(w.shape);
      const values = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const v = view.getFloat32(offset + 4 * i, true);
        if (!Number.isFinite(v) || Math.abs(v) > IMPORT_LIMITS.maxAbsWeight)
          refuse(
            shardAt(offset + 4 * i),
            w.name,
            `the weight "${w.name}" has value ${v} at position ${i}; every weight must be a finite number within ±${fmt(IMPORT_LIMITS.maxAbsWeight)}.`,
          );
        values[i] = v;
      }
      offset += 4 * n;
      out.set(w.name, { name: w.name, shape: w.shape, values });
    }
  });
  return out;
}

/** A decoded 2-D weight as rows. */
export function toRows(w: DecodedWeight): number[][] {
  const [r, c] = w.shape;
  return Array.from({ length: r }, (_, i) => Array.from(w.values.subarray(i * c, (i + 1) * c)));
}
