/** Path prefixes the presets share. Presets are plain data: rows a builder can read, copy and override. */
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:';
export const WORK_EMAIL = 'emails[type eq "work"].value';
export const WORK_PHONE = 'phoneNumbers[type eq "work"].value';
export const WORK_ADDRESS = 'addresses[type eq "work"]';
export const MOBILE_PHONE = 'phoneNumbers[type eq "mobile"].value';
export const HOME_PHONE = 'phoneNumbers[type eq "home"].value';
export const FAX = 'phoneNumbers[type eq "fax"].value';
export const PAGER = 'phoneNumbers[type eq "pager"].value';
/**
 * Salesforce keeps one phone number per user: a preset's phone rows are alternatives in this order of preference
 * (compile.ts writes the first one with a value), each under the SCIM type the number really is.
 */
export const PHONE_PREFERENCE = [WORK_PHONE, MOBILE_PHONE, HOME_PHONE, FAX, PAGER] as const;
