/**
 * Exports of what a simulator shows: the trace as CSV / JSON (one row per time step) and the
 * unrolled diagram as SVG / PNG with its legend and a caption (cell, units, T, seed, t, phase).
 * The CSV/JSON builders are pure; the diagram ones read the rendered SVG (a view concern).
 */
import type { SimSpec, Trace } from '../../engine/index';
import type { Playback, SimSettings } from '../../sim/settings';

export interface ExportMeta {
  preset: string;
  settings: SimSettings;
  playback: Playback;
}

/** The caption every export carries, e.g. "LSTM · 4 units · T = 8 · seed 7 · t = 3 · forward pass". */
export function caption(m: ExportMeta, T: number): string {
  const cell = m.settings.cell === 'rnn' ? 'Vanilla RNN' : m.settings.cell.toUpperCase();
  const pass = m.playback.phase === 'backward' ? `backward pass from C_${m.playback.lossStep + 1}` : 'forward pass';
  return `${m.settings.bidirectional ? 'Bidirectional ' : ''}${cell} · ${m.settings.units} units · T = ${T} · seed ${m.settings.seed} · weight scale ${m.settings.weightScale} · t = ${m.playback.step + 1} · ${pass}`;
}

/** A file name that says what the file holds: unrolled-lstm-lstm-u4-T8-seed7-t3-forward.trace.csv */
export function fileName(m: ExportMeta, T: number, what: 'trace' | 'diagram', ext: string): string {
  const pass = m.playback.phase === 'backward' ? `backward-from-C${m.playback.lossStep + 1}` : 'forward';
  return `unrolled-${m.preset}-${m.settings.cell}-u${m.settings.units}-T${T}-seed${m.settings.seed}-t${m.playback.step + 1}-${pass}.${what}.${ext}`;
}

/** Column names and one row per time step t = 1…T; ∂C/∂h is for the chosen loss C_t (lossStep). */
export function traceTable(spec: SimSpec, trace: Trace, lossStep: number): { columns: string[]; rows: (number | string)[][] } {
  const T = trace.h.length;
  const L = Math.max(0, Math.min(T - 1, lossStep));
  const units = (m: number[][] | undefined) => (m && m[0] ? m[0].length : 0);
  const cols: string[] = ['t'];
  const inDim = spec.inputs[0]?.length ?? 0;
  for (let i = 0; i < inDim; i++) cols.push(inDim === 1 ? 'x' : `x_${i + 1}`);
  const blocks: [string, number[][] | undefined][] = [['h', trace.h]];
  if (trace.hBackward) blocks.push(['h_backward', trace.hBackward]);
  if (trace.c) blocks.push(['c', trace.c]);
  for (const g of Object.keys(trace.gates).sort()) blocks.push([`gate_${g}`, trace.gates[g]]);
  for (const [name, m] of blocks) for (let j = 0; j < units(m); j++) cols.push(`${name}_${j + 1}`);
  const yDim = units(trace.y);
  for (let j = 0; j < yDim; j++) cols.push(yDim === 1 ? 'y' : `y_${j + 1}`);
  const gtDim = spec.targets?.[0]?.length ?? 0;
  for (let j = 0; j < gtDim; j++) cols.push(gtDim === 1 ? 'GT' : `GT_${j + 1}`);
  cols.push('C');
  const gDim = trace.dCdh[L]?.[0]?.length ?? 0;
  for (let j = 0; j < gDim; j++) cols.push(`dC${L + 1}/dh_${j + 1}`);
  cols.push(`norm_dC${L + 1}/dh`);
  const rows: (number | string)[][] = [];
  for (let t = 0; t < T; t++) {
    const r: (number | string)[] = [t + 1];
    r.push(...(spec.inputs[t] ?? []));
    for (const [, m] of blocks) r.push(...(m?.[t] ?? []));
    r.push(...(trace.y[t] ?? []));
    if (gtDim) r.push(...(spec.targets?.[t] ?? []));
    r.push(trace.loss[t]);
    const g = trace.dCdh[L]?.[t] ?? new Array(gDim).fill(0);
    r.push(...g, Math.sqrt(g.reduce((a, v) => a + v * v, 0)));
    rows.push(r);
  }
  return { columns: cols, rows };
}

