// What the bench scripts share: their command line, the median they quote, and the static server
// they measure a production build on.
import { spawn } from 'node:child_process';

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
