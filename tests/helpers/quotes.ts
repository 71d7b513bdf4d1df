/**
 * Shared by the unit test (lesson-numbers) and the browser test (fidelity): reading the <ShowMe>
 * tags out of the lesson MDX, and "does this value print as the quoted number".
 */

/** Significant digits written in a quoted number: "0.113" → 3, "3.2e-4" → 2, "96" → 2, "0.030" → 2. */
export function significantDigits(quote: string): number {
  const mantissa = quote.trim().replace(/^[−-]/, '').split(/e/i)[0];
  const digits = mantissa.replace('.', '').replace(/^0+/, '');
  return Math.max(1, digits.length);
}

/** The quoted number as a JS number ("−" minus accepted). */
export function quoteNumber(quote: string): number {
  return Number(quote.trim().replace('−', '-'));
}

/** True when `value` rounded to the quote's significant digits is the quoted number. */
export function matchesQuote(value: number, quote: string): boolean {
  if (!Number.isFinite(value)) return false;
  const q = quoteNumber(quote);
  const rounded = Number(value.toPrecision(significantDigits(quote)));
  return Math.abs(rounded - q) <= 1e-12 * Math.max(1, Math.abs(q));
}

export interface ShowMeTag {
  file: string;
  /** offset of "<ShowMe" in the file */
  at: number;
  /** offset just after "/>" */
  end: number;
  props: Record<string, unknown>;
}

/** Every <ShowMe … /> in an MDX source, its props evaluated (string or {JS expression} values). */
export function parseShowMe(source: string, file: string): ShowMeTag[] {
  const out: ShowMeTag[] = [];
  let i = 0;
  while ((i = source.indexOf('<ShowMe', i)) >= 0) {
    const at = i;
    i += '<ShowMe'.length;
    const props: Record<string, unknown> = {};
    for (;;) {
      while (/\s/.test(source[i])) i++;
      if (source.startsWith('/>', i)) {
        i += 2;
        break;
      }
      const m = /^[A-Za-z]+/.exec(source.slice(i));
      if (!m) throw new Error(`${file}: cannot parse <ShowMe> at ${at}`);
      const name = m[0];
      i += name.length + 1; // name=
      if (source[i] === '"') {
        const close = source.indexOf('"', i + 1);
        props[name] = source.slice(i + 1, close);
        i = close + 1;
      } else if (source[i] === '{') {
        let depth = 0;
        const start = i;
        for (; i < source.length; i++) {
          if (source[i] === '{') depth++;
          else if (source[i] === '}' && --depth === 0) break;
        }
        props[name] = new Function(`return (${source.slice(start + 1, i)});`)();
        i++;
      } else throw new Error(`${file}: unexpected attribute value at ${i}`);
    }
    out.push({ file, at, end: i, props });
  }
  return out;
}