export function traceCsv(spec: SimSpec, trace: Trace, m: Pick<ExportMeta, 'playback'>): string {
  const { columns, rows } = traceTable(spec, trace, m.playback.lossStep);
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  // a plain table: the header row, then one row per step (the setup is in the file name and in the JSON export)
  return [columns.map(q).join(','), ...rows.map((r) => r.map((v) => q(String(v))).join(','))].join('\n') + '\n';
}

export function traceJson(spec: SimSpec, trace: Trace, m: ExportMeta): string {
  const T = trace.h.length;
  const { columns, rows } = traceTable(spec, trace, m.playback.lossStep);
  return JSON.stringify(
    {
      caption: caption(m, T),
      preset: m.preset,
      settings: m.settings,
      playback: m.playback,
      backend: trace.backend,
      inputs: spec.inputs,
      targets: spec.targets ?? null,
      h: trace.h,
      c: trace.c ?? null,
      hBackward: trace.hBackward ?? null,
      gates: trace.gates,
      y: trace.y,
      loss: trace.loss,
      dCdh: trace.dCdh,
      table: { columns, rows },
    },
    null,
    1,
  );
}

/* ------------------------------------------------------------------ diagram ------ */

const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
];
const SVGNS = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, sans-serif';
const CAPTION_PX = 16;
const HEADING_PX = 14;
const LEGEND_PX = 13;
const PAD = 12;

/** Copies the computed presentation of every element into its clone (the file has no style sheet); classes stay as names. */
function inlineStyles(src: Element, dst: Element) {
  const cs = getComputedStyle(src);
  const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
  dst.setAttribute('style', style);
  for (let i = 0; i < src.children.length; i++) inlineStyles(src.children[i], dst.children[i]);
}

/** The colour behind an element: its own background or the first opaque one above it. */
function opaqueBackground(el: Element | null): string {
  for (let e = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(bg)) return bg;
  }
  return '#fff';
}

let measureCtx: CanvasRenderingContext2D | null | undefined;
/** The width a line of text takes at `px` (a canvas measures it; an estimate where there is none). */
export function textWidth(text: string, px: number): number {
  if (measureCtx === undefined) measureCtx = typeof document !== 'undefined' ? document.createElement('canvas').getContext('2d') : null;
  if (!measureCtx) return text.length * px * 0.6;
  measureCtx.font = `${px}px ${FONT}`;
  return measureCtx.measureText(text).width;
}

/**
 * Breaks a caption at its " · " separators into lines no wider than `width` (a part wider than the
 * line gets a line of its own). Each line but the last keeps its trailing separator, so the lines
 * joined are the caption exactly.
 */
export function wrapCaption(text: string, width: number, px: number, measure: (t: string, px: number) => number = textWidth): string[] {
  const parts = text.split(' · ');
  const lines: string[] = [];
  let line = '';
  parts.forEach((part, i) => {
    const piece = i < parts.length - 1 ? `${part} · ` : part;
    if (line && measure((line + piece).trimEnd(), px) > width) {
      lines.push(line);
      line = piece;
    } else line += piece;
  });
  if (line) lines.push(line);
  return lines;
}

/** A legend entry as one line of text: "loss C_t: 0 … 0.993", "shared weights W". */
function legendText(item: Element): string {
  const title = item.querySelector('.uv-legend-label, .dv-legend-title');
  const ticks = item.querySelector('.uv-legend-ends, .dv-legend-ticks');
  const clean = (t: string | null | undefined) => (t ?? '').replace(/\s+/g, ' ').trim();
  if (title && ticks) {
    const ends = Array.from(ticks.children)
      .map((c) => clean(c.textContent))
      .filter(Boolean);
    return `${clean(title.textContent).replace(/:$/, '')}: ${ends.join(' … ')}`;
  }
  // text nodes apart, so neighbouring words never run together
  const words: string[] = [];
  const walk = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (n.parentElement?.closest('svg')) continue;
    const t = clean(n.textContent);
    if (t) words.push(t);
  }
  return words.join(' ');
}

