import { ID_PREFIX, isSalesforceId, kindOfId, salesforceIdKey, sameSalesforceId } from '../../scim/salesforceId';
import { isPermissionSetEntitlement, isProfileEntitlement } from '../../scim/user';

describe('Salesforce ids: one rule for every caller', () => {
	test.each([
		['005000000000001', true],
		['005000000000001AAA', true],
		['005000000000001AA', false],
		['jane@example.com', false],
		['2819c223-7f76-453a-919d-413861904646', false],
	])('%s is shaped like an id: %s', (value, shaped) => expect(isSalesforceId(value)).toBe(shaped));

	test('the prefix tells the kind, case-sensitively: 00E is a UserRole, not a Profile', () => {
		expect(kindOfId('00e000000000001AAA')).toBe('Profile');
		expect(kindOfId('0PS000000000001AAA')).toBe('PermissionSet');
		expect(kindOfId(`${ID_PREFIX.role}000000000001AAA`)).toBeUndefined();
		expect(kindOfId('0ps000000000001AAA')).toBeUndefined();
		expect(isProfileEntitlement({ value: '00E000000000001AAA' })).toBe(false);
		expect(isPermissionSetEntitlement({ value: '0PS000000000001AAA', type: ' ' })).toBe(true);
		expect(isProfileEntitlement({ value: '0PS000000000001AAA', type: 'Profile' })).toBe(true);
	});

	test('the 15- and 18-character forms of one record meet as one key; other ids stay whole', () => {
		expect(salesforceIdKey('005000000000001AAA')).toBe(salesforceIdKey('005000000000001'));
		expect(sameSalesforceId('005000000000001AAA', '005000000000001')).toBe(true);
		expect(salesforceIdKey('2819c223-7f76-453a-919d-413861904646')).toBe('2819c223-7f76-453a-919d-413861904646');
	});
});
