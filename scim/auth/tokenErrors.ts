/**
 * Salesforce's token endpoint answers {error, error_description}. Turn each into a sentence that names the
 * credential setting to change: the admin reading it is in n8n's credential form, not in Salesforce's docs.
 */
export interface TokenErrorBody {
	error?: string;
	error_description?: string;
}

export function explainTokenError(body: TokenErrorBody | undefined, flow: 'jwt' | 'clientCredentials' | 'authorizationCode'): string {
	const code = body?.error ?? 'unknown_error';
	const description = (body?.error_description ?? '').toLowerCase();
	const said = body?.error_description ? ` (Salesforce said: ${body.error} — ${body.error_description})` : ` (Salesforce said: ${code})`;

	if (code === 'invalid_client_id' || description.includes('client identifier invalid')) {
		return `Salesforce does not know this Consumer Key. Copy the Consumer Key of the connected app (Setup → App Manager → View → Manage Consumer Details) into the credential, and check the Environment: a sandbox app is not known to login.salesforce.com${said}`;
	}
	if (code === 'invalid_client' || description.includes('invalid client credentials')) {
		return `The Consumer Secret is wrong, or the app is not enabled for this flow. Copy the Consumer Secret again${flow === 'clientCredentials' ? ' and enable "Client Credentials Flow" with a Run-As user on the connected app' : ''}${said}`;
	}
	if (description.includes('audience')) {
		return `The JWT audience does not match this org's login host. Set Environment to Sandbox for sandboxes, or to My Domain with your org's My Domain URL${said}`;
	}
	if (description.includes("hasn't approved") || description.includes('not approved') || description.includes('pre-authori')) {
		return `The user is not pre-authorised for this connected app. In Salesforce set "Permitted Users" to "Admin approved users are pre-authorized" and add the user's profile or a permission set to the app${said}`;
	}
	if (description.includes('expired') && flow === 'jwt') {
		return `Salesforce refused the assertion as expired. Check that this machine's clock is correct${said}`;
	}
	if (description.includes('user') && (description.includes('invalid') || description.includes('inactive'))) {
		return `The Username is unknown or inactive in this org. Use the Salesforce username (not the email) of an active user, and check the Environment${said}`;
	}
	if (description.includes('signature') || description.includes('jwt') || description.includes('assertion')) {
		return `Salesforce could not verify the JWT. The private key must match the certificate uploaded to the connected app ("Use digital signatures")${said}`;
	}
	if (code === 'unsupported_grant_type' || description.includes('grant type not supported')) {
		return `This connected app does not allow this flow. Enable it on the app in Salesforce${flow === 'clientCredentials' ? ' ("Enable Client Credentials Flow") and use your My Domain URL' : ''}${said}`;
	}
	if (description.includes('ip restricted') || description.includes('ip range')) {
		return `Salesforce refused the login from this IP address. Relax the app's IP Relaxation policy or add n8n's IP to the trusted ranges${said}`;
	}
	return `Salesforce refused the token request${said}`;
}