interface Drawing {
  /** the section's name, drawn above it */
  heading: string;
  width: number;
  height: number;
  /** the drawing's elements, positioned inside width × height */
  nodes: Element[];
}

/** A drawing's size as shown (its viewBox's where it is not laid out, e.g. skipped off-screen). */
function shownSize(svg: SVGSVGElement): { width: number; height: number } {
  const vb = svg.viewBox.baseVal;
  const box = svg.getBoundingClientRect();
  const vw = vb && vb.width ? vb.width : box.width;
  const vh = vb && vb.height ? vb.height : box.height;
  const width = box.width > 1 ? box.width : vw;
  return { width: Math.round(width), height: Math.round(vw ? (width * vh) / vw : box.height) };
}

function cloneAt(src: SVGSVGElement, x: number, y: number, width: number, height: number): SVGSVGElement {
  const c = src.cloneNode(true) as SVGSVGElement;
  inlineStyles(src, c);
  c.removeAttribute('style');
  c.setAttribute('x', String(x));
  c.setAttribute('y', String(y));
  c.setAttribute('width', String(width));
  c.setAttribute('height', String(height));
  c.querySelectorAll('[tabindex]').forEach((e) => e.removeAttribute('tabindex'));
  return c;
}

/** The unrolled strip: the whole drawing (every step, not only the part scrolled into view) with its row labels over its left margin. */
function unrolledDrawing(view: Element): Drawing | null {
  const main = view.querySelector<SVGSVGElement>('svg.uv-svg');
  if (!main) return null;
  const { width, height } = shownSize(main);
  const nodes: Element[] = [cloneAt(main, 0, 0, width, height)];
  const labels = view.querySelector<SVGSVGElement>('svg.uv-rowlabels');
  const lvb = labels?.viewBox.baseVal;
  const mvb = main.viewBox.baseVal;
  if (labels && lvb?.width && mvb?.width) nodes.push(cloneAt(labels, 0, 0, (width * lvb.width) / mvb.width, height));
  return { heading: view.getAttribute('aria-label') ?? 'The unrolled network', width, height, nodes };
}

/** A detail view (the cell, the BPTT chain and plot): its drawings one under the other. */
function detailDrawing(view: Element): Drawing | null {
  const svgs = Array.from(view.querySelectorAll<SVGSVGElement>('svg.dv-svg')).filter((e) => !e.closest('.dv-legend, .dv-legends'));
  if (svgs.length === 0) return null;
  const nodes: Element[] = [];
  let y = 0;
  let width = 0;
  for (const svg of svgs) {
    const size = shownSize(svg);
    nodes.push(cloneAt(svg, 0, y, size.width, size.height));
    y += size.height + PAD;
    width = Math.max(width, size.width);
  }
  return { heading: view.getAttribute('aria-label') ?? '', width, height: y - PAD, nodes };
}

/**
 * What a simulator shows, as one standalone SVG: the caption on top (wrapped, never cut), then each
 * view on screen in page order (the whole unrolled strip; the cell; the BPTT chain and plot), each
 * under its name, then every colour legend and line key once, each with its ramp or line and its
 * words spaced.
 */
