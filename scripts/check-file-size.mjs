#!/usr/bin/env node
/**
 * A source file over MAX_LINES lines must say why in its header comment, with a line
 *
 *   long-file: <the reason it is one file, in a few words>
 *
 * inside the comment the file starts with (`// long-file: …`, ` * long-file: …` in a JSDoc or
 * `/* long-file: … *\/` in CSS). Without a reason, split the file. Run by `npm run lint`
 * (`node scripts/check-file-size.mjs [files…]`; no arguments: every tracked source file).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const MAX_LINES = 400;
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx|css)$/;
const ROOTS = ['src/', 'lessons/', 'tests/', 'bench/', 'scripts/'];

/** The comment lines a file starts with (blank lines and a #! line allowed). */
export function headerComment(text) {
  const out = [];
  let inBlock = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (inBlock) {
      out.push(line);
      if (line.includes('*/')) inBlock = false;
      continue;
    }
    if (line === '' || line.startsWith('#!')) continue;
    if (line.startsWith('//')) out.push(line);
    else if (line.startsWith('/*')) {
      out.push(line);
      inBlock = !line.includes('*/', 2);
    } else break;
  }
  return out.join('\n');
}

/** The reason a long file gives, or null. */
export function longFileReason(text) {
  const m = /long-file:\s*(.+)/.exec(headerComment(text));
  const reason = m ? m[1].replace(/\*\/\s*$/, '').trim() : '';
  return reason.length >= 10 ? reason : null;
}

export function check(files) {
  const bad = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_LINES && !longFileReason(text)) bad.push({ file: f, lines });
  }
  return bad;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const files = (args.length ? args : execFileSync('git', ['ls-files', ...ROOTS], { encoding: 'utf8' }).split('\n')).filter(
    (f) => SOURCE.test(f) && ROOTS.some((r) => f.startsWith(r)),
  );
  const bad = check(files);
  for (const b of bad)
    console.error(`${b.file}: ${b.lines} lines (over ${MAX_LINES}) and no "long-file: <reason>" in its header comment: say why, or split it`);
  if (bad.length) process.exit(1);
  console.log(`file size: ${files.length} source files, every one over ${MAX_LINES} lines says why`);
}
