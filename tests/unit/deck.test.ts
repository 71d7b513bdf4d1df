import { describe, expect, it } from 'vitest';
import { createProcessor } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { remarkSlides } from '../../scripts/remark-slides';
import { outlineSlides } from '../../scripts/vite-lesson-meta';
import { clickerBound, clickerEntry, clickerPhases, clickerSequence, clickerStep, MAX_CLICKS } from '../../src/sim/clicker';
import { hrefFor, parseHash } from '../../src/store/route';
import { readMessage } from '../../src/app/presenterSync';
import { lessons } from '../../lessons';

const SOURCE = `export const meta = { slug: 'x', title: 'X', summary: 's' };

Intro paragraph with $a$.

$$
b = c
$$

---

A slide cut by a separator.

<Steps>
- one
- two
- three
</Steps>

<Simulator preset="bptt" clicker="forward backward bogus forward" />

Text after the simulator.

<Deeper>

### Hidden heading

Only for reading.

</Deeper>

## A heading $\\partial C_3$

<Steps>
- four
</Steps>

<Slide title="Kept together">

### Inside

Part one.

### Still inside

Part two.

</Slide>

<Quiz id="q1" question="?" options={["a"]} answer={0} explanation="e" />

<SpeakerNotes>

notes

</SpeakerNotes>
`;