export function diagramSvg(root: HTMLElement, captionText: string): { svg: string; width: number; height: number } {
  const views = Array.from(root.querySelectorAll('[data-testid="unrolled-view"], .dv-cell-view, .dv-grad-view'));
  const drawings = views
    .map((v) => (v.matches('[data-testid="unrolled-view"]') ? unrolledDrawing(v) : detailDrawing(v)))
    .filter((d): d is Drawing => d !== null && d.width > 0 && d.height > 0);
  if (drawings.length === 0) throw new Error('The diagram is not on screen yet.');

  const legends: { graphic: SVGSVGElement | null; text: string }[] = [];
  const seen = new Set<string>();
  for (const item of root.querySelectorAll('.uv-legend-item, .dv-legend')) {
    const text = legendText(item);
    if (!text || seen.has(text)) continue;
    seen.add(text);
    legends.push({ graphic: item.querySelector('svg'), text });
  }
  const legendRow = 24;
  const legendW = Math.max(0, ...legends.map((l) => 130 + textWidth(l.text, LEGEND_PX)));
  const W = Math.ceil(Math.max(320, ...drawings.map((d) => d.width), legendW) + 2 * PAD);
  const captionLines = wrapCaption(captionText, W - 2 * PAD, CAPTION_PX);

  const fg = getComputedStyle(root).color || '#000';
  const out = document.createElementNS(SVGNS, 'svg');
  const add = (tag: string, attrs: Record<string, string>, text?: string, parent: Element = out) => {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    parent.appendChild(e);
    return e;
  };
  add('title', {}, `Unrolled: ${captionText}`);
  const background = add('rect', { x: '0', y: '0', width: String(W), fill: opaqueBackground(root) });
  const cap = add('text', { x: String(PAD), y: '0', fill: fg, 'font-size': String(CAPTION_PX), 'font-family': FONT, class: 'caption' });
  let y = PAD;
  captionLines.forEach((line) => {
    y += CAPTION_PX * 1.3;
    add('tspan', { x: String(PAD), y: String(Math.round(y)) }, line, cap);
  });
  y += PAD;
  for (const d of drawings) {
    if (d.heading) {
      y += HEADING_PX * 1.3;
      add(
        'text',
        {
          x: String(PAD),
          y: String(Math.round(y)),
          fill: fg,
          'font-size': String(HEADING_PX),
          'font-family': FONT,
          'font-weight': '600',
          class: 'heading',
        },
        d.heading,
      );
      y += 6;
    }
    const g = add('g', { class: 'view', transform: `translate(${PAD}, ${Math.round(y)})` });
    for (const n of d.nodes) g.appendChild(n);
    y += d.height + PAD;
  }
  const legend = add('g', {
    class: 'legend',
    transform: `translate(${PAD}, ${Math.round(y)})`,
    'font-family': FONT,
    'font-size': String(LEGEND_PX),
    fill: fg,
  });
  legends.forEach((l, i) => {
    const ly = i * legendRow;
    if (l.graphic) {
      const c = l.graphic.cloneNode(true) as SVGSVGElement;
      inlineStyles(l.graphic, c);
      c.removeAttribute('style');
      c.setAttribute('x', '0');
      c.setAttribute('y', String(ly + 2));
      c.setAttribute('width', '120');
      c.setAttribute('height', '12');
      c.setAttribute('preserveAspectRatio', 'none');
      legend.appendChild(c);
    }
    add('text', { x: '130', y: String(ly + 12) }, l.text, legend);
  });
  const H = Math.ceil(y + legends.length * legendRow + PAD);
  background.setAttribute('height', String(H));
  out.setAttribute('xmlns', SVGNS);
  out.setAttribute('width', String(W));
  out.setAttribute('height', String(H));
  out.setAttribute('viewBox', `0 0 ${W} ${H}`);
  return { svg: new XMLSerializer().serializeToString(out), width: W, height: H };
}

/** Renders the SVG to a PNG at `scale` (2: sharp on projectors and in slides). */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<{ blob: Blob; width: number; height: number }> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    await new Promise<void>((res, rej) => {
      img.onload = () => res();
      img.onerror = () => rej(new Error('The diagram could not be drawn as an image.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw images (no 2D canvas).');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, 'image/png'));
    if (!blob) throw new Error('The PNG could not be made.');
    return { blob, width: canvas.width, height: canvas.height };
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function download(name: string, data: Blob | string, type: string): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
