/**
 * Requests in flight at the emulator, measured where they are served: node's own HTTP server diagnostics
 * channels (`http.server.request.start`, then the response's `end()` or `close`) for the one server listening
 * on the emulator's port. Exact (no sampling, no timestamps to line up) and adds no hop in front of the emulator.
 * A request counts from the moment the server has its headers until its answer is handed to the socket, so the
 * figure can only be lower than or equal to what the client had outstanding, never higher. A request on a new
 * connection counts from when its handshakes would be done (the emulator charges them as time, see handshakeRttMs).
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

import { handshakeChargeMs } from '../../../cli/src/emulator';

interface ServerRequestMessage {
	request: IncomingMessage;
	response: ServerResponse;
	socket: Socket;
}

export interface InFlightFigures {
	/** Most requests being served at once (from when their connection would be up: see handshakeChargeMs). */
	peak: number;
	/** Time-weighted mean of requests being served, over the measured span. */
	mean: number;
	/** Most requests open at once, those still in their connection's handshakes included (what the client holds). */
	peakOpen: number;
	/** Requests that started while measuring. */
	requests: number;
	/** Mean time a request spent at the emulator (its latency as served, connection handshakes included), ms. */
	meanServedMs: number;
	/** TCP connections the requests came on (fewer than requests: keep-alive). */
	connections: number;
}

export class InFlightMeter {
	private started = 0;
	private served = 0;
	private sockets = new WeakSet<Socket>();
	private connections = 0;
	private servedMs = 0;
	private since = performance.now();
	/** Each finished request's [arrived, at the server, end], flattened; swept for peaks and mean. */
	private spans: number[] = [];
	/** Requests not finished yet, with the time they started. */
	private readonly open = new Map<IncomingMessage, number>();
	private readonly onStart = (message: unknown) => {
		const { request, response, socket } = message as ServerRequestMessage;
		if (socket?.localPort !== this.port) return;
		this.started++;
		if (!this.sockets.has(socket)) {
			this.sockets.add(socket);
			this.connections++;
		}
		const t0 = performance.now();
		this.open.set(request, t0);
		let done = false;
		const end = () => {
			if (done) return;
			done = true;
			this.open.delete(request);
			const now = performance.now();
			// On a new connection the emulator first charges its handshake round trips: the request reaches the server after them.
			const atServer = t0 + (handshakeChargeMs.get(request) ?? 0);
			this.spans.push(Math.max(t0, this.since), Math.max(atServer, this.since), now);
			if (t0 >= this.since) {
				this.served++;
				this.servedMs += now - t0;
			}
		};
		// The moment the emulator hands its answer over (res.end), not 'finish': over TLS 'finish' comes after the
		// encrypted write completes, by when the client may already have sent its next request on the connection.
		const handOver = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
		response.end = ((...args: unknown[]) => {
			end();
			return handOver(...args);
		}) as typeof response.end;
		response.once('close', end);
	};

	constructor(private readonly port: number) {
		diagnosticsChannel.subscribe('http.server.request.start', this.onStart);
	}

	/** Start a new measuring span (peak and mean from now on; requests already in flight count). */
	reset(): void {
		this.started = 0;
		this.served = 0;
		this.servedMs = 0;
		this.spans = [];
		this.sockets = new WeakSet();
		this.connections = 0;
		this.since = performance.now();
	}

	figures(): InFlightFigures {
		const now = performance.now();
		const span = now - this.since;
		const atServer: Array<[number, number]> = [];
		const open: Array<[number, number]> = [];
		let busyMs = 0;
		const add = (arrived: number, from: number, to: number) => {
			if (to > arrived) open.push([arrived, 1], [to, -1]);
			if (to <= from) return;
			busyMs += to - from;
			atServer.push([from, 1], [to, -1]);
		};
		for (let i = 0; i < this.spans.length; i += 3) add(this.spans[i], this.spans[i + 1], this.spans[i + 2]);
		for (const [request, t0] of this.open) add(Math.max(t0, this.since), Math.max(t0 + (handshakeChargeMs.get(request) ?? 0), this.since), now);
		const peakOf = (events: Array<[number, number]>) => {
			// Ends before starts at the same instant: a slot handed on is not two requests at once.
			events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
			let current = 0;
			let peak = 0;
			for (const [, delta] of events) {
				current += delta;
				if (current > peak) peak = current;
			}
			return peak;
		};
		return {
			peak: peakOf(atServer),
			peakOpen: peakOf(open),
			mean: span > 0 ? Math.round((busyMs / span) * 100) / 100 : 0,
			requests: this.started,
			meanServedMs: this.served > 0 ? Math.round((this.servedMs / this.served) * 100) / 100 : 0,
			connections: this.connections,
		};
	}

	close(): void {
		diagnosticsChannel.unsubscribe('http.server.request.start', this.onStart);
	}
}
