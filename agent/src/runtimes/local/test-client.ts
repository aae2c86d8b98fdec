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

export interface TestClientOptions {
  origin?: string;
  /** Report segments as played (default true). */
  ackPlayback?: boolean;
  /**
   * Play at real speed, as a speaker does: a segment is reported when its audio would have
   * finished playing, and `audio_clear` reports what had played by then, interrupted.
   */
  realtimePlayback?: boolean;
}

export async function connectTestClient(
  url: string,
  opts: TestClientOptions = {},
): Promise<TestClient> {
  const ws = new WebSocket(url, opts.origin ? { origin: opts.origin } : {});
  const messages: ServerMessage[] = [];
  const audio = new Map<number, number>();
  let current: number | undefined;
  const listeners = new Set<() => void>();
  // Real-speed playback: when each unreported segment started playing, its rate, its timer.
  const playing = new Map<
    number,
    { startedAt: number; rate: number; timer?: NodeJS.Timeout | undefined }
  >();
  const report = (segment: number, playedSamples: number, interrupted: boolean) => {
    const p = playing.get(segment);
    clearTimeout(p?.timer);
    playing.delete(segment);
    if (ws.readyState === ws.OPEN) {
      ws.send(JSON.stringify({ type: 'playback_finished', segment, playedSamples, interrupted }));
    }
  };
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
        // Segments play one after another.
        const prevEnd = Math.max(
          performance.now(),
          ...[...playing.entries()].map(
            ([id, p]) => p.startedAt + ((audio.get(id) ?? 0) / 2 / p.rate) * 1000,
          ),
        );
        playing.set(m.segment, { startedAt: prevEnd, rate: m.sampleRate });
      } else if (m.type === 'audio_end' && opts.ackPlayback !== false) {
        const total = (audio.get(m.segment) ?? 0) / 2;
        const p = playing.get(m.segment);
        if (opts.realtimePlayback && p) {
          const endsIn = p.startedAt + (total / p.rate) * 1000 - performance.now();
          p.timer = setTimeout(() => report(m.segment, total, false), Math.max(0, endsIn));
        } else {
          report(m.segment, total, false);
        }
      } else if (m.type === 'audio_clear') {
        for (const [id, p] of [...playing]) {
          const total = (audio.get(id) ?? 0) / 2;
          const played = Math.floor(((performance.now() - p.startedAt) / 1000) * p.rate);
          report(id, Math.max(0, Math.min(total, played)), true);
        }
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
    close: () => {
      for (const p of playing.values()) clearTimeout(p.timer);
      ws.close();
    },
  } as TestClient;
}

/** `seconds` of digital silence as PCM16 at 16 kHz. */
export function silencePcm(seconds: number): Buffer {
  return Buffer.alloc(Math.round(seconds * 16_000) * 2);
}
