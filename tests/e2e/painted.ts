/**
 * Painted text sizes on a slide (issue 10 item 2: every label, number and glyph ≥ 24 px at
 * 1920×1080), measured in the page: `page.evaluate(paintedText, selector)`. Self-contained (it runs
 * in the browser), so it imports nothing.
 *
 * A text's painted size is its computed font size × the CSS zoom of it and its ancestors × the
 * scale of their transforms; an SVG text's is its font size × the drawing's viewBox scale (the
 * SVG's painted width over its viewBox width, zoom included). KaTeX is measured glyph by glyph:
 * the innermost spans that hold text (its MathML copy, for screen readers, is clipped to nothing).
 */
export interface PaintedText {
  /** the smallest painted size of each kind, px (Infinity when there is none) */
  katex: number;
  svg: number;
  html: number;
  /** the smallest texts, each "12.4px “t” (katex)" */
  smallest: string[];
  /** every text under `min` px */
  small: string[];
}

export function paintedText([selector, min]: readonly [string, number]): PaintedText {
  const root = document.querySelector(selector);
  const out = { katex: Infinity, svg: Infinity, html: Infinity, smallest: [] as string[], small: [] as string[] };
  if (!root) return out;
  const scaleOf = (el: Element) => {
    let s = 1;
    for (let e: Element | null = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      s *= Number(cs.zoom) || 1;
      if (cs.transform && cs.transform !== 'none') {
        const m = new DOMMatrix(cs.transform);
        s *= Math.hypot(m.a, m.b);
      }
    }
    return s;
  };
  const all: { px: number; what: string }[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    // zero-width spaces are KaTeX's struts; screen-reader copies and tooltips paint nothing
    if (!el || !/[^\s\u200b]/.test(n.textContent ?? '')) continue;
    if (el.closest('.sr-only, .katex-mathml, [popover], title, desc, [hidden], .fragment-hidden')) continue;
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    if (!r.width || !r.height || cs.visibility === 'hidden' || cs.display === 'none') continue;
    const fs = parseFloat(cs.fontSize);
    let px: number;
    let kind: 'katex' | 'svg' | 'html';
    if (el instanceof SVGElement) {
      const svg = el.ownerSVGElement;
      const vb = svg?.viewBox.baseVal;
      if (!svg) continue;
      px = vb && vb.width ? fs * (svg.getBoundingClientRect().width / vb.width) : fs * scaleOf(svg);
      kind = 'svg';
    } else {
      px = fs * scaleOf(el);
      kind = el.closest('.katex') ? 'katex' : 'html';
    }
    out[kind] = Math.min(out[kind], px);
    const what = `${px.toFixed(1)}px “${(n.textContent ?? '').trim().slice(0, 24)}” (${kind}${kind === 'html' ? ` ${el.className || el.tagName}` : ''})`;
    all.push({ px, what });
    if (px < min - 0.05) out.small.push(what);
  }
  out.smallest = all
    .sort((a, b) => a.px - b.px)
    .slice(0, 3)
    .map((a) => a.what);
  out.small = out.small.slice(0, 12);
  return out;
}

/**
 * Pairs of SVG texts under `selector` whose painted boxes overlap (by more than `tol` px each way),
 * as "“h₁₅” × “h₁₆”". Only texts that paint (not in <title>, not hidden). A text's box is its line
 * box less 15 % at the top and the bottom (the font's ascent and descent room above the capitals and
 * below the baseline), so two numbers in stacked cells touch only when their glyphs would.
 */
export function overlappingSvgText([selector, tol]: readonly [string, number]): string[] {
  const root = document.querySelector(selector);
  if (!root) return [];
  const boxes: { r: DOMRect; s: string; svg: SVGSVGElement | null }[] = [];
  for (const el of root.querySelectorAll<SVGTextElement>('svg text')) {
    if (el.closest('title, desc, defs, [hidden]')) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0 || !el.textContent?.trim()) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0)
      boxes.push({
        r: new DOMRect(r.x, r.y + 0.15 * r.height, r.width, 0.7 * r.height),
        s: el.textContent.trim().slice(0, 20),
        svg: el.ownerSVGElement,
      });
  }
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].r;
      const b = boxes[j].r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > tol && h > tol) out.push(`“${boxes[i].s}” × “${boxes[j].s}” (${w.toFixed(0)}×${h.toFixed(0)} px)`);
    }
  return out;
}

/**
 * Pairs of a slide's legend texts (HTML, under `selector`) whose boxes overlap by more than 1 px each
 * way, as "“+1.50 (purple)” × “0”" (issue 29: a ramp's end label ran into the next legend).
 */
export function overlappingLegendText(selector: string): string[] {
  const root = document.querySelector(selector);
  if (!root) return [];
  const texts = [...root.querySelectorAll<HTMLElement>('.dv-legends *, .uv-legend *')].filter((e) => {
    const r = e.getBoundingClientRect();
    if (e instanceof SVGElement || !r.width || !r.height || getComputedStyle(e).visibility === 'hidden') return false;
    return [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
  });
  const out: string[] = [];
  for (let i = 0; i < texts.length; i++)
    for (let j = i + 1; j < texts.length; j++) {
      if (texts[i].contains(texts[j]) || texts[j].contains(texts[i])) continue;
      const a = texts[i].getBoundingClientRect();
      const b = texts[j].getBoundingClientRect();
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) out.push(`“${texts[i].textContent?.trim().slice(0, 20)}” × “${texts[j].textContent?.trim().slice(0, 20)}”`);
    }
  return out;
}
