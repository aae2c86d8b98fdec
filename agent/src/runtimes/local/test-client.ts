/**
 * A Node client for the local runtime's WebSocket, for tests and benchmarks: it plays the
 * widget's part (hello, microphone PCM, playback reports) without a browser.
 *
 * It reports every audio segment as fully played when `audio_end` arrives, as a browser whose
 * speaker keeps up would; `audio_clear` reports the segments as interrupted.
 */
import { WebSocket } from 'ws';
import type { ServerMessage } from '../../../../sdk/src/protocol/messages.js';

export interface TestClient {
  ws: WebSocket;
  messages: ServerMessage[];
  /** Agent audio bytes received per segment. */
  audio: Map<number, number>;
  closed: Promise<number>;
  send(message: object): void;
  /** Sends PCM16 16 kHz in 100 ms frames, at once. */
  sendPcm(pcm: Buffer): void;
  /**
   * Sends PCM16 16 kHz in 100 ms frames at the pace a microphone produces them, for tests that
   * measure the pipeline's own timing (end of utterance, voice-to-voice).
   */
  streamPcm(pcm: Buffer): Promise<void>;
  waitFor<T extends ServerMessage>(pred: (m: ServerMessage) => m is T, ms?: number): Promise<T>;
  waitFor(pred: (m: ServerMessage) => boolean, ms?: number): Promise<ServerMessage>;
  until(pred: () => boolean, ms?: number, what?: string): Promise<void>;
  close(): void;
}

export async function connectTestClient(
  url: string,
  opts: { origin?: string; ackPlayback?: boolean } = {},
): Promise<TestClient> {
  const ws = new WebSocket(url, opts.origin ? { origin: opts.origin } : {});
  const messages: ServerMessage[] = [];
  const audio = new Map<number, number>();
  let current: number | undefined;
  const listeners = new Set<() => void>();
  ws.on('message', (data, binary) => {
    if (binary) {
      if (current !== undefined)
        audio.set(current, (audio.get(current) ?? 0) + (data as Buffer).length);
    } else {
      const m = JSON.parse((data as Buffer).toString('utf8')) as ServerMessage;
      messages.push(m);
      if (m.type === 'audio_start') {
        current = m.segment;
        audio.set(m.segment, 0);
      } else if (m.type === 'audio_end' && opts.ackPlayback !== false) {
        ws.send(
          JSON.stringify({
            type: 'playback_finished',
            segment: m.segment,
            playedSamples: (audio.get(m.segment) ?? 0) / 2,
            interrupted: false,
          }),
        );
      }
    }
    for (const l of listeners) l();
  });
  const closed = new Promise<number>((ok) => ws.on('close', (code) => ok(code)));
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });

  const until = (pred: () => boolean, ms = 15_000, what = 'condition'): Promise<void> =>
    new Promise((ok, fail) => {
      if (pred()) return ok();
      // Checked on every message, and every 20 ms for state outside the socket.
      const check = () => {
        if (!pred()) return;
        clearTimeout(timer);
        clearInterval(poll);
        listeners.delete(check);
        ok();
      };
      const poll = setInterval(check, 20);
      const timer = setTimeout(() => {
        clearInterval(poll);
        listeners.delete(check);
        fail(
          new Error(
            `${what} not met in ${ms} ms; messages: ${JSON.stringify(messages.slice(-30))}`,
          ),
        );
      }, ms);
      listeners.add(check);
    });

  return {
    ws,
    messages,
    audio,
    closed,
    send: (m) => ws.send(JSON.stringify(m)),
    sendPcm(pcm) {
      for (let i = 0; i < pcm.length; i += 3_200) ws.send(pcm.subarray(i, i + 3_200));
    },
    async streamPcm(pcm) {
      const start = performance.now();
      for (let i = 0, n = 0; i < pcm.length; i += 3_200, n++) {
        const due = start + n * 100;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (ws.readyState !== ws.OPEN) return;
        ws.send(pcm.subarray(i, i + 3_200));
      }
    },
    async waitFor(pred: (m: ServerMessage) => boolean, ms = 15_000) {
      let found: ServerMessage | undefined;
      await until(() => (found = messages.find(pred)) !== undefined, ms, pred.toString());
      return found!;
    },
    until,
    close: () => ws.close(),
  } as TestClient;
}

/** `seconds` of digital silence as PCM16 at 16 kHz. */
export function silencePcm(seconds: number): Buffer {
  return Buffer.alloc(Math.round(seconds * 16_000) * 2);
}
