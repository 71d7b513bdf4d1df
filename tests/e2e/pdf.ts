import { inflateSync } from 'node:zlib';

/**
 * A small reader of Chromium's own PDF output (Skia/PDF) for the handout tests: each page's text
 * (through the fonts' ToUnicode maps) and its marks (every stroked or filled path segment and every
 * glyph, with the colour it is painted in), so a test can ask what prints and whether it shows on
 * white paper. It reads what Skia writes (plain objects, Flate streams, Type0 fonts with Identity-H,
 * form XObjects), not every PDF.
 */

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

/** A painted mark: a path segment or a glyph, in an RGB colour (0–1), and its kind. */
export interface PdfMark {
  kind: 'stroke' | 'fill' | 'text' | 'image';
  rgb: [number, number, number];
}

export interface PdfPage {
  /** the page's text, in content order; text objects (BT … ET) joined by a space */
  text: string;
  marks: PdfMark[];
}

function parseObjects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endobj', start);
    if (end < 0) break;
    const body = s.slice(start, end);
    const at = body.search(/>>\s*stream\r?\n/);
    if (at < 0) {
      objects.set(Number(m[1]), { dict: body });
    } else {
      const dict = body.slice(0, at + 2);
      const dataStart = start + body.indexOf('stream', at) + 'stream'.length + (body[body.indexOf('stream', at) + 6] === '\r' ? 2 : 1);
      const dataEnd = s.lastIndexOf('endstream', end);
      let data = pdf.subarray(dataStart, dataEnd);
      if (/\/FlateDecode/.test(dict)) {
        try {
          data = inflateSync(data);
        } catch {
          data = Buffer.alloc(0);
        }
      }
      objects.set(Number(m[1]), { dict, stream: data });
    }
    re.lastIndex = end;
  }
  return objects;
}

const ref = (dict: string, key: string): number | null => {
  const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : null;
};

/** `/Key << /A 1 0 R /B 2 0 R >>` → { A: 1, B: 2 } */
function nameMap(dict: string, key: string): Record<string, number> {
  const m = new RegExp(`/${key}\\s*<<([^<>]*)>>`).exec(dict);
  const out: Record<string, number> = {};
  if (!m) return out;
  for (const e of m[1].matchAll(/\/([^\s/<>[\]()]+)\s+(\d+) 0 R/g)) out[e[1]] = Number(e[2]);
  return out;
}

/** A font's ToUnicode map: code (hex, as in the content) → text. */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hexText = (h: string) => {
    let t = '';
    for (let i = 0; i + 4 <= h.length; i += 4) t += String.fromCharCode(parseInt(h.slice(i, i + 4), 16));
    return t;
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const e of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(e[1], 16), hexText(e[2]));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const e of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])/g)) {
      const lo = parseInt(e[1], 16);
      const hi = parseInt(e[2], 16);
      if (e[3].startsWith('[')) {
        Array.from(e[3].matchAll(/<([0-9a-fA-F]+)>/g)).forEach((d, i) => map.set(lo + i, hexText(d[1])));
      } else {
        const first = hexText(e[3].slice(1, -1));
        for (let c = lo; c <= hi; c++) map.set(c, first.slice(0, -1) + String.fromCharCode(first.charCodeAt(first.length - 1) + (c - lo)));
      }
    }
  return map;
}

type Token = { op: string } | { num: number } | { name: string } | { hex: string } | { str: string } | { arr: Token[] };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const stack: Token[][] = [out];
  const re =
    /\s*(?:(\[)|(\])|<([0-9a-fA-F\s]*)>|\/([^\s/<>[\]()]+)|([+-]?(?:\d+\.?\d*|\.\d+))|\(((?:\\.|[^\\)])*)\)|([A-Za-z'"*]+)|(<<|>>)|(%[^\n]*))/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    const top = stack[stack.length - 1];
    if (m[1]) {
      const arr: Token[] = [];
      top.push({ arr });
      stack.push(arr);
    } else if (m[2]) {
      if (stack.length > 1) stack.pop();
    } else if (m[3] !== undefined) top.push({ hex: m[3].replace(/\s/g, '') });
    else if (m[4]) top.push({ name: m[4] });
    else if (m[5]) top.push({ num: Number(m[5]) });
    else if (m[6] !== undefined) top.push({ str: m[6] });
    else if (m[7]) top.push({ op: m[7] });
    if (m[0].length === 0) break;
  }
  return out;
}

