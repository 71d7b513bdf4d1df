/**
 * Speaker notes per slide (issue 29): the presenter view shows the notes of the current slide, so
 * every slide of every section carries its own <SpeakerNotes>, placed after that slide's content
 * (scripts/remark-slides.ts attaches notes to the slide before them). Read from the lesson sources
 * with the same cut the page renders: the remark plugin's <Slide> wrappers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createProcessor } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { remarkSlides } from '../../scripts/remark-slides';
import { outlineSlides } from '../../scripts/vite-lesson-meta';

interface Node {
  type: string;
  name?: string | null;
  value?: string;
  children?: Node[];
}

interface SlideNotes {
  /** the slide shows something (not only MDX comments such as number markers) */
  shown: boolean;
  /** the text of each <SpeakerNotes> on the slide */
  notes: string[];
}

const HIDDEN = new Set(['SpeakerNotes', 'Deeper', 'QuizSet']);

/** Text of a node, without MDX comments (number markers); whitespace collapsed. */
function text(n: Node): string {
  if (n.type === 'mdxFlowExpression' || n.type === 'mdxTextExpression') return '';
  if (typeof n.value === 'string' && !n.children) return n.value;
  return (n.children ?? []).map(text).join(' ');
}

/** The notes on each slide of a lesson source. */
function notesPerSlide(source: string): SlideNotes[] {
  const tree = createProcessor({ remarkPlugins: [remarkMath] }).parse(source) as unknown as { children: Node[] };
  remarkSlides()(tree as never);
  return tree.children
    .filter((n) => n.type === 'mdxJsxFlowElement' && n.name === 'Slide')
    .map((slide) => {
      const kids = slide.children ?? [];
      const shown = kids.some((k) => k.type !== 'mdxFlowExpression' && !(k.type === 'mdxJsxFlowElement' && k.name && HIDDEN.has(k.name)));
      const notes = kids.filter((k) => k.type === 'mdxJsxFlowElement' && k.name === 'SpeakerNotes').map((k) => text(k).replace(/\s+/g, ' ').trim());
      return { shown, notes };
    });
}

/** What is wrong with a lesson's notes: slides without their own notes, notes repeated across slides. */
function problems(source: string): string[] {
  const out: string[] = [];
  const slides = notesPerSlide(source);
  const seen = new Map<string, number>();
  slides.forEach((s, i) => {
    const n = i + 1;
    if (!s.shown) {
      // a slide of MDX comments only shows nothing; notes there would be read on an empty slide
      if (s.notes.length) out.push(`slide ${n} shows nothing but has speaker notes`);
      return;
    }
    if (s.notes.length !== 1) out.push(`slide ${n} has ${s.notes.length} <SpeakerNotes> blocks, expected 1`);
    for (const t of s.notes) {
      if (!t) out.push(`slide ${n} has empty speaker notes`);
      const other = seen.get(t);
      if (other !== undefined) out.push(`slide ${n} repeats the notes of slide ${other}`);
      else seen.set(t, n);
    }
  });
  return out;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../lessons');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mdx'))
  .sort();

describe('speaker notes per slide', () => {
  it('finds every section', () => {
    expect(files.length).toBe(15);
  });

  for (const f of files) {
    const source = readFileSync(join(dir, f), 'utf8');
    it(`${f}: every slide has one <SpeakerNotes> of its own`, () => {
      expect(problems(source), f).toEqual([]);
      // the deck's outline (the ?meta import) sees the same notes on the same slides
      const outline = outlineSlides(source);
      const slides = notesPerSlide(source);
      expect(outline.length).toBe(slides.length);
      expect(outline.map((s) => s.notes === true)).toEqual(slides.map((s) => s.notes.length > 0));
    });
  }

  it('catches notes kept for a whole section at its end, and notes copied from slide to slide', () => {
    const meta = "export const meta = { slug: 'x', title: 'X', summary: 's' };\n\n";
    const once = `${meta}First slide.\n\n## Second\n\nMore.\n\n<SpeakerNotes>\n\n- everything\n\n</SpeakerNotes>\n`;
    expect(problems(once)).toEqual(['slide 1 has 0 <SpeakerNotes> blocks, expected 1']);
    const copied = `${meta}First.\n\n<SpeakerNotes>\n\n- same\n\n</SpeakerNotes>\n\n---\n\nSecond.\n\n<SpeakerNotes>\n\n- same\n\n</SpeakerNotes>\n`;
    expect(problems(copied)).toEqual(['slide 2 repeats the notes of slide 1']);
    // notes after a --- start the next slide's group: they belong to the slide that follows
    const early = `${meta}First.\n\n---\n\n<SpeakerNotes>\n\n- one\n\n</SpeakerNotes>\n\nSecond.\n\n<SpeakerNotes>\n\n- two\n\n</SpeakerNotes>\n`;
    expect(problems(early)).toEqual(['slide 1 has 0 <SpeakerNotes> blocks, expected 1', 'slide 2 has 2 <SpeakerNotes> blocks, expected 1']);
    const fine = `${meta}First.\n\n<SpeakerNotes>\n\n- one\n\n</SpeakerNotes>\n\n<Quiz id="q1" question="?" options={["a"]} answer={0} explanation="e" />\n\n<SpeakerNotes>\n\n- two\n\n</SpeakerNotes>\n`;
    expect(problems(fine)).toEqual([]);
  });
});
