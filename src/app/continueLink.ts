import { linkTo, type LinkedSim } from '../sim/link';
import { isPreset } from '../sim/settings';
import { hrefFor } from '../store/route';
import type { DeckSlide } from './deck';

/**
 * "Continue on your device" (the deck's QR code, key Q): the reading page's link to what a slide
 * shows, built by the one link builder (src/sim/link.ts linkTo) from the document's URL, so it
 * works at any origin and base path. A simulator's slide links its simulator with its settings and
 * step (`…#/bptt?v=1&at=bptt&bptt.T=14&bptt.t=11`; the page opens scrolled to it: src/app/openAt.ts),
 * the lab's slide the lab with its settings (`at=lab&lab.…`), any other slide its section.
 */
export function continueLink(page: string, at: DeckSlide, sims: Record<string, LinkedSim | undefined>, lab: [string, string][]): string {
  const path = hrefFor(at.slug);
  const { info } = at;
  if (info.kind === 'simulator' && info.preset && isPreset(info.preset)) {
    const sim = sims[info.preset];
    return linkTo(page, path, sim ? [sim] : [], { at: info.preset });
  }
  if (info.kind === 'lab') return linkTo(page, path, [], { at: 'lab', extra: lab });
  return linkTo(page, path, []);
}
