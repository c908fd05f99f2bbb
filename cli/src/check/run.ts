/**
 * The checklist: token, scope, then each SCIM resource the nodes use, read once with the new token, then the
 * org's API usage. Each item says what was found and, when it is not right, what to change where.
 */
import { SCIM_BASE_PATH } from '../../../scim/auth/loginHost';
import { exchange, NetworkError, parseLimitInfo, type Answer } from './http';
import { describeSettings, type CheckSettings } from './settings';
import { mintToken, type Token } from './token';

export type Status = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckItem {
	id: string;
	title: string;
	status: Status;
	detail: string;
	fix?: string;
}

export interface CheckReport {
	ok: boolean;
	settings: Record<string, string>;
	instanceUrl?: string;
	items: CheckItem[];
}

/** The Salesforce SCIM node stops by default at this share of the daily allocation (its Max API Usage option). */
export const NODE_USAGE_GUARD_PERCENT = 80;
const WARN_USAGE_PERCENT = 60;

type Json = Record<string, unknown>;

function errorText(answer: Answer): string {
	const body = answer.json;
	if (Array.isArray(body) && body[0] && typeof body[0] === 'object') {
		const e = body[0] as Json;
		return `${String(e.errorCode ?? '')} ${String(e.message ?? '')}`.trim();
	}
	if (body && typeof body === 'object') {
		const e = body as Json;
		return String(e.detail ?? e.message ?? e.error_description ?? e.error ?? JSON.stringify(e)).slice(0, 300);
	}
	return answer.html ? 'an HTML page' : (answer.text ?? '');
}

/** A failed SCIM read → what is wrong and the fix. `resource` names what the integration user must be able to do. */
function explainScimFailure(answer: Answer, path: string, instanceUrl: string): { problem: string; fix: string } {
	const said = errorText(answer);
	if (answer.html) {
		return { problem: `${path} answered ${answer.status} with an HTML page`, fix: `${instanceUrl} is not serving Salesforce's API: check --environment / --my-domain; a login page means the session was not accepted` };
	}
	if (answer.status === 401) {
		return {
			problem: `Salesforce refused the token it had just issued (401 ${said})`,
			fix: 'The session ended at once: check the connected app’s session policy (Timeout Value) and IP restrictions, that the integration user is active, and that no one revoked the app’s tokens. With JWT, check this machine’s clock',
		};
	}
	if (answer.status === 403 && /REQUEST_LIMIT_EXCEEDED/i.test(said)) {
		return { problem: `the org’s daily API allocation is used up (403 ${said})`, fix: 'Wait for the 24-hour window to roll over, or buy more API calls; find the integration using them in Setup → System Overview / API Usage' };
	}
	if (answer.status === 403 && /API_(DISABLED|CURRENTLY_DISABLED)|API is not enabled/i.test(said)) {
		return { problem: `API access is disabled for this user (403 ${said})`, fix: 'Give the integration user the "API Enabled" permission (profile or permission set)' };
	}
	if (answer.status === 403) {
		return {
			problem: `the integration user may not do this (403 ${said})`,
			fix: 'Give the integration user’s profile (or a permission set) the "Manage Users" permission, with "API Enabled"; SCIM user and group provisioning needs both',
		};
	}
	if (answer.status === 404) {
		return { problem: `${path} does not exist here (404 ${said})`, fix: `No SCIM 2.0 endpoint at ${instanceUrl}${SCIM_BASE_PATH}: check that the instance URL is your Salesforce org` };
	}
	return { problem: `${path} answered ${answer.status} ${said}`, fix: answer.status >= 500 ? 'Salesforce had an error; run the check again in a few minutes, and check trust.salesforce.com' : 'Unexpected answer; run again with the same settings and report it with this output' };
}

interface Read {
	path: string;
	answer?: Answer;
	network?: string;
}

