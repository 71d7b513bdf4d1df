/** Checks shared by everything read off the channel (./channel.ts): they never throw. */

export const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
export const isId = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 64;
export const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
