/** A promise that rejects with ReadbackTimeout when `p` has not settled within `ms` (a WebGL readback that never answers: a lost or hung context). */
export function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadbackTimeout(message)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export class ReadbackTimeout extends Error {}