export async function runCheck(settings: CheckSettings): Promise<CheckReport> {
	const items: CheckItem[] = [];
	const report: CheckReport = { ok: false, settings: describeSettings(settings), items };
	const add = (item: CheckItem) => items.push(item);
	const skip = (id: string, title: string) => add({ id, title, status: 'skip', detail: 'not checked: an earlier step failed' });

	const minted = await mintToken(settings);
	const flow = settings.grant === 'jwt' ? `JWT bearer as ${settings.username}` : 'client credentials';
	if (!minted.ok) {
		add({ id: 'token', title: `Access token (${flow})`, status: 'fail', detail: minted.problem, fix: minted.fix });
		for (const [id, title] of READS) skip(id, title);
		skip('apiUsage', 'Daily API usage');
		return report;
	}
	const token: Token = minted.token;
	report.instanceUrl = token.instanceUrl;
	add({ id: 'token', title: `Access token (${flow})`, status: 'pass', detail: `issued by ${minted.host}; instance ${token.instanceUrl}` });

	const scopes = (token.scope ?? '').split(/\s+/).filter(Boolean);
	if (scopes.length === 0) add({ id: 'scope', title: 'OAuth scope', status: 'warn', detail: 'the token response names no scope; the reads below tell whether API access works' });
	else if (scopes.some((s) => s === 'api' || s === 'full')) add({ id: 'scope', title: 'OAuth scope', status: 'pass', detail: scopes.join(' ') });
	else add({ id: 'scope', title: 'OAuth scope', status: 'fail', detail: `the token has ${scopes.join(' ')}, without "api"`, fix: 'Add the OAuth scope "Manage user data via APIs (api)" to the connected app, then run again (JWT users may need to approve the app again)' });

	let lastLimitInfo: string | undefined;
	const read = async (path: string): Promise<Read> => {
		try {
			const answer = await exchange(`${token.instanceUrl}${SCIM_BASE_PATH}${path}`, { headers: { authorization: `Bearer ${token.accessToken}`, accept: 'application/scim+json, application/json' } }, settings.timeoutMs);
			if (answer.limitInfo) lastLimitInfo = answer.limitInfo;
			return { path, answer };
		} catch (err) {
			if (err instanceof NetworkError) return { path, network: err.message };
			throw err;
		}
	};

	let blocked = false;
	for (const [id, title, path, describe] of READS) {
		if (blocked) {
			skip(id, title);
			continue;
		}
		const { answer, network } = await read(path);
		if (network || !answer) {
			add({ id, title, status: 'fail', detail: `cannot reach ${token.instanceUrl} (${network})`, fix: 'Check that this machine can reach the instance URL Salesforce returned (proxy, firewall)' });
			blocked = true;
			continue;
		}
		if (answer.status === 200 && answer.json && typeof answer.json === 'object') {
			add({ id, title, status: 'pass', detail: describe(answer.json as Json) });
			continue;
		}
		const { problem, fix } = explainScimFailure(answer, path, token.instanceUrl);
		add({ id, title, status: 'fail', detail: problem, fix });
		// A dead session or an exhausted allocation fails every later read the same way.
		if (answer.status === 401 || answer.html || /REQUEST_LIMIT_EXCEEDED/.test(errorText(answer))) blocked = true;
	}

	const usage = parseLimitInfo(lastLimitInfo);
	if (!usage) {
		add({ id: 'apiUsage', title: 'Daily API usage', status: items.some((i) => i.status === 'pass' && READS.some(([id]) => id === i.id)) ? 'warn' : 'skip', detail: 'no Sforce-Limit-Info header in the answers' });
	} else {
		const percent = usage.limit > 0 ? (usage.used / usage.limit) * 100 : 100;
		const detail = `${usage.used.toLocaleString('en-US')} of ${usage.limit.toLocaleString('en-US')} requests used in the last 24 hours (${percent.toFixed(1)} %)`;
		if (percent >= NODE_USAGE_GUARD_PERCENT) {
			add({ id: 'apiUsage', title: 'Daily API usage', status: 'fail', detail, fix: `The Salesforce SCIM node stops before passing ${NODE_USAGE_GUARD_PERCENT} % (its Max API Usage option) to leave room for other integrations. Wait for the window to roll over, find what is using the allocation (Setup → System Overview), or raise the option knowingly` });
		} else if (percent >= WARN_USAGE_PERCENT) {
			add({ id: 'apiUsage', title: 'Daily API usage', status: 'warn', detail, fix: 'A large sync may reach the node’s usage guard; run it when usage is lower' });
		} else {
			add({ id: 'apiUsage', title: 'Daily API usage', status: 'pass', detail });
		}
	}
	report.ok = items.every((i) => i.status !== 'fail' && i.status !== 'skip');
	return report;
}

function total(json: Json, noun: string): string {
	const n = json.totalResults;
	return typeof n === 'number' ? `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}` : `${noun}s readable`;
}

const READS: Array<[string, string, string, (json: Json) => string]> = [
	['serviceProviderConfig', 'SCIM endpoint (ServiceProviderConfigs)', '/ServiceProviderConfigs', (json) => {
		const patch = (json.patch as Json | undefined)?.supported;
		const filter = json.filter as Json | undefined;
		return `SCIM 2.0 answers; PATCH ${patch === true ? 'supported' : 'not announced'}, filter ${filter?.supported === true ? `supported (max ${String(filter.maxResults ?? '?')})` : 'not announced'}`;
	}],
	['me', 'Integration user (/Me)', '/Me', (json) => {
		const ents = (Array.isArray(json.entitlements) ? json.entitlements : []) as Json[];
		const profile = ents.find((e) => String(e.type ?? '').toLowerCase() === 'profile');
		return `${String(json.userName ?? '?')}${profile ? `, profile ${String(profile.display ?? profile.value)}` : ''}${json.active === false ? ' (INACTIVE)' : ''}`;
	}],
	['users', 'Read users (Manage Users)', '/Users?startIndex=1&count=1', (json) => `${total(json, 'user')} in the org`],
	['entitlements', 'Read profiles and permission sets', '/Entitlements?startIndex=1&count=200', (json) => {
		const list = (Array.isArray(json.Resources) ? json.Resources : []) as Json[];
		const profiles = list.filter((e) => String(e.type ?? '').toLowerCase() === 'profile').length;
		return `${total(json, 'entitlement')}: ${profiles} profiles, ${list.length - profiles} permission sets in the first page`;
	}],
	['groups', 'Read public groups', '/Groups?startIndex=1&count=1', (json) => total(json, 'public group')],
];
