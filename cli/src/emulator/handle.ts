/**
 * The handle startEmulator() returns. Its own file so that the admin API (admin.ts) can type what it drives
 * without importing the server (index.ts), which imports the admin API.
 */
import type { IncomingMessage } from 'node:http';

import type { FaultEngine } from './faults';
import type { OAuthServer } from './oauth';
import type { RequestLog } from './requestLog';
import type { EmulatorState } from './state';
import type { BehaviourSwitches, FaultRule } from './types';

/** What the emulator's listener saw of connections (counted where a real server counts them). */
export interface NetworkStats {
	/** TCP connections accepted. */
	connections: number;
	/** TLS handshakes completed (HTTPS only), and how many of them resumed an earlier session. */
	tlsHandshakes: number;
	tlsResumed: number;
	/** Handshake round trips charged (TCP 1, TLS 1 or 2 per new connection) when handshakeRttMs is set. */
	handshakeRoundTrips: number;
}

/**
 * Per request: the ms charged for its connection's handshakes (0 on a kept-alive connection). Read by the bench's
 * in-flight meter, which counts a request as at the server only once its connection would be up.
 */
export const handshakeChargeMs = new WeakMap<IncomingMessage, number>();

export interface ConnectionInfo {
	url: string;
	loginUrl: string;
	instanceUrl: string;
	scimUrl: string;
	tokenUrl: string;
	authorizeUrl: string;
	clientId: string;
	clientSecret: string;
	redirectUris: string[];
	runAsUser?: string;
	preAuthorizedUsers: string[];
	adminUrl: string;
}

export interface Emulator {
	/** Connections, TLS handshakes and handshake round trips so far. */
	network: NetworkStats;
	/** Base URL (login URL and instance URL at once), e.g. http://127.0.0.1:PORT */
	url: string;
	/** url + /services/scim/v2 */
	scimUrl: string;
	port: number;
	host: string;
	state: EmulatorState;
	oauth: OAuthServer;
	faults: FaultEngine;
	behaviour: BehaviourSwitches;
	requestLog: RequestLog;
	/** Mint an access token without an OAuth round trip (default: the run-as / first active user). */
	issueToken(options?: { username?: string; ttlSeconds?: number }): string;
	/** Expire one access token, or all of them. Returns how many. */
	expireTokens(token?: string): number;
	setFaults(rules: FaultRule[]): void;
	/** Back to the starting seed; usage, faults and the request log are cleared, tokens kept. */
	reset(): void;
	connectionInfo(): ConnectionInfo;
	close(): Promise<void>;
}
