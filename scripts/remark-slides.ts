/**
 * Slides from the lesson files (issue 10). Each section's top-level MDX content is cut into slides:
 *
 * - a new slide starts at every top-level `##` or `###` heading and at every `---` line (the
 *   separator itself is dropped);
 * - `<Simulator>`, `<TrainingLab>` and `<Quiz>` each get a slide of their own (so does an explicit
 *   `<Slide>…</Slide>` wrapper, for content the rules above would cut wrongly);
 * - `<Deeper>`, `<SpeakerNotes>` and `<QuizSet>` stay with the slide before them but are not
 *   shown in the deck (a run of only those never makes a slide of its own).
 *
 * The remark plugin wraps each slide in `<Slide n="…">` (src/lesson-kit/Slide.tsx: in reading mode
 * it adds nothing to the page; presenting, it shows only the current slide). `outlineSlides` reads
 * the same cut from a lesson's source for its `?meta` import (scripts/vite-lesson-meta.ts), so the
 * deck knows every slide of every section without loading their content.
 *
 * Plain TypeScript over mdast; no DOM.
 */

import { clickerBound, clickerPhases, type ClickerPhase } from '../src/sim/clicker';

export interface SlideInfo {
  /** the slide's own heading text (null: the slide has none; the first slide shows the section title) */
  title: string | null;
  kind: 'text' | 'simulator' | 'lab' | 'quiz';
  /** the simulator preset on the slide (kind 'simulator') */
  preset?: string;
  /** the phases the clicker steps the simulator through: `clicker="forward backward"` on <Simulator> */
  clicker?: ClickerPhase[];
  /** the most positions the clicker visits on this slide: `clicks="N"` on <Simulator> (else MAX_CLICKS) */
  clicks?: number;
  /** how many list items `<Steps>` reveal one click at a time on this slide */
  fragments: number;
  /** the slide has speaker notes of its own (a `<SpeakerNotes>` after its content) */
  notes?: true;
}

// Minimal mdast shapes (the plugin touches only these fields).
interface MdNode {
  type: string;
  name?: string | null;
  depth?: number;
  value?: string;
  children?: MdNode[];
  attributes?: { type: string; name?: string; value?: unknown }[];
  [k: string]: unknown;
}

const OWN_SLIDE: Record<string, SlideInfo['kind']> = { Simulator: 'simulator', TrainingLab: 'lab', Quiz: 'quiz' };
const NOT_IN_DECK = new Set(['Deeper', 'SpeakerNotes', 'QuizSet']);

const isJsx = (n: MdNode) => n.type === 'mdxJsxFlowElement';
const attr = (n: MdNode, name: string): string | undefined => {
  const a = n.attributes?.find((x) => x.type === 'mdxJsxAttribute' && x.name === name);
  return typeof a?.value === 'string' ? a.value : undefined;
};

const TEX: Record<string, string> = { partial: '∂', sigma: 'σ', tanh: 'tanh', max: 'max', odot: '⊙', cdot: '·', times: '×', to: '→' };
/** A heading's inline TeX as plain text for the slide overview ("\\partial C_3" → "∂C_3"). */
function texToText(tex: string): string {
  return tex
    .replace(/\\([a-zA-Z]+)\s*/g, (_, w: string) => TEX[w] ?? w)
    .replace(/[{}\\]/g, '')
    .trim();
}

function text(n: MdNode): string {
  if (n.type === 'text' || n.type === 'inlineCode') return n.value ?? '';
  if (n.type === 'inlineMath') return texToText(n.value ?? '');
  return (n.children ?? []).map(text).join('');
}

/** Whether a node shows anything in the deck. */
function presentable(n: MdNode): boolean {
  if (n.type === 'mdxjsEsm' || n.type === 'thematicBreak') return false;
  // a `{/* numbers: … */}` marker (a comment and nothing else) shows nothing: never a slide of its own
  if (n.type === 'mdxFlowExpression' && /^\s*(\/\*[\s\S]*?\*\/\s*)*$/.test(n.value ?? '')) return false;
  if (isJsx(n) && n.name && NOT_IN_DECK.has(n.name)) return false;
  return true;
}

function listItems(n: MdNode): number {
  let count = 0;
  for (const c of n.children ?? []) {
    if (c.type === 'list') count += (c.children ?? []).length;
    else if (isJsx(c) || c.type === 'blockquote') count += listItems(c);
  }
  return count;
}

