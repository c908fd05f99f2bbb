/** Path prefixes the presets share. Presets are plain data: rows a builder can read, copy and override. */
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:';
export const WORK_EMAIL = 'emails[type eq "work"].value';
export const WORK_PHONE = 'phoneNumbers[type eq "work"].value';
export const WORK_ADDRESS = 'addresses[type eq "work"]';
