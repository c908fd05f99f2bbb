/**
 * The SCIMMY peer dressed as an org our credentials can reach: the SCIM routers mounted at /services/scim/v2 and,
 * on the same origin, a tiny client-credentials token route at /services/oauth2/token that hands out the peer's
 * bearer token. Test-only; the peer itself (proof/src/peers) stays a plain RFC server.
 */
import { startScimmyPeer, type ScimmyPeer } from '../../proof/src/peers/scimmy';
import type { StoredCredential } from '../../cli/src/engine';
import { startFrontProxy, type FrontProxy } from './frontProxy';
import { OAUTH2_ID } from './scimNode';

export const SCIMMY_CLIENT = { clientId: 'scimmy-client', clientSecret: 'scimmy-secret' };

export interface ScimmyOrg {
	url: string;
	peer: ScimmyPeer;
	front: FrontProxy;
	credential(): StoredCredential;
	close(): Promise<void>;
}

export async function startScimmyOrg(): Promise<ScimmyOrg> {
	const peer = await startScimmyPeer({ basePath: '/services/scim/v2' });
	const front = await startFrontProxy(new URL(peer.url).origin);
	front.intercept = async (request) => {
		if (request.path !== '/services/oauth2/token') return undefined;
		return { status: 200, body: { access_token: peer.token, token_type: 'Bearer', instance_url: front.url, scope: 'api' } };
	};
	return {
		url: front.url,
		peer,
		front,
		credential: () => ({
			id: OAUTH2_ID,
			name: 'SCIMMY',
			type: 'salesforceScimOAuth2Api',
			data: { grantType: 'clientCredentials', environment: 'myDomain', myDomainUrl: front.url, ...SCIMMY_CLIENT },
		}),
		close: async () => {
			await front.close();
			await peer.close();
		},
	};
}
