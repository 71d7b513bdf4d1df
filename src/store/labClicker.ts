/**
 * The clicker on the training lab's slide (src/app/deckNav.ts): the deck's module cannot import
 * the lab's client (it is the lab's chunk, loaded with the lab), so the client registers here
 * when it loads. A press returns true when the lab used it.
 */
type LabClick = (dir: 1 | -1) => boolean;
let handler: LabClick | null = null;

export function setLabClicker(fn: LabClick | null): void {
  handler = fn;
}

/** One clicker press on the lab's slide: false when the lab is not there yet or lets the deck move on. */
export function labClick(dir: 1 | -1): boolean {
  return handler?.(dir) ?? false;
}
