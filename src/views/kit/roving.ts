/**
 * Roving keyboard focus: a group of items (the cells of a vector, the entries of a matrix, the
 * states of a chain, the points of a plot) costs one Tab stop; arrow keys, Home and End move
 * between its items. The one implementation every view uses.
 */
import { useRef, useState, type KeyboardEvent } from 'react';

/** Where a key moves from item i (null: the key is not a move, let it through). */
export type RovingMove = (i: number, key: string) => number | null;

/** A row or column of `count` items: ↓/→ next, ↑/← previous, Home first, End last. */
export const linearMove =
  (count: number): RovingMove =>
  (i, key) => {
    if (key === 'ArrowDown' || key === 'ArrowRight') return Math.min(count - 1, i + 1);
    if (key === 'ArrowUp' || key === 'ArrowLeft') return Math.max(0, i - 1);
    if (key === 'Home') return 0;
    if (key === 'End') return count - 1;
    return null;
  };

/** A rows × cols grid numbered row by row: arrows move in 2-D, Home and End go to the row's ends. */
export const gridMove =
  (rows: number, cols: number): RovingMove =>
  (i, key) => {
    const j = Math.floor(i / cols);
    const c = i % cols;
    if (key === 'ArrowDown') return Math.min(rows - 1, j + 1) * cols + c;
    if (key === 'ArrowUp') return Math.max(0, j - 1) * cols + c;
    if (key === 'ArrowRight') return j * cols + Math.min(cols - 1, c + 1);
    if (key === 'ArrowLeft') return j * cols + Math.max(0, c - 1);
    if (key === 'Home') return j * cols;
    if (key === 'End') return j * cols + cols - 1;
    return null;
  };

export interface Roving<E extends Element> {
  /** spread on item i: its ref, its tabIndex (0 for the active item, −1 for the others) and the key handler */
  item: (i: number) => { ref: (el: E | null) => void; tabIndex: number; onKeyDown: (e: KeyboardEvent) => void };
  /** call when item i gets focus by other means (a click), so Tab comes back to it */
  setActive: (i: number) => void;
  active: number;
}

export function useRoving<E extends Element = SVGElement>(count: number, move: RovingMove = linearMove(count)): Roving<E> {
  const [active, setActive] = useState(0);
  const refs = useRef<(E | null)[]>([]);
  const idx = Math.min(active, Math.max(0, count - 1));
  const item = (i: number) => ({
    ref: (el: E | null) => {
      refs.current[i] = el;
    },
    tabIndex: i === idx ? 0 : -1,
    onKeyDown: (e: KeyboardEvent) => {
      const next = move(i, e.key);
      if (next === null) return;
      e.preventDefault();
      setActive(next);
      (refs.current[next] as unknown as HTMLElement | null)?.focus();
    },
  });
  return { item, setActive, active: idx };
}
