/**
 * The local transport's socket and audio routing, off the page's main thread.
 *
 * The microphone track's frames are read here (`MediaStreamTrackProcessor`, Chromium) or, where
 * they cannot be, its chunks come from the capture worklet; either way they go straight to the
 * WebSocket. Agent audio and its segment controls go from the WebSocket straight to the playback
 * worklet. All of it through transferred streams and MessagePorts, inside a dedicated Worker. A
 * host page that keeps its main thread busy (a heavy travel site re-rendering, an ad script) then
 * delays neither what the assistant hears nor a barge-in's cut. The main thread gets every text
 * message for the widget's state and the microphone's levels, and sends the caller's typed
 * messages.
 *
 * `socketCore` runs in the Worker and must reference nothing outside itself: it is serialised
 * with Function.prototype.toString and loaded from a Blob URL, like the worklets, with the
 * microphone reader and chunker it uses passed in as arguments. Where a page's
 * Content-Security-Policy forbids Blob workers, the same function runs on the main thread behind
 * a MessageChannel: the same code and protocol, only without the isolation.
 */

import { makePcmChunker, pumpMicFrames } from '../audio/pcm-chunker.js';

/** Main thread -> core. */
export type ToCore =
  | {
      type: 'ports';
      /** The capture worklet's chunks (where the track cannot be read here). */
      capture?: MessagePort | undefined;
      /** The microphone track's frames, read and chunked here (see `pcm-chunker.ts`). */
      mic?: ReadableStream<AudioData> | undefined;
      /** The rate the server takes the microphone at (with `mic`). */
      micRate?: number | undefined;
      playback?: MessagePort | undefined;
    }
  | { type: 'open'; url: string; hello: string; maxBufferedBytes: number }
  | { type: 'send'; text: string }
  | { type: 'mute'; muted: boolean }
  | { type: 'close'; code: number };

/** Core -> main thread. */
export type FromCore =
  | { type: 'up' }
  /** A text message from the server, parsed (the core reads each one's type for the audio). */
  | { type: 'message'; message: unknown }
  | { type: 'stats'; sentSamples: number; dropped: number }
  /** A microphone chunk's RMS level (0..1), when this core reads the track (`mic`). */
  | { type: 'level'; level: number }
  | { type: 'error' }
  | { type: 'closed'; code: number };

interface Host {
  postMessage(m: FromCore): void;
  onmessage: ((e: MessageEvent) => void) | null;
}

function socketCore(
  host: Host,
  pumpMic: typeof pumpMicFrames,
  makeChunker: typeof makePcmChunker,
): void {
  let ws: WebSocket | undefined;
  /** Stops reading the microphone track (`mic`) when the session closes. */
  const micReading = new AbortController();
  let playback: MessagePort | undefined;
  let muted = false;
  let maxBuffered = 64 * 1024;
  /** The agent audio segment binary frames belong to (0: none). */
  let rxSegment = 0;
  let sentSamples = 0;
  let dropped = 0;
  let chunks = 0;

  const open = () => ws !== undefined && ws.readyState === 1; // WebSocket.OPEN
  const stats = () => host.postMessage({ type: 'stats', sentSamples, dropped });

  const onChunk = (pcm: ArrayBuffer) => {
    if (muted || !open()) return;
    if (ws!.bufferedAmount > maxBuffered) {
      // Latency beats completeness for live speech: drop rather than queue.
      dropped++;
      stats();
      return;
    }
    ws!.send(pcm);
    sentSamples += pcm.byteLength / 2;
    if (++chunks % 8 === 0) stats(); // ~4 a second is plenty for the widget's figures
  };

  /** Agent audio controls go to the playback worklet in the socket's order, with its audio. */
  const onText = (text: string) => {
    let m: { type?: unknown; segment?: unknown; sampleRate?: unknown } | undefined;
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      return; // not JSON: nothing to do with it
    }
    if (typeof m !== 'object' || m === null) return; // not a message either
    switch (m.type) {
      case 'audio_start':
        rxSegment = Number(m.segment);
        playback?.postMessage({ type: 'start', segment: rxSegment, rate: m.sampleRate });
        break;
      case 'audio_end':
        playback?.postMessage({ type: 'end', segment: m.segment });
        rxSegment = 0;
        break;
      case 'audio_clear':
        playback?.postMessage({ type: 'clear' });
        rxSegment = 0;
        break;
      case 'audio_pause':
        playback?.postMessage({ type: 'pause' });
        break;
      case 'audio_resume':
        playback?.postMessage({ type: 'resume' });
        break;
    }
    host.postMessage({ type: 'message', message: m });
  };

  host.onmessage = (e: MessageEvent) => {
    const m = e.data as ToCore;
    switch (m.type) {
      case 'ports':
        if (m.capture) m.capture.onmessage = (c: MessageEvent) => onChunk(c.data as ArrayBuffer);
        if (m.mic && m.micRate) {
          const sink = (pcm: Int16Array, level: number) => {
            onChunk(pcm.buffer as ArrayBuffer);
            if (!muted) host.postMessage({ type: 'level', level });
          };
          void pumpMic(m.mic, m.micRate, makeChunker, sink, micReading.signal);
        }
        playback = m.playback;
        if (playback)
          playback.onmessage = (p: MessageEvent) => {
            const f = p.data as { segment: number; played: number; interrupted: boolean };
            if (open())
              ws!.send(
                JSON.stringify({
                  type: 'playback_finished',
                  segment: f.segment,
                  playedSamples: f.played,
                  interrupted: f.interrupted,
                }),
              );
          };
        break;
      case 'open': {
        maxBuffered = m.maxBufferedBytes;
        const socket = (ws = new WebSocket(m.url));
        socket.binaryType = 'arraybuffer';
        socket.onopen = () => socket.send(m.hello);
        socket.onerror = () => host.postMessage({ type: 'error' });
        socket.onclose = (c: CloseEvent) => {
          stats();
          host.postMessage({ type: 'closed', code: c.code });
        };
        socket.onmessage = (s: MessageEvent) => {
          if (typeof s.data === 'string') onText(s.data);
          else if (rxSegment && playback)
            playback.postMessage({ type: 'pcm', segment: rxSegment, pcm: s.data }, [
              s.data as ArrayBuffer,
            ]);
        };
        break;
      }
      case 'send':
        if (open()) ws!.send(m.text);
        break;
      case 'mute':
        muted = m.muted;
        break;
      case 'close':
        ws?.close(m.code);
        micReading.abort();
        break;
    }
  };
  host.postMessage({ type: 'up' });
}