/** Every page of a PDF Chromium printed, in page order: its text and its marks. */
export function readPdf(pdf: Buffer): PdfPage[] {
  const objects = parseObjects(pdf);
  const fonts = new Map<number, Map<number, string>>();
  const fontMap = (id: number) => {
    let f = fonts.get(id);
    if (!f) {
      const cm = ref(objects.get(id)?.dict ?? '', 'ToUnicode');
      f = toUnicode(cm !== null ? (objects.get(cm)?.stream?.toString('latin1') ?? '') : '');
      fonts.set(id, f);
    }
    return f;
  };

  const pages: number[] = [];
  const walk = (id: number) => {
    const dict = objects.get(id)?.dict ?? '';
    if (/\/Type\s*\/Pages\b/.test(dict)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(dict)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+) 0 R/g)) walk(Number(k[1]));
    } else if (/\/Type\s*\/Page\b/.test(dict)) pages.push(id);
  };
  const catalog = Array.from(objects.values()).find((o) => /\/Type\s*\/Catalog\b/.test(o.dict));
  const root = catalog ? ref(catalog.dict, 'Pages') : null;
  if (root !== null) walk(root);

  return pages.map((id) => {
    const page = objects.get(id)!.dict;
    const marks: PdfMark[] = [];
    const texts: string[] = [];
    const run = (content: string, resources: string, depth: number) => {
      const fontsHere = nameMap(resources, 'Font');
      const xobjects = nameMap(resources, 'XObject');
      type State = { stroke: [number, number, number]; fill: [number, number, number] };
      let st: State = { stroke: [0, 0, 0], fill: [0, 0, 0] };
      const saved: State[] = [];
      let font: Map<number, string> = new Map();
      let segments = 0;
      let text = '';
      const args: Token[] = [];
      const nums = () => args.filter((a): a is { num: number } => 'num' in a).map((a) => a.num);
      const show = (t: Token) => {
        if ('hex' in t) {
          for (let i = 0; i + 4 <= t.hex.length; i += 4) {
            text += font.get(parseInt(t.hex.slice(i, i + 4), 16)) ?? '';
            marks.push({ kind: 'text', rgb: st.fill });
          }
        } else if ('arr' in t) t.arr.forEach(show);
      };
      for (const t of tokenize(content)) {
        if (!('op' in t)) {
          args.push(t);
          continue;
        }
        const n = nums();
        switch (t.op) {
          case 'q':
            saved.push(st);
            break;
          case 'Q':
            st = saved.pop() ?? st;
            break;
          // a colour: RGB (RG, rg) or grey (G, g); upper case strokes, lower case fills
          case 'RG':
          case 'rg':
          case 'G':
          case 'g': {
            const rgb: [number, number, number] = t.op.length === 2 ? [n[0], n[1], n[2]] : [n[0], n[0], n[0]];
            st = t.op === t.op.toUpperCase() ? { ...st, stroke: rgb } : { ...st, fill: rgb };
            break;
          }
          case 'm':
          case 'l':
          case 'c':
          case 'v':
          case 'y':
          case 're':
            segments += t.op === 're' ? 4 : t.op === 'm' ? 0 : 1;
            break;
          case 'S':
          case 's':
            for (let i = 0; i < segments; i++) marks.push({ kind: 'stroke', rgb: st.stroke });
            segments = 0;
            break;
          case 'f':
          case 'F':
          case 'f*':
            for (let i = 0; i < segments; i++) marks.push({ kind: 'fill', rgb: st.fill });
            segments = 0;
            break;
          case 'B':
          case 'B*':
          case 'b':
          case 'b*':
            for (let i = 0; i < segments; i++) marks.push({ kind: 'fill', rgb: st.fill }, { kind: 'stroke', rgb: st.stroke });
            segments = 0;
            break;
          case 'n':
            segments = 0;
            break;
          case 'BT':
            text = '';
            break;
          case 'ET':
            if (text) texts.push(text);
            text = '';
            break;
          case 'Tf': {
            const name = args.find((a): a is { name: string } => 'name' in a)?.name;
            font = name && fontsHere[name] !== undefined ? fontMap(fontsHere[name]) : new Map();
            break;
          }
          case 'Tj':
          case 'TJ':
          case "'":
          case '"':
            if (args.length) show(args[args.length - 1]);
            break;
          case 'Do': {
            const name = args.find((a): a is { name: string } => 'name' in a)?.name;
            const x = name !== undefined ? objects.get(xobjects[name]) : undefined;
            if (x && /\/Subtype\s*\/Form\b/.test(x.dict) && depth < 8) {
              const saveSt = st;
              run(x.stream?.toString('latin1') ?? '', x.dict, depth + 1);
              st = saveSt;
            } else if (x && /\/Subtype\s*\/Image\b/.test(x.dict)) marks.push({ kind: 'image', rgb: st.fill });
            break;
          }
        }
        args.length = 0;
      }
    };
    const contents: number[] = [];
    const single = ref(page, 'Contents');
    if (single !== null) contents.push(single);
    else for (const c of (/\/Contents\s*\[([^\]]*)\]/.exec(page)?.[1] ?? '').matchAll(/(\d+) 0 R/g)) contents.push(Number(c[1]));
    for (const c of contents) run(objects.get(c)?.stream?.toString('latin1') ?? '', page, 0);
    return { text: texts.join(' '), marks };
  });
}

/** WCAG relative luminance of an RGB colour (0–1 channels). */
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Contrast of a colour against white paper (WCAG ratio, 1 … 21). */
export const onPaper = (rgb: [number, number, number]): number => 1.05 / (luminance(rgb) + 0.05);

/**
 * The ink of a page on white paper, as a printer without background graphics puts it there: marks
 * (path segments and glyphs) whose colour shows on white (≥ 3:1, WCAG's bar for graphics) and those
 * that all but vanish (< 1.5:1, e.g. a white line of the projector theme).
 */
export function ink(page: PdfPage): { ink: number; faint: number } {
  let inked = 0;
  let faint = 0;
  for (const m of page.marks) {
    if (m.kind === 'image') continue;
    const c = onPaper(m.rgb);
    if (c >= 3) inked++;
    else if (c < 1.5) faint++;
  }
  return { ink: inked, faint };
}
