/**
 * Which IdP is calling, recorded in each event's `source.name` (a workflow may branch on it). Okta names itself in
 * its User-Agent; Entra's provisioning service sends no fixed agent, but its tenant URL flag `aadOptscim062020`
 * and its capitalised PATCH ops are its own.
 */
export type IdpDialect = 'okta' | 'entra' | 'generic';

export function recogniseIdp(userAgent: string | undefined, query: Record<string, unknown>, body?: unknown): IdpDialect {
	const agent = (userAgent ?? '').toLowerCase();
	if (agent.includes('okta')) return 'okta';
	if (agent.includes('azure') || agent.includes('microsoft') || agent.includes('entra')) return 'entra';
	if (Object.keys(query).some((key) => key.toLowerCase() === 'aadoptscim062020')) return 'entra';
	const operations = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).Operations : undefined;
	if (Array.isArray(operations) && operations.some((op) => typeof op === 'object' && op !== null && /^[A-Z]/.test(String((op as Record<string, unknown>).op)))) {
		return 'entra';
	}
	return 'generic';
}
