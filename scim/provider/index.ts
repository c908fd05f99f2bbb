/** The service-provider side of SCIM: what the SCIM Trigger and SCIM Respond nodes need, no n8n imports. */
export * from './auth';
export * from './changes';
export * from './discovery';
export * from './events';
export * from './idp';
export * from './lookup';
export * from './request';
export * from './respond';
export * from './settings';
