/**
 * From a decoded error to "what happened and how to fix it". Each rule names a failure class users of other
 * provisioning tools report (see the Salesforce dialect notes); the first rule that matches wins.
 */
import type { DecodedError } from './error';

interface Explanation {
	message: string;
	description: string;
}

type Rule = (e: DecodedError, text: string) => Explanation | undefined;

const has = (text: string, pattern: RegExp): boolean => pattern.test(text);

const rules: Rule[] = [
	(e) =>
		e.source === 'html'
			? {
					message: `Salesforce did not answer with SCIM (HTTP ${e.status}): ${e.detail}`,
					description:
						'The request probably went to the wrong host. Use the instance URL returned by the OAuth token response ' +
						'(https://<my-domain>.my.salesforce.com), not login.salesforce.com, test.salesforce.com or a *.lightning.force.com ' +
						'address; the SCIM base path is /services/scim/v2.',
				}
			: undefined,
	(e, text) =>
		e.errorCode === 'REQUEST_LIMIT_EXCEEDED' || has(text, /request_limit_exceeded|total requests limit/i)
			? {
					message: 'Salesforce\'s daily API request limit is used up (REQUEST_LIMIT_EXCEEDED)',
					description:
						'The org has spent its rolling 24-hour API allocation; Salesforce sends no Retry-After, calls succeed again as ' +
						'older requests age out of the 24-hour window. Check Setup → Company Information → API Requests, Last 24 Hours, ' +
						'sync less often or fewer users per run, or ask Salesforce for a higher allocation.',
				}
			: undefined,
	(e, text) =>
		e.status === 401 || e.errorCode === 'INVALID_SESSION_ID' || e.errorCode === 'invalid_grant' || has(text, /invalid_session_id|session expired|expired access\/refresh token/i)
			? {
					message: 'Salesforce rejected the access token: it expired or was revoked',
					description:
						'Reconnect the credential. If it keeps happening, check the connected app\'s refresh-token policy and session ' +
						'timeout, IP restrictions, and that the integration user is still active and pre-authorised for the app.',
				}
			: undefined,
	(e, text) =>
		e.scimType === 'uniqueness' || e.errorCode === 'DUPLICATE_USERNAME' || (e.status === 409 && !has(text, /nick ?name|communitynickname/i))
			? has(text, /nick ?name|communitynickname/i)
				? nicknameTaken(e)
				: {
						message: `The username is taken: ${e.detail}`,
						description:
							'Salesforce usernames are unique across ALL Salesforce orgs (sandboxes and other companies included), not just ' +
							'this one. Use a sandbox suffix (e.g. user@example.com.dev) or the \'find a free username\' option; retrying ' +
							'the same username will fail every time.',
					}
			: undefined,
	(e, text) => (has(text, /nick ?name|communitynickname/i) && has(text, /duplicate|unique|already/i) ? nicknameTaken(e) : undefined),
	(e, text) =>
		e.errorCode === 'LICENSE_LIMIT_EXCEEDED' || has(text, /licen[cs]e/i)
			? {
					message: `No Salesforce user licence is free for this profile: ${e.detail}`,
					description:
						'Every active user consumes a licence of the profile\'s user licence type. Deactivate users you no longer need, ' +
						'buy more licences, or choose a profile whose licence type has seats left (Setup → Company Information → User Licenses).',
				}
			: undefined,
	(e, text) =>
		has(text, /unexpected error/i) && has(text, /errorid/i)
			? {
					message: `Salesforce failed with an opaque internal error: ${e.detail}`,
					description:
						'Likely causes: the profile has "Is Single Sign-On Enabled" (delegated authentication), which SCIM v2 user ' +
						'creation does not support (Salesforce known issue W-5942786); a required User field such as alias or email ' +
						'is missing or invalid; or a validation rule, flow or trigger on User failed. Try another profile; if that ' +
						'does not help, give the ErrorId to Salesforce support.',
				}
			: undefined,
	(e, text) =>
		e.errorCode === 'INVALID_CROSS_REFERENCE_KEY' || has(text, /cross[- ]reference/i)
			? {
					message: `An id in the request does not resolve in this org: ${e.detail}`,
					description:
						'A profile, permission set, role or manager id does not exist in this org (ids differ between production and ' +
						'sandboxes) or is not visible to the integration user. List the Entitlements or Users to find the right id.',
				}
			: undefined,
	(e, text) =>
		e.status === 403 || e.errorCode === 'INSUFFICIENT_ACCESS' || has(text, /insufficient (access|privileges)/i)
			? {
					message: `The integration user is not allowed to do this (HTTP ${e.status}): ${e.detail}`,
					description:
						'The user behind the credential needs the "Manage Users" and "API Enabled" permissions on its profile or a ' +
						'permission set, and the connected app must allow the "api" scope.',
				}
			: undefined,
	(e, text) =>
		e.errorCode === 'REQUIRED_FIELD_MISSING' || has(text, /required field/i)
			? {
					message: `A required field is missing: ${e.detail}`,
					description: 'A Salesforce user needs a username, a last name (name.familyName), an email and a profile entitlement; set the named field in the mapping.',
				}
			: undefined,
	(e) =>
		e.status === 404
			? {
					message: `Not found: ${e.detail}`,
					description:
						'The id does not exist in this org (deleted, or it belongs to another org or sandbox), or the base URL is wrong: ' +
						'it must be <instance URL>/services/scim/v2.',
				}
			: undefined,
	(e) =>
		e.status === 400 && e.scimType !== undefined
			? { message: `Salesforce rejected the request (${e.scimType}): ${e.detail}`, description: 'Check the value named in the message; the request was not retried because it would fail the same way.' }
			: undefined,
	(e) =>
		e.status === 429 || e.status === 503
			? { message: `Salesforce is throttling or unavailable (HTTP ${e.status}): ${e.detail}`, description: 'Wait and retry later; lower the concurrency if it happens often.' }
			: undefined,
	(e) =>
		e.source === 'empty'
			? { message: `Salesforce answered HTTP ${e.status} with an empty body`, description: 'No reason was given. Check the instance URL and the integration user\'s permissions, then retry.' }
			: undefined,
];

function nicknameTaken(e: DecodedError): Explanation {
	return {
		message: `The nickname is taken: ${e.detail}`,
		description: 'nickName (Salesforce\'s CommunityNickname) must be unique within the org and at most 40 characters; leave it out to let it default, or derive a unique one.',
	};
}

export function explainError(decoded: DecodedError): Explanation {
	const text = `${decoded.errorCode ?? ''} ${decoded.detail}`;
	for (const rule of rules) {
		const explanation = rule(decoded, text);
		if (explanation) return explanation;
	}
	return {
		message: `Salesforce SCIM error (HTTP ${decoded.status}): ${decoded.detail}`,
		description: decoded.status >= 500 ? 'A server-side failure; retry later. If it persists, check Salesforce\'s status page.' : 'See the detail above.',
	};
}