/** Where the core runs, as the main thread sees it. */
export interface CoreLink {
  post(m: ToCore, transfer?: Transferable[]): void;
  onmessage: ((m: FromCore) => void) | null;
  /** True when the core runs in its own Worker (false: the CSP fallback on the main thread). */
  readonly isolated: boolean;
  terminate(): void;
}

let workerUrl: string | undefined;
/** How long a Worker may take to start before the core runs on the main thread instead. */
const WORKER_START_MS = 3_000;

/**
 * Starts the core in a Worker, or on the main thread where the page forbids Blob workers (or the
 * Worker does not start in time).
 */
export async function startSocketCore(): Promise<CoreLink> {
  if (typeof Worker !== 'undefined') {
    const worker = await new Promise<Worker | undefined>((resolve) => {
      let w: Worker;
      try {
        workerUrl ??= URL.createObjectURL(
          new Blob(
            [
              `(${socketCore.toString()})(self, ${pumpMicFrames.toString()}, ${makePcmChunker.toString()});`,
            ],
            { type: 'text/javascript' },
          ),
        );
        w = new Worker(workerUrl, { name: 'polyglot-socket' });
      } catch {
        resolve(undefined); // a CSP that forbids Blob workers can throw here…
        return;
      }
      const timer = setTimeout(() => done(false), WORKER_START_MS);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        w.onmessage = w.onerror = null;
        if (!ok) w.terminate();
        resolve(ok ? w : undefined);
      };
      w.onmessage = () => done(true); // its first message is `up`
      w.onerror = (e) => {
        e.preventDefault();
        done(false); // …or fail the Worker's load
      };
    });
    if (worker) {
      const link: CoreLink = {
        post: (m, transfer = []) => worker.postMessage(m, transfer),
        onmessage: null,
        isolated: true,
        terminate: () => worker.terminate(),
      };
      worker.onmessage = (e: MessageEvent) => link.onmessage?.(e.data as FromCore);
      return link;
    }
  }
  const channel = new MessageChannel();
  socketCore(channel.port1, pumpMicFrames, makePcmChunker);
  const link: CoreLink = {
    post: (m, transfer = []) => channel.port2.postMessage(m, transfer),
    onmessage: null,
    isolated: false,
    terminate: () => {
      // No thread to stop: close the socket if it is still open and stop listening.
      channel.port2.postMessage({ type: 'close', code: 1000 } satisfies ToCore);
      link.onmessage = null;
    },
  };
  channel.port2.onmessage = (e: MessageEvent) => link.onmessage?.(e.data as FromCore);
  return link;
}
