/**
 * A browser's WebSocket, carried to the session thread that hosts its conversation.
 *
 * The main thread owns the socket (`ws` cannot hand one to a worker thread); it relays each frame
 * over a `MessagePort` to the shard, where a {@link PortSocket} gives `LocalSession` the same
 * surface a `ws` socket does. Frames cross as transferred copies, so a frame costs one copy and
 * one message each way, and the session code runs unchanged on either thread.
 */
import { EventEmitter } from 'node:events';
import type { MessagePort } from 'node:worker_threads';

/** What `LocalSession` needs of its socket: a `ws` WebSocket or a {@link PortSocket}. */
export interface SessionSocket {
  readonly readyState: number;
  readonly OPEN: number;
  /** Bytes sent and not yet written to the network. */
  readonly bufferedAmount: number;
  send(data: string): void;
  send(data: Uint8Array, options: { binary: true }): void;
  close(code: number, reason: string): void;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** The browser's socket on the main thread, as the relay uses it (an `AdmittedSocket`). */
export interface RelayedSocket {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
  send(data: Uint8Array, options: { binary: true }, cb?: (err?: Error) => void): void;
  close(code: number, reason: string): void;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** Main thread → shard, on a session's port. */
export type ToShard =
  | { k: 'frame'; d: Uint8Array; bin: boolean }
  /** The browser's socket closed. */
  | { k: 'closed'; code: number }
  /** Bytes of agent audio the main thread has written to the network. */
  | { k: 'ack'; n: number };

/** Shard → main thread, on a session's port. */
export type ToMain =
  | { k: 'text'; d: string }
  | { k: 'bin'; d: Uint8Array }
  | { k: 'close'; code: number; reason: string };

const OPEN = 1;
const CLOSED = 3;

/** The shard's side: a `SessionSocket` whose frames come and go over a `MessagePort`. */
export class PortSocket extends EventEmitter implements SessionSocket {
  readonly OPEN = OPEN;
  readyState = OPEN;
  #port: MessagePort;
  #unacked = 0;

  constructor(port: MessagePort) {
    super();
    this.#port = port;
    port.on('message', (m: ToShard) => this.#onMessage(m));
    // The main thread ended the relay, or it went away: either way the socket is gone.
    port.on('close', () => this.#closed());
  }

  get bufferedAmount(): number {
    return this.#unacked;
  }

  #onMessage(m: ToShard): void {
    switch (m.k) {
      case 'frame':
        if (this.readyState !== OPEN) return;
        this.emit('message', Buffer.from(m.d.buffer, m.d.byteOffset, m.d.byteLength), m.bin);
        break;
      case 'ack':
        this.#unacked = Math.max(0, this.#unacked - m.n);
        break;
      case 'closed':
        this.#closed();
        break;
    }
  }

  send(data: string | Uint8Array, _options?: { binary: true }): void {
    if (this.readyState !== OPEN) return;
    if (typeof data === 'string') {
      this.#port.postMessage({ k: 'text', d: data } satisfies ToMain);
      return;
    }
    // A copy of exactly these bytes: a view's whole backing buffer would otherwise be cloned.
    const copy = new Uint8Array(data);
    this.#unacked += copy.byteLength;
    this.#port.postMessage({ k: 'bin', d: copy } satisfies ToMain, [copy.buffer]);
  }

  close(code: number, reason: string): void {
    if (this.readyState !== OPEN) return;
    this.#port.postMessage({ k: 'close', code, reason } satisfies ToMain);
    this.#closed();
  }

  #closed(): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    // Like `ws`, 'close' is emitted after the call that closed it has returned.
    setImmediate(() => {
      this.emit('close');
      this.#port.close();
    });
  }
}

/**
 * The main thread's side: relays one browser socket to a shard's port until either end closes.
 * `onEnded` runs once, when the port closes (the shard closed the session, or the shard died).
 */
export function relaySocket(
  ws: RelayedSocket,
  port: MessagePort,
  onEnded: () => void,
  onError: (err: Error) => void,
): void {
  let ended = false;
  ws.on('error', onError);
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const copy = new Uint8Array(data);
    port.postMessage({ k: 'frame', d: copy, bin: isBinary } satisfies ToShard, [copy.buffer]);
  });
  ws.on('close', (code: number) => port.postMessage({ k: 'closed', code } satisfies ToShard));
  port.on('message', (m: ToMain) => {
    if (ws.readyState !== ws.OPEN) return;
    switch (m.k) {
      case 'text':
        ws.send(m.d);
        break;
      case 'bin': {
        const n = m.d.byteLength;
        ws.send(m.d, { binary: true }, () => port.postMessage({ k: 'ack', n } satisfies ToShard));
        break;
      }
      case 'close':
        ws.close(m.code, m.reason);
        break;
    }
  });
  port.on('close', () => {
    if (ended) return;
    ended = true;
    onEnded();
  });
}
