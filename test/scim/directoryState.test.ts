/**
 * The Directory Change Trigger's state and diff (scim/events/directoryState.ts): what counts as a change, which
 * event it is, the attributes named, stable event ids, the tombstone of a deleted user, and the state's size.
 */
import { diffUsers, emptyState, isActiveUser, readState, type DiffOptions } from '../../scim/events/directoryState';
import { isDirectoryEvent } from '../../scim/events/directoryEvent';

const options = (extra: Partial<DiffOptions> = {}): DiffOptions => ({ source: { type: 'entra', name: 't' }, preset: 'entra', snapshot: false, now: '2026-12-04T00:00:00.000Z', ...extra });
const user = (id: string, extra: Record<string, unknown> = {}) => ({ id, userPrincipalName: `${id}@x.example`, jobTitle: 'A', accountEnabled: true, ...extra });

test('baseline records without events; then created, updated (naming the attributes), deactivated, reactivated, unchanged', () => {
	const base = diffUsers(emptyState('k'), [{ id: 'a', user: user('a') }], options({ baseline: true }));
	expect(base.events).toEqual([]);
	const created = diffUsers(base.state, [{ id: 'b', user: user('b') }], options());
	expect(created.events.map((e) => e.event)).toEqual(['user.created']);
	expect(isDirectoryEvent(created.events[0])).toBe(true);
	const updated = diffUsers(created.state, [{ id: 'a', user: user('a', { jobTitle: 'B', department: 'Sales' }) }], options());
	expect(updated.events.map((e) => [e.event, e.changes])).toEqual([['user.updated', ['jobTitle', 'department']]]);
	const off = diffUsers(updated.state, [{ id: 'a', user: user('a', { jobTitle: 'B', department: 'Sales', accountEnabled: false }) }], options());
	expect(off.events.map((e) => [e.event, e.changes])).toEqual([['user.deactivated', ['accountEnabled']]]);
	const on = diffUsers(off.state, [{ id: 'a', user: user('a', { jobTitle: 'B', department: 'Sales' }) }], options());
	expect(on.events.map((e) => e.event)).toEqual(['user.reactivated']);
	// The same user read again, keys in another order: no event.
	const again = diffUsers(on.state, [{ id: 'a', user: { department: 'Sales', accountEnabled: true, jobTitle: 'B', userPrincipalName: 'a@x.example', id: 'a' } }], options());
	expect(again.events).toEqual([]);
	// The state passed in is never modified: the node saves the new one only with its events.
	expect(Object.keys(base.state.users)).toEqual(['a']);
});

test('an ignored attribute (last sign-in) is no change; an attribute that disappears is named', () => {
	const ignore = ['lastLogin'];
	const first = diffUsers(emptyState('k'), [{ id: 'a', user: user('a', { lastLogin: '1', mobilePhone: '+1' }) }], options({ ignore }));
	expect(diffUsers(first.state, [{ id: 'a', user: user('a', { lastLogin: '2', mobilePhone: '+1' }) }], options({ ignore })).events).toEqual([]);
	expect(diffUsers(first.state, [{ id: 'a', user: user('a', { lastLogin: '2' }) }], options({ ignore })).events.map((e) => e.changes)).toEqual([['mobilePhone']]);
});

test('the same change has the same event id; another change another', () => {
	const state = diffUsers(emptyState('k'), [{ id: 'a', user: user('a') }], options({ baseline: true })).state;
	const one = diffUsers(state, [{ id: 'a', user: user('a', { jobTitle: 'B' }) }], options({ now: '2026-12-05T00:00:00.000Z' })).events[0];
	const twice = diffUsers(state, [{ id: 'a', user: user('a', { jobTitle: 'B' }) }], options()).events[0];
	const other = diffUsers(state, [{ id: 'a', user: user('a', { jobTitle: 'C' }) }], options()).events[0];
	expect(one.eventId).toBe(twice.eventId);
	expect(other.eventId).not.toBe(one.eventId);
});

test('deletions: @removed, or missing from a snapshot, carry the id, the last sign-in name and the inactive marker', () => {
	const tombstone = (id: string, login?: string) => ({ id, userPrincipalName: login, accountEnabled: false });
	const login = (u: Record<string, unknown>) => u.userPrincipalName as string;
	const state = diffUsers(emptyState('k'), [{ id: 'a', user: user('a') }, { id: 'b', user: user('b') }], options({ baseline: true, login })).state;
	const removed = diffUsers(state, [{ id: 'a', user: { id: 'a', '@removed': { reason: 'deleted' } }, removed: true }], options({ tombstone, login }));
	expect(removed.events.map((e) => [e.event, e.user])).toEqual([['user.deleted', { id: 'a', userPrincipalName: 'a@x.example', accountEnabled: false, '@removed': { reason: 'deleted' } }]]);
	expect(removed.state.users.a).toBeUndefined();
	const missing = diffUsers(state, [{ id: 'a', user: user('a') }], options({ snapshot: true, tombstone, login }));
	expect(missing.events.map((e) => [e.event, e.user])).toEqual([['user.deleted', { id: 'b', userPrincipalName: 'b@x.example', accountEnabled: false }]]);
	// An unknown user deleted (created and deleted between two polls): nothing to undo.
	expect(diffUsers(state, [{ id: 'z', user: { id: 'z' }, removed: true }], options()).events).toEqual([]);
});

test('active follows the preset’s own rule', () => {
	expect(isActiveUser('okta', { status: 'SUSPENDED' })).toBe(false);
	expect(isActiveUser('okta', { status: 'PASSWORD_EXPIRED' })).toBe(true);
	expect(isActiveUser('google', { suspended: false, orgUnitPath: '/Leavers' })).toBe(false);
	expect(isActiveUser('csv', { Status: 'Terminated' })).toBe(false);
	expect(isActiveUser('bamboohr', { status: 'Active', terminationDate: '0000-00-00' })).toBe(true);
});

test('state of another source or version is not reused; 10 000 users fit in a megabyte', () => {
	const users = Array.from({ length: 10_000 }, (_, n) => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, user: user(`u${n}`, { id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, givenName: 'G', surname: 'S', mail: `u${n}@x.example`, department: 'D', employeeId: String(n), city: 'C', country: 'FR' }) }));
	const { state } = diffUsers(emptyState('k'), users, options({ baseline: true, login: (u) => u.userPrincipalName as string }));
	const bytes = Buffer.byteLength(JSON.stringify(state));
	expect(bytes).toBeLessThan(1_000_000);
	expect(readState(state, 'k')?.users).toEqual(state.users);
	expect(readState(state, 'other')).toBeUndefined();
	expect(readState({ ...state, v: 0 }, 'k')).toBeUndefined();
});
