/**
 * Requests in flight at the emulator, measured where they are served: node's own HTTP server diagnostics
 * channels (`http.server.request.start`, then the response's `finish` or `close`) for the one server listening
 * on the emulator's port. Exact (no sampling, no timestamps to line up) and adds no hop in front of the emulator.
 * A request counts from the moment the server has its headers until its answer is handed to the socket, so the
 * figure can only be lower than or equal to what the client had outstanding, never higher.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

interface ServerRequestMessage {
	request: IncomingMessage;
	response: ServerResponse;
	socket: Socket;
}

export interface InFlightFigures {
	/** Most requests being served at once. */
	peak: number;
	/** Time-weighted mean of requests being served, over the measured span. */
	mean: number;
	/** Requests that started while measuring. */
	requests: number;
	/** Mean time a request spent at the emulator (its latency, as served), ms. */
	meanServedMs: number;
	/** TCP connections the requests came on (fewer than requests: keep-alive). */
	connections: number;
}

export class InFlightMeter {
	private current = 0;
	private peak = 0;
	private started = 0;
	private busyMs = 0;
	private served = 0;
	private sockets = new WeakSet<Socket>();
	private connections = 0;
	private servedMs = 0;
	private since = performance.now();
	private readonly onStart = (message: unknown) => {
		const { response, socket } = message as ServerRequestMessage;
		if (socket?.localPort !== this.port) return;
		this.started++;
		if (!this.sockets.has(socket)) {
			this.sockets.add(socket);
			this.connections++;
		}
		this.current++;
		if (this.current > this.peak) this.peak = this.current;
		const t0 = performance.now();
		let done = false;
		const end = () => {
			if (done) return;
			done = true;
			this.current--;
			const now = performance.now();
			this.busyMs += now - Math.max(t0, this.since);
			if (t0 >= this.since) {
				this.served++;
				this.servedMs += now - t0;
			}
		};
		response.once('finish', end);
		response.once('close', end);
	};

	constructor(private readonly port: number) {
		diagnosticsChannel.subscribe('http.server.request.start', this.onStart);
	}

	/** Start a new measuring span (peak and mean from now on; requests already in flight count). */
	reset(): void {
		this.peak = this.current;
		this.started = 0;
		this.busyMs = 0;
		this.served = 0;
		this.servedMs = 0;
		this.sockets = new WeakSet();
		this.connections = 0;
		this.since = performance.now();
	}

	figures(): InFlightFigures {
		const span = performance.now() - this.since;
		return {
			peak: this.peak,
			mean: span > 0 ? Math.round((this.busyMs / span) * 100) / 100 : 0,
			requests: this.started,
			meanServedMs: this.served > 0 ? Math.round((this.servedMs / this.served) * 100) / 100 : 0,
			connections: this.connections,
		};
	}

	close(): void {
		diagnosticsChannel.unsubscribe('http.server.request.start', this.onStart);
	}
}
