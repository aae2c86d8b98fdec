/**
 * An admitted browser socket as the main thread hands it on, to a `LocalSession` here or to the
 * relay of a session thread (port-socket.ts):
 *
 * - microphone audio is paced (server/audio-pacing.ts): a client sending far faster than real
 *   time is told and closed here, before its frames reach a session or cross to a thread;
 * - the session's slot is given back the moment the socket starts closing, from either side
 *   (`onClosing`), not when the session has finished tearing down.
 */
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import {
  AUDIO_MAX_SPEED,
  CloseCode,
  type ServerMessage,
} from '../../../../sdk/src/protocol/messages.js';
import type { AudioPacer } from '../../server/audio-pacing.js';
import type { RelayedSocket, SessionSocket } from './port-socket.js';

export interface AdmittedSocketOptions {
  pacer: AudioPacer;
  /** Once, when the socket starts closing (a close from the session, or the browser's). */
  onClosing(): void;
  /** A client was closed for sending audio too fast (for the log and the metrics). */
  onTooFast?(): void;
}

export class AdmittedSocket extends EventEmitter implements SessionSocket, RelayedSocket {
  readonly OPEN = 1;
  readonly #ws: WebSocket;
  readonly #opts: AdmittedSocketOptions;
  #closing = false;

  constructor(ws: WebSocket, opts: AdmittedSocketOptions) {
    super();
    this.#ws = ws;
    this.#opts = opts;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.#closing) return;
      if (isBinary && !opts.pacer.take(data.byteLength)) return this.#tooFast();
      this.emit('message', data, isBinary);
    });
    ws.on('close', (code: number) => {
      this.#markClosing();
      this.emit('close', code);
    });
    ws.on('error', (err: Error) => {
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
  }

  get readyState(): number {
    return this.#ws.readyState;
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  send(data: string): void;
  send(data: Uint8Array, options: { binary: true }, cb?: (err?: Error) => void): void;
  send(data: string | Uint8Array, options?: { binary: true }, cb?: (err?: Error) => void): void {
    this.#ws.send(data, options ?? {}, cb);
  }

  close(code: number, reason: string): void {
    this.#markClosing();
    this.#ws.close(code, reason);
  }

  #tooFast(): void {
    this.#opts.onTooFast?.();
    const m: ServerMessage = {
      type: 'error',
      code: 'audio_too_fast',
      message: `Audio arrived faster than ${AUDIO_MAX_SPEED}× real time; send it as the microphone produces it.`,
      fatal: true,
    };
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.send(JSON.stringify(m));
    this.close(CloseCode.audioTooFast, 'audio_too_fast');
    // The session ends when the socket has closed: a flooding client need not be waited on for
    // its side of the closing handshake (`ws` would wait 30 s).
    setTimeout(() => this.#ws.terminate(), 1_000).unref();
  }

  #markClosing(): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#opts.onClosing();
  }
}
