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

export function traceCsv(spec: SimSpec, trace: Trace, m: ExportMeta): string {
  const { columns, rows } = traceTable(spec, trace, m.playback.lossStep);
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [`# ${caption(m, trace.h.length)}`, columns.map(q).join(','), ...rows.map((r) => r.map((v) => q(String(v))).join(','))].join('\n') + '\n';
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
  'text-anchor',
  'dominant-baseline',
  'visibility',
];
const SVGNS = 'http://www.w3.org/2000/svg';

function inlineStyles(src: Element, dst: Element) {
  const cs = getComputedStyle(src);
  const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
  dst.setAttribute('style', style);
  dst.removeAttribute('class');
  for (let i = 0; i < src.children.length; i++) inlineStyles(src.children[i], dst.children[i]);
}

/** The unrolled diagram of a simulator as a standalone SVG: caption on top, the diagram, the legend under it. */
export function diagramSvg(root: HTMLElement, captionText: string): { svg: string; width: number; height: number } {
  const view = root.querySelector('[data-testid="unrolled-view"]');
  const src = view?.querySelector('svg:not(.uv-ramp)') as SVGSVGElement | null;
  if (!view || !src) throw new Error('The diagram is not on screen yet.');
  const box = src.getBoundingClientRect();
  const w = Math.max(320, Math.round(box.width));
  const h = Math.round(box.height);
  const fg = getComputedStyle(root).color || '#000';
  const bg = getComputedStyle(root).backgroundColor || '#fff';
  const out = document.createElementNS(SVGNS, 'svg');
  const clone = src.cloneNode(true) as SVGSVGElement;
  inlineStyles(src, clone);
  clone.setAttribute('x', '0');
  clone.setAttribute('y', '36');
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  clone.querySelectorAll('[tabindex]').forEach((e) => e.removeAttribute('tabindex'));
  const legendItems = Array.from(view.querySelectorAll('.uv-legend-item'));
  const legendH = 24 * legendItems.length + 12;
  const H = 36 + h + legendH;
  out.setAttribute('xmlns', SVGNS);
  out.setAttribute('width', String(w));
  out.setAttribute('height', String(H));
  out.setAttribute('viewBox', `0 0 ${w} ${H}`);
  const add = (tag: string, attrs: Record<string, string>, text?: string, parent: Element = out) => {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    parent.appendChild(e);
    return e;
  };
  add('title', {}, `Unrolled diagram: ${captionText}`);
  add('rect', { x: '0', y: '0', width: String(w), height: String(H), fill: bg });
  add('text', { x: '8', y: '22', fill: fg, 'font-size': '14', 'font-family': 'system-ui, sans-serif', class: 'caption' }, captionText);
  out.appendChild(clone);
  const legend = add('g', {
    class: 'legend',
    transform: `translate(8, ${36 + h + 8})`,
    'font-family': 'system-ui, sans-serif',
    'font-size': '12',
    fill: fg,
  });
  legendItems.forEach((item, i) => {
    const y = i * 24;
    const graphic = item.querySelector('svg');
    if (graphic) {
      const g = graphic.cloneNode(true) as SVGSVGElement;
      inlineStyles(graphic, g);
      g.setAttribute('x', '0');
      g.setAttribute('y', String(y + 2));
      g.setAttribute('width', '120');
      g.setAttribute('height', '12');
      legend.appendChild(g);
    }
    const label = (item.textContent ?? '').replace(/\s+/g, ' ').trim();
    add('text', { x: '130', y: String(y + 12) }, label, legend);
  });
  return { svg: new XMLSerializer().serializeToString(out), width: w, height: H };
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