describe('slides from the lesson files', () => {
  it('cuts at ## / ### headings and ---, gives simulators and quizzes their own slide, keeps Deeper and notes out', () => {
    const s = outlineSlides(SOURCE);
    expect(s.map((x) => [x.kind, x.title, x.fragments])).toEqual([
      ['text', null, 0],
      ['text', null, 3],
      ['simulator', null, 0],
      ['text', null, 0], // "Text after the simulator." (+ the Deeper part, hidden when presenting)
      ['text', 'A heading ∂C_3', 1],
      ['text', 'Kept together', 0],
      ['quiz', null, 0], // the speaker notes ride along, shown only in the presenter view
    ]);
    expect(s[2]).toMatchObject({ preset: 'bptt', clicker: ['forward', 'backward'] });
  });

  it('a numbers marker (a comment alone) after a simulator is not a slide of its own', () => {
    const src = `export const meta = { slug: 'x', title: 'X', summary: 'x' };\n\nIntro.\n\n<Simulator preset="bptt" clicker="forward" />\n\n{/* numbers: calc(1+1) = 2 */}\n\n<Quiz id="q1" question="?" options={['a', 'b']} answer={0} explanation="a" />\n`;
    expect(outlineSlides(src).map((x) => x.kind)).toEqual(['text', 'simulator', 'quiz']);
  });

  it('the remark plugin wraps the same slides in <Slide n> and numbers the <Steps> on each', () => {
    const p = createProcessor({ remarkPlugins: [remarkMath] });
    const tree = p.parse(SOURCE) as unknown as {
      children: { type: string; name?: string; attributes?: { name: string; value: string }[]; children?: unknown[] }[];
    };
    remarkSlides()(tree as never);
    const slides = tree.children.filter((n) => n.name === 'Slide');
    expect(slides.length).toBe(outlineSlides(SOURCE).length);
    expect(tree.children[0].type).toBe('mdxjsEsm'); // the meta export stays at the top level
    expect(slides.map((n) => n.attributes!.find((a) => a.name === 'n')!.value)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    const kept = slides[5];
    expect(kept.attributes!.find((a) => a.name === 'title')!.value).toBe('Kept together');
    expect(kept.attributes!.find((a) => a.name === 'headed')!.value).toBe('yes');
    expect(tree.children.some((n) => n.type === 'thematicBreak')).toBe(false);
  });

  it('every section has slides; the deck follows the lecture order', () => {
    for (const l of lessons) expect(l.slides.length, l.meta.slug).toBeGreaterThan(0);
    const sims = lessons.flatMap((l) => l.slides.filter((s) => s.kind === 'simulator').map((s) => s.preset));
    expect(sims).toEqual(['vanilla-cell', 'vanilla-forward', 'unrolled', 'bptt', 'vanishing', 'lstm', 'gru', 'compare', 'bidirectional']);
    // every simulator slide says what the clicker steps through
    for (const l of lessons)
      for (const s of l.slides) if (s.kind === 'simulator') expect(s.clicker?.length, `${l.meta.slug} ${s.preset}`).toBeGreaterThan(0);
  });
});

describe('clicker steps on a simulator slide', () => {
  it('forward walks t = 1 … T, backward adds the pass from C_T, then the slide is left', () => {
    const phases = clickerPhases('forward backward');
    expect(clickerSequence(phases, 3)).toEqual([
      { phase: 'forward', step: 0 },
      { phase: 'forward', step: 1 },
      { phase: 'forward', step: 2 },
      { phase: 'backward', step: 2 },
    ]);
    expect(clickerStep(phases, 3, { phase: 'forward', step: 0 }, 1)).toEqual({ phase: 'forward', step: 1, playing: false });
    expect(clickerStep(phases, 3, { phase: 'forward', step: 2 }, 1)).toEqual({ phase: 'backward', step: 2, lossStep: 2, playing: false });
    expect(clickerStep(phases, 3, { phase: 'backward', step: 2 }, 1)).toBeNull();
    expect(clickerStep(phases, 3, { phase: 'backward', step: 2 }, -1)).toEqual({ phase: 'forward', step: 2, playing: false });
    expect(clickerStep(phases, 3, { phase: 'forward', step: 0 }, -1)).toBeNull();
  });
  it('a position off the sequence: → starts it, ← leaves; no phases: always leave', () => {
    const fwd = clickerPhases(['forward']);
    expect(clickerStep(fwd, 5, { phase: 'backward', step: 4 }, 1)).toEqual({ phase: 'forward', step: 0, playing: false });
    expect(clickerStep(fwd, 5, { phase: 'backward', step: 4 }, -1)).toBeNull();
    expect(clickerStep([], 5, { phase: 'forward', step: 0 }, 1)).toBeNull();
    expect(clickerEntry(fwd, 5, -1)).toEqual({ phase: 'forward', step: 4, playing: false });
    expect(clickerEntry(clickerPhases('backward'), 5, 1)).toEqual({ phase: 'backward', step: 4, lossStep: 4, playing: false });
    // a nonsense T still gives one step
    expect(clickerSequence(fwd, Number.NaN)).toEqual([{ phase: 'forward', step: 0 }]);
  });
});

describe('a bounded clicker (issue 29)', () => {
  it('losses walks the backward passes from C_1 … C_T; losses then backward does not repeat C_T', () => {
    expect(clickerSequence(clickerPhases('losses'), 3)).toEqual([
      { phase: 'backward', step: 0 },
      { phase: 'backward', step: 1 },
      { phase: 'backward', step: 2 },
    ]);
    expect(clickerSequence(clickerPhases('losses backward'), 3)).toHaveLength(3);
    expect(clickerStep(clickerPhases('losses'), 3, { phase: 'backward', step: 1 }, 1)).toEqual({
      phase: 'backward',
      step: 2,
      lossStep: 2,
      playing: false,
    });
  });
  it('a long sequence is thinned to the bound, evenly, keeping its first and last step', () => {
    const fwd = clickerPhases('forward backward');
    const seq = clickerSequence(fwd, 60);
    expect(seq).toHaveLength(MAX_CLICKS);
    expect(seq[0]).toEqual({ phase: 'forward', step: 0 });
    expect(seq[MAX_CLICKS - 2]).toEqual({ phase: 'forward', step: 59 });
    expect(seq[MAX_CLICKS - 1]).toEqual({ phase: 'backward', step: 59 });
    const gaps = seq.slice(1, -1).map((p, i) => p.step - seq[i].step);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    // the slide's own bound, and two runs sharing it
    expect(clickerSequence(fwd, 60, 5).map((p) => p.step)).toEqual([0, 20, 39, 59, 59]);
    expect(clickerSequence(clickerPhases('forward losses'), 60, 8)).toHaveLength(8);
    // leaving a thinned slide takes at most the bound in presses
    let pb: { phase: 'forward' | 'backward'; step: number } = { phase: 'forward', step: 0 };
    let presses = 0;
    for (let p = clickerStep(fwd, 60, pb, 1); p; p = clickerStep(fwd, 60, pb, 1)) {
      pb = { phase: p.phase ?? pb.phase, step: p.step ?? pb.step };
      presses++;
    }
    expect(presses).toBe(MAX_CLICKS - 1);
    // a short sequence is not stretched
    expect(clickerSequence(fwd, 3, 50)).toHaveLength(4);
  });
  it('clicks="N" is read from the slide (2 … 100), anything else is ignored', () => {
    expect(clickerBound('6')).toBe(6);
    expect(clickerBound('1')).toBeUndefined();
    expect(clickerBound('1000')).toBeUndefined();
    expect(clickerBound('many')).toBeUndefined();
    expect(clickerBound(undefined)).toBeUndefined();
  });
});

describe('slide and step in the URL', () => {
  it('parses and writes #/present/<slug>/<slide>/<step>', () => {
    expect(parseHash('#/present/bptt/3/2')).toEqual({ mode: 'present', slug: 'bptt', slide: 3, step: 2 });
    expect(parseHash('#/notes/bptt/3')).toEqual({ mode: 'notes', slug: 'bptt', slide: 3 });
    expect(parseHash('#/present/bptt/3?v=1&bptt.t=4')).toEqual({ mode: 'present', slug: 'bptt', slide: 3 });
    expect(parseHash('#/present/bptt/x').slide).toBeNaN();
    expect(parseHash('#/bptt/3').slug).toBe('__invalid__'); // reading has no slides
    expect(hrefFor('bptt', 'present', 2, 1)).toBe('#/present/bptt/3/1');
    expect(hrefFor('bptt', 'present', 0, 0)).toBe('#/present/bptt');
    expect(hrefFor('bptt', 'notes', 4)).toBe('#/notes/bptt/5');
  });
});

describe('presenter sync messages', () => {
  it('reads version-1 messages and ignores anything else', () => {
    expect(readMessage({ v: 1, kind: 'nav', from: 'a', slug: 'bptt', slide: 2, step: 0, blackout: false, sent: 5 })).toMatchObject({
      kind: 'nav',
      slide: 2,
    });
    expect(readMessage({ v: 1, kind: 'hello', from: 'a' })).toEqual({ v: 1, kind: 'hello', from: 'a' });
    expect(readMessage({ v: 2, kind: 'nav', from: 'a', slug: 'bptt', slide: 2, step: 0 })).toBeNull();
    expect(readMessage({ v: 1, kind: 'sim', from: 'a' })).toBeNull();
    expect(readMessage({ v: 1, kind: 'nav', from: 'a', slug: '<x>', slide: 2, step: 0 })).toBeNull();
    expect(readMessage({ v: 1, kind: 'nav', from: 'a', slug: 'bptt', slide: -1, step: 0 })).toBeNull();
    expect(readMessage('nav')).toBeNull();
    expect(readMessage(null)).toBeNull();
  });
});
