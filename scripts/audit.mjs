// CI's dependency audit: `npm audit --omit=dev` (what ships to visitors), failing on any high or
// critical advisory. Where the registry has no audit endpoint (some mirrors answer 405), it says
// loudly that no audit ran and does not fail the build, since that is not a finding.
import { spawnSync } from 'node:child_process';

const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report = null;
try {
  report = JSON.parse(r.stdout);
} catch {
  /* not JSON: the endpoint failed */
}
const v = report?.metadata?.vulnerabilities;
if (!v) {
  const why = (report?.error?.summary ?? r.stderr ?? '').trim().split('\n').slice(-2).join(' ');
  console.warn(`[audit] NO AUDIT RAN: the registry's audit endpoint is unavailable (${why || 'no answer'}).`);
  process.exit(0);
}
const bad = (v.high ?? 0) + (v.critical ?? 0);
console.log(`[audit] production dependencies: ${JSON.stringify(v)}`);
if (bad > 0) {
  spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high'], { stdio: 'inherit' });
  console.error(`[audit] ${bad} high or critical advisories in production dependencies.`);
  process.exit(1);
}
