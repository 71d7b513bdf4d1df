import { expect } from 'vitest';
import { closeness } from './reference';

/** Asserts |a − b| ≤ atol + rtol·|b| elementwise over nested arrays, reporting the worst entry. */
export function expectClose(a: unknown, b: unknown, atol: number, rtol: number, label: string): void {
  const c = closeness(a, b, atol, rtol);
  expect(c.worst, `${label}: worst ${c.worst.toFixed(2)}× tolerance at ${c.where}`).toBeLessThanOrEqual(1);
}
