import { describe, expect, it } from 'vitest';
import { alreadyDone, changeMessage, fieldsOf, selfDisableRefusal } from '@/lib/auth/user-admin';
import { userChangeSchema } from '@/lib/validations/users';

// The Users page's rules as pure functions over plain values (lib/auth/user-admin.ts).
const me = { id: 'me' };
const ada = { id: 'ada', email: 'ada@example.com', role: 'operator' as const, disabled: false };

describe('user admin rules', () => {
  it('an admin may not disable themselves; anyone else, and any other change of their own, is allowed', () => {
    expect(selfDisableRefusal({ id: 'me', intent: 'disable' }, me)).toMatch(/^You cannot disable your own account/);
    expect(selfDisableRefusal({ id: 'ada', intent: 'disable' }, me)).toBeNull();
    expect(selfDisableRefusal({ id: 'me', intent: 'role', role: 'viewer' }, me)).toBeNull();
    expect(selfDisableRefusal({ id: 'me', intent: 'disable' }, { id: null })).toBeNull(); // the CLI has no account
  });

  it('a change to what already is, is said as done and writes nothing', () => {
    expect(alreadyDone({ id: 'ada', intent: 'role', role: 'operator' }, ada)).toBe('ada@example.com already has the role operator: nothing was changed.');
    expect(alreadyDone({ id: 'ada', intent: 'enable' }, ada)).toBe('ada@example.com was already enabled: nothing was changed.');
    expect(alreadyDone({ id: 'ada', intent: 'disable' }, { ...ada, disabled: true })).toBe('ada@example.com was already disabled: nothing was changed.');
    expect(alreadyDone({ id: 'ada', intent: 'disable' }, ada)).toBeNull();
    expect(alreadyDone({ id: 'ada', intent: 'password', password: 'a new password' }, ada)).toBeNull();
  });

  it('each change writes its own column, and tells an admin changing themselves what it means for them', () => {
    expect(fieldsOf({ id: 'ada', intent: 'enable' })).toEqual({ disabled: false });
    expect(fieldsOf({ id: 'ada', intent: 'role', role: 'admin' })).toEqual({ role: 'admin' });
    expect(changeMessage({ id: 'me', intent: 'role', role: 'viewer' }, { email: 'me@x', role: 'viewer' }, { id: 'me', role: 'admin' }, me)).toBe(
      'You are now viewer (was admin): you can no longer manage users.',
    );
  });

  it('the form input names an unknown change and a missing user', () => {
    const unknown = userChangeSchema.safeParse({ id: 'ada', intent: 'delete' });
    expect(unknown.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([[['intent'], 'Unknown change: expected one of role, disable, enable, password.']]);
    const noUser = userChangeSchema.safeParse({ intent: 'enable' });
    expect(noUser.error?.issues.map((issue) => issue.message)).toEqual(['Which user? The form sent no user id.']);
  });
});
