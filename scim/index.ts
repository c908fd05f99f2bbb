/** The SCIM core: RFC 7643/7644 grammar and messages plus the Salesforce dialect. No n8n, no I/O. */
export * from './schemas';
export * from './error';
export * from './filter';
export * from './path';
export * from './patchop';
export * from './listResponse';
export * from './dialect';
export * from './user';