interface Group {
  nodes: MdNode[];
  /** an explicit <Slide> element */
  explicit?: MdNode;
}

/** Cuts top-level nodes into slides. Nodes before any presentable node (the meta export) come first, outside. */
function group(children: MdNode[]): { lead: MdNode[]; groups: Group[] } {
  const lead: MdNode[] = [];
  const groups: Group[] = [];
  let cur: Group | null = null;
  let closeAfter = false;
  const start = () => {
    cur = { nodes: [] };
    groups.push(cur);
    closeAfter = false;
  };
  for (const n of children) {
    if (n.type === 'mdxjsEsm') {
      lead.push(n);
      continue;
    }
    if (n.type === 'thematicBreak') {
      cur = null;
      continue;
    }
    if (isJsx(n) && n.name === 'Slide') {
      groups.push({ nodes: n.children ?? [], explicit: n });
      cur = null;
      continue;
    }
    const own = isJsx(n) && n.name ? OWN_SLIDE[n.name] : undefined;
    const heading = n.type === 'heading' && (n.depth === 2 || n.depth === 3);
    if (!presentable(n)) {
      // notes and deeper parts ride with the slide before them
      if (!cur) start();
      cur!.nodes.push(n);
      continue;
    }
    if (!cur || heading || own || closeAfter) {
      // a heading right after a run of hidden parts still starts a fresh slide
      start();
    }
    cur!.nodes.push(n);
    if (own) closeAfter = true;
  }
  // a group with nothing to show joins the slide before it (or the next one, at the very start)
  const kept: Group[] = [];
  for (const g of groups) {
    if (g.explicit || g.nodes.some(presentable)) kept.push(g);
    else if (kept.length) kept[kept.length - 1].nodes.push(...g.nodes);
    else lead.push(...g.nodes);
  }
  return { lead, groups: kept };
}

function info(g: Group): SlideInfo {
  const shown = g.nodes.filter(presentable);
  const first = shown[0];
  const titleAttr = g.explicit ? attr(g.explicit, 'title') : undefined;
  const title = titleAttr ?? (first?.type === 'heading' ? text(first).trim() : null);
  const own = shown.find((n) => isJsx(n) && n.name && OWN_SLIDE[n.name]);
  const kind = own?.name ? OWN_SLIDE[own.name] : 'text';
  const out: SlideInfo = { title, kind, fragments: 0 };
  if (own?.name === 'Simulator') {
    out.preset = attr(own, 'preset');
    out.clicker = clickerPhases(attr(own, 'clicker'));
    const clicks = clickerBound(attr(own, 'clicks'));
    if (clicks !== undefined) out.clicks = clicks;
  }
  for (const n of shown) if (isJsx(n) && n.name === 'Steps') out.fragments += listItems(n);
  if (g.nodes.some((n) => isJsx(n) && n.name === 'SpeakerNotes')) out.notes = true;
  return out;
}

/** The slides of a parsed lesson (mdast root). */
export function slidesOf(root: { children: MdNode[] }): SlideInfo[] {
  return group(root.children).groups.map(info);
}

const jsxAttr = (name: string, value: string) => ({ type: 'mdxJsxAttribute', name, value });

/** remark plugin: wraps each slide in <Slide n="i"> and numbers the <Steps> on it (`from`). */
export function remarkSlides() {
  return (root: { children: MdNode[] }) => {
    const { lead, groups } = group(root.children);
    const wrapped = groups.map((g, i): MdNode => {
      const meta = info(g);
      let from = 0;
      for (const n of g.nodes) {
        if (isJsx(n) && n.name === 'Steps') {
          n.attributes = [...(n.attributes ?? []).filter((a) => a.name !== 'from'), jsxAttr('from', String(from))];
          from += listItems(n);
        }
      }
      const headed = g.nodes.find(presentable)?.type === 'heading';
      const attrs = [jsxAttr('n', String(i)), jsxAttr('kind', meta.kind), jsxAttr('headed', headed ? 'yes' : 'no')];
      if (meta.title !== null) attrs.push(jsxAttr('title', meta.title));
      if (g.explicit) {
        g.explicit.attributes = [
          ...(g.explicit.attributes ?? []).filter((a) => !['n', 'kind', 'headed', 'title'].includes(a.name ?? '')),
          ...attrs,
        ];
        return g.explicit;
      }
      return { type: 'mdxJsxFlowElement', name: 'Slide', attributes: attrs, children: g.nodes };
    });
    root.children = [...lead, ...wrapped];
  };
}
