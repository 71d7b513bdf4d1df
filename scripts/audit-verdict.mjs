// The verdict of `npm audit --omit=dev --json` (scripts/audit.mjs), pure for the unit tests.
/**
 * @param {{ stdout: string, stderr: string, status: number | null }} r the npm audit run
 * @returns {{ ran: boolean, fail: boolean, counts?: Record<string, number>, why?: string }}
 *   ran: an audit answered; fail: it found high or critical advisories; why: why no audit ran
 */
export function auditVerdict(r) {
  let report = null;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    /* not JSON: npm could not reach an audit endpoint at all */
  }
  const counts = report?.metadata?.vulnerabilities;
  if (!counts || typeof counts !== 'object') {
    const raw = report?.error?.summary || report?.message || r.stderr || '';
    const why = String(raw).trim().split('\n').filter(Boolean).slice(-2).join(' ') || `npm audit exited with ${r.status} and no report`;
    return { ran: false, fail: false, why };
  }
  const bad = (counts.high ?? 0) + (counts.critical ?? 0);
  return { ran: true, fail: bad > 0, counts };
}
