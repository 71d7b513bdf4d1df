/**
 * model.json read safely: size-checked before parsing, then parsed with JSON.parse (which makes
 * "__proto__" an own property, never a prototype) and walked once to refuse the keys that pollute
 * prototypes when a later step copies or merges the object (__proto__, constructor, prototype) and
 * nesting deeper than IMPORT_LIMITS.maxJsonDepth. The walk is iterative: no deep recursion.
 */
import { fmt, IMPORT_LIMITS, refuse } from './errors';

/** A file the student picked: its name and its bytes (or, for model.json, its text). */
export interface ImportFile {
  name: string;
  data: ArrayBuffer | Uint8Array | string;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The byte size of a file's data (a string counts its UTF-16 units, a lower bound of its UTF-8 bytes). */
export function byteSize(data: ImportFile['data']): number {
  return typeof data === 'string' ? data.length : data.byteLength;
}

/** Refuses a file over IMPORT_LIMITS.maxFileBytes (call it with File.size before reading a file). */
export function checkFileSize(file: string, bytes: number): void {
  if (bytes > IMPORT_LIMITS.maxFileBytes)
    refuse(
      file,
      'size',
      `the file is ${fmt(bytes)} bytes; the simulator imports files of at most ${fmt(IMPORT_LIMITS.maxFileBytes)} bytes ` +
        `(${IMPORT_LIMITS.maxFileBytes / 1024 / 1024} MB) each. Import a smaller model.`,
    );
}

/** Appends a key to a field path: a.b, a[3]. */
export function fieldPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

/** Parses a JSON file, refusing oversize files, bad JSON, prototype keys and deep nesting. */
export function parseJsonFile(file: ImportFile): unknown {
  checkFileSize(file.name, byteSize(file.data));
  let text: string;
  if (typeof file.data === 'string') text = file.data;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(file.data);
    } catch {
      refuse(file.name, 'encoding', 'the file is not UTF-8 text: a model.json is a JSON text file.');
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    refuse(file.name, 'JSON', `the file is not valid JSON (${(e as Error).message}).`);
  }
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > IMPORT_LIMITS.maxJsonDepth)
      refuse(file.name, path, `${path} is nested more than ${IMPORT_LIMITS.maxJsonDepth} levels deep; a model.json is not.`);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: fieldPath(path, i), depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(v)) {
      const p = fieldPath(path, key);
      if (FORBIDDEN_KEYS.has(key))
        refuse(
          file.name,
          p,
          `the key "${key}" (at ${p}) is not allowed: it could alter JavaScript objects' prototypes, and no model.json uses it.`,
        );
      stack.push({ v: (v as Record<string, unknown>)[key], path: p, depth: depth + 1 });
    }
  }
  return value;
}

/** A plain object (not null, not a list), or a refusal naming the field. */
export function asObject(v: unknown, file: string, field: string, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) refuse(file, field, `${field} must be ${what}, but it is ${describeJson(v)}.`);
  return v as Record<string, unknown>;
}

/** A list, or a refusal naming the field. */
export function asArray(v: unknown, file: string, field: string, what: string): unknown[] {
  if (!Array.isArray(v)) refuse(file, field, `${field} must be ${what}, but it is ${describeJson(v)}.`);
  return v;
}

function describeJson(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'string') return `the text "${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return typeof v === 'object' ? 'an object' : String(v);
}
