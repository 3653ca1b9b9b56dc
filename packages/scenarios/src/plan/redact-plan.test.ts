import { describe, expect, it } from 'vitest';

import { REDACTED } from './defaults.js';
import { redactPlan } from './redact-plan.js';
import { resolvePlan } from './resolve-plan.js';
import { typedWorkload } from './typed-workload.js';

describe('redactPlan', () => {
  const plan = resolvePlan({
    target: { kind: 'url', url: 'http://ops:hunter2@127.0.0.1:8080', adminToken: 'admin-secret' },
    workloads: [
      { kind: 'logins', password: 'fixture-secret' },
      {
        kind: 'http',
        url: 'http://svc:pw-secret@127.0.0.1:9000/x',
        ratePerSecond: 5,
        headers: {
          Authorization: 'Bearer abc-secret',
          'X-Api-Key': 'key-secret',
          Cookie: 'sid=cookie-secret',
          Accept: 'application/json',
        },
      },
      { kind: 'orders' },
    ],
  });
  const redacted = redactPlan(plan);
  const text = JSON.stringify(redacted);

  it('leaves no secret in the plan', () => {
    for (const secret of [
      'hunter2',
      'admin-secret',
      'fixture-secret',
      'pw-secret',
      'abc-secret',
      'key-secret',
      'cookie-secret',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('replaces secrets, keeping the shape and everything else', () => {
    expect(redacted.target).toEqual({
      kind: 'url',
      url: `http://ops:${REDACTED}@127.0.0.1:8080`,
      allowHost: null,
      metricsPath: '/metrics',
      adminToken: REDACTED,
    });
    const [logins, http, orders] = redacted.workloads.map(typedWorkload);
    expect(logins?.kind === 'logins' && logins.options.password).toBe(REDACTED);
    expect(http?.kind === 'http' && http.options.headers).toEqual({
      Authorization: REDACTED,
      'X-Api-Key': REDACTED,
      Cookie: REDACTED,
      Accept: 'application/json',
    });
    expect(http?.kind === 'http' && http.options.url).toBe(`http://svc:${REDACTED}@127.0.0.1:9000/x`);
    expect(orders).toEqual(plan.workloads[2]);
    expect({ ...redacted, target: plan.target, workloads: plan.workloads }).toEqual(plan);
  });

  it('leaves the resolved plan itself untouched, and freezes the copy', () => {
    expect(JSON.stringify(plan)).toContain('admin-secret');
    expect(Object.isFrozen(redacted.workloads[0]?.options)).toBe(true);
  });

  it('keeps a null admin token null (nothing was set)', () => {
    const bundled = redactPlan(resolvePlan({ target: { kind: 'url', url: 'http://127.0.0.1:1' } }));
    expect(bundled.target.kind === 'url' && bundled.target.adminToken).toBeNull();
  });
});
