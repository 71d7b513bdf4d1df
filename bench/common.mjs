// What the bench scripts share: their command line, the median they quote, the production build
// they measure and the static server it is served from, and the Markdown table they print.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** `--key=value` and `--flag` (as 'true') from the command line, as an object. */
export function cliArgs(argv = process.argv.slice(2)) {
  return Object.fromEntries(argv.map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']));
}

/** The median of a list of numbers (NaN for none). */
export function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Serves a build (scripts/serve-static.mjs) from `base` on `port`, gzip-compressed if asked, and
 * resolves once it listens (its "serving …" line), not after a guessed delay; killed when the
 * bench exits. A port already taken ends the bench (it would measure someone else's build).
 */
export function serveDist({ dir, base, port, gzip = false }) {
  const server = spawn('node', ['scripts/serve-static.mjs', `--dir=${dir}`, `--base=${base}`, `--port=${port}`, ...(gzip ? ['--gzip'] : [])], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  process.on('exit', () => server.kill());
  return new Promise((resolve) => {
    let out = '';
    let listening = false;
    server.stdout.on('data', (d) => {
      out += d;
      if (out.includes('serving ')) {
        listening = true;
        server.stdout.removeAllListeners('data');
        server.stdout.resume();
        resolve(server);
      }
    });
    server.on('exit', () => {
      if (listening) return; // killed by the bench when it is done
      console.error(`the static server could not start on port ${port} (in use?): set BENCH_PORT`);
      process.exit(2);
    });
  });
}

/**
 * The production build a bench measures: `--dist=DIR` when given, else a fresh `vite build` into a
 * temporary folder named after the bench (`extra`: more vite flags, e.g. ['--minify', 'false']).
 */
export function buildDist(args, name, extra = []) {
  if (args.dist) return args.dist;
  const dist = mkdtempSync(path.join(tmpdir(), `unrolled-${name}-`));
  console.log(`building${extra.length ? ` (${extra.join(' ')})` : ''} into ${dist} …`);
  execFileSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn', ...extra], { stdio: 'inherit' });
  return dist;
}

/** Prints `rows` as a Markdown table under `## title`, numbers right-aligned, then the notes as a list. */
export function printTable({ title, columns, rows, notes = [] }) {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const cells = rows.map((r) => cols.map((c) => String(r[c] ?? '')));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (vals) => '| ' + vals.map((v, i) => (/^[\d.,×e+-]+$/.test(v) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ') + ' |';
  console.log(`\n## ${title}\n`);
  console.log(line(cols));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of cells) console.log(line(r));
  if (notes.length) {
    console.log('');
    for (const n of notes) console.log(`- ${n}`);
  }
}
