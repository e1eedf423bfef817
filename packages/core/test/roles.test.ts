import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLES, roleRank } from '../src/roles';

describe('roles', () => {
  it('a higher role can do everything a lower one can', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLES),
        fc.constantFrom(...ROLES),
        fc.constantFrom(...PERMISSIONS),
        (a, b, p) => {
          if (roleRank(a) >= roleRank(b) && can(b, p)) expect(can(a, p)).toBe(true);
        },
      ),
    );
  });

  it('viewers only read (not the audit log); owners do everything', () => {
    for (const p of PERMISSIONS) {
      expect(can('viewer', p)).toBe(p.endsWith('.read') && p !== 'audit.read');
      expect(can('owner', p)).toBe(true);
    }
  });
});
