/**
 * What must hold before an endpoint goes live: checked when the workflow is activated and by the credential's
 * test, so a mistake is a clear message in the editor, not a silent 401 loop at the IdP.
 */

/** Entra and Okta accept long tokens; 32 characters of `openssl rand -hex 32` is far beyond guessing. */
export const MIN_TOKEN_LENGTH = 24;

export function tokenProblem(token: unknown): string | undefined {
	if (typeof token !== 'string' || token === '') return 'The bearer token is empty: enter a long random value (e.g. from "openssl rand -hex 32")';
	if (/\s/.test(token)) return 'The bearer token contains spaces or line breaks: IdPs send it in one HTTP header; paste it without them';
	if (token.length < MIN_TOKEN_LENGTH) return `The bearer token is ${token.length} characters long; use at least ${MIN_TOKEN_LENGTH} random characters (e.g. from "openssl rand -hex 32")`;
	return undefined;
}

/** One path segment of URL-safe characters: it becomes part of the SCIM base URL the IdP is given. */
export function slugProblem(slug: unknown): string | undefined {
	if (typeof slug !== 'string' || slug.trim() === '') return 'The Endpoint Slug is empty: enter a name unique on this n8n instance, e.g. "okta-salesforce"';
	if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(slug)) {
		return `The Endpoint Slug "${slug}" may only hold letters, digits, ".", "_" and "-" (one URL segment, at most 64 characters)`;
	}
	return undefined;
}
