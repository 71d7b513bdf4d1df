import { describe, expect, it } from 'vitest';
import { decodeQuery, linkTo, shortLink, splitHash, type LinkedSim } from '../../src/sim/link';
import { PRESETS } from '../../src/sim/settings';
import { continueLink } from '../../src/app/continueLink';
import type { DeckSlide } from '../../src/app/deck';

/** "Continue on your device" (the deck's QR code, issue 28 item 2): the link to what a slide shows. */
const PAGE = 'https://example.org/courses/x/unrolled/#/present/bptt/3/1?v=1&bptt.t=4';
const slide = (info: DeckSlide['info']): DeckSlide => ({ section: 6, slug: 'bptt', sectionTitle: 'BPTT', slide: 2, number: 20, info });
const bptt = (): LinkedSim => ({
  preset: 'bptt',
  settings: { ...PRESETS.bptt.settings, steps: 14 },
  playback: { ...PRESETS.bptt.playback, step: 10 },
});

describe('continue link', () => {
  it('a simulator slide: the reading page at that simulator, with its settings and step, at the document’s origin and base path', () => {
    const link = continueLink(PAGE, slide({ title: null, kind: 'simulator', preset: 'bptt', fragments: 0 }), { bptt: bptt() }, []);
    expect(link).toBe('https://example.org/courses/x/unrolled/#/bptt?v=1&at=bptt&bptt.T=14&bptt.t=11');
    const { path, query } = splitHash(link.slice(link.indexOf('#')));
    expect(path).toBe('#/bptt');
    const back = decodeQuery(query);
    expect(back.at).toBe('bptt');
    expect(back.sims.bptt?.settings).toEqual(bptt().settings);
    expect(back.sims.bptt?.playback.step).toBe(10);
    expect(back.notices).toEqual([]);
    expect(shortLink(link)).toBe('example.org/courses/x/unrolled/#/bptt?v=1&at=bptt&bptt.T=14&bptt.t=11');
  });

  it('a simulator at its lesson’s defaults still names it; a text slide links its section; the lab’s slide the lab', () => {
    const sim = slide({ title: null, kind: 'simulator', preset: 'bptt', fragments: 0 });
    expect(continueLink(PAGE, sim, {}, [])).toBe('https://example.org/courses/x/unrolled/#/bptt?v=1&at=bptt');
    expect(continueLink(PAGE, slide({ title: 'x', kind: 'text', fragments: 2 }), { bptt: bptt() }, [])).toBe(
      'https://example.org/courses/x/unrolled/#/bptt',
    );
    expect(continueLink(PAGE, slide({ title: null, kind: 'lab', fragments: 0 }), {}, [['lab.T', '40']])).toBe(
      'https://example.org/courses/x/unrolled/#/bptt?v=1&at=lab&lab.T=40',
    );
  });

  it('at= that is not a name is dropped, both ways; linkTo keeps a search and drops the old hash', () => {
    expect(decodeQuery('v=1&at=%3Cb%3E').at).toBeUndefined();
    expect(linkTo('http://h/a/?x=1#/old?v=1&q=2', '#/gru', [], { at: '<b>' })).toBe('http://h/a/?x=1#/gru');
    expect(linkTo('http://h/a/', '', [])).toBe('http://h/a/#/');
  });
});
