/** scripts/audit.mjs's verdict: no report is "no audit ran" (never a pass); high/critical fail. */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { auditVerdict } from '../../scripts/audit-verdict.mjs';

const report = (v: Record<string, number>) => JSON.stringify({ metadata: { vulnerabilities: v } });

describe('auditVerdict', () => {
  it('fails on high or critical advisories, passes on low/moderate only', () => {
    expect(auditVerdict({ stdout: report({ low: 2, moderate: 1, high: 0, critical: 0 }), stderr: '', status: 1 })).toEqual({
      ran: true,
      fail: false,
      counts: { low: 2, moderate: 1, high: 0, critical: 0 },
    });
    expect(auditVerdict({ stdout: report({ high: 1 }), stderr: '', status: 1 }).fail).toBe(true);
    expect(auditVerdict({ stdout: report({ critical: 3 }), stderr: '', status: 1 }).fail).toBe(true);
  });
  it("a 405 from the registry (this machine's) is no audit, with the reason", () => {
    // what npm 11 prints there: an empty error summary, the status in `message`
    const stdout = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      method: 'POST',
      statusCode: 405,
      error: { summary: '', detail: '' },
    });
    const v = auditVerdict({ stdout, stderr: 'npm error audit endpoint returned an error', status: 1 });
    expect(v.ran).toBe(false);
    expect(v.why).toMatch(/405 Method Not Allowed/);
  });
  it('no JSON at all is no audit', () => {
    expect(auditVerdict({ stdout: '', stderr: 'npm error network ENOTFOUND\n', status: 1 })).toEqual({
      ran: false,
      fail: false,
      why: 'npm error network ENOTFOUND',
    });
  });
});
