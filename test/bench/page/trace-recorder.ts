/**
 * Runs in the page and in the widget's socket Worker (`--trace`): records the widget's socket
 * traffic with times on the page's clock. `installTrace` is also sent to the Worker as its
 * source text (socket-trace.ts), so it must use nothing but its arguments and the scope's globals.
 */

/** [page time sent, RMS, index where the speech in it ends or -1, samples]. */
export type SentFrame = [number, number, number, number];

/** What the page (or Worker) recorded: each microphone frame sent, each reply's `audio_start`. */
export interface PageTrace {
  sends: SentFrame[];
  audioStarts: number[];
}

export interface TraceOptions {
  /** The window the speech is judged over, in samples (the Deepgram fake's 10 ms block). */
  windowSamples: number;
  /** The RMS at which a window is speech (the Deepgram fake's threshold). */
  speechRms: number;
}

/** The part of a window or Worker scope the recorder touches. */
export interface TraceScope {
  WebSocket: typeof WebSocket;
  __trace?: PageTrace;
}

export function installTrace(scope: TraceScope, now: () => number, options: TraceOptions): void {
  const trace: PageTrace = { sends: [], audioStarts: [] };
  const win = { ring: new Float64Array(options.windowSamples), at: 0, sum: 0 };
  scope.__trace = trace;
  const send = scope.WebSocket.prototype.send;
  scope.WebSocket.prototype.send = function (this: WebSocket, data) {
    if (typeof data !== 'string' && !(data instanceof Blob)) {
      const buf = ArrayBuffer.isView(data)
        ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)
        : data;
      const pcm = new Int16Array(buf, 0, buf.byteLength >> 1);
      let sum = 0;
      let lastLoud = -1;
      for (let i = 0; i < pcm.length; i++) {
        const x = (pcm[i]! / 32768) ** 2;
        sum += x;
        // A 10 ms window over the stream, as the bench and the Deepgram fake judge speech.
        win.sum += x - win.ring[win.at]!;
        win.ring[win.at] = x;
        win.at = (win.at + 1) % win.ring.length;
        if (Math.sqrt(Math.max(0, win.sum) / win.ring.length) >= options.speechRms) lastLoud = i;
      }
      trace.sends.push([now(), Math.sqrt(sum / Math.max(1, pcm.length)), lastLoud, pcm.length]);
    }
    return send.call(this, data);
  };
  const Native = scope.WebSocket;
  scope.WebSocket = class extends Native {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data === 'string' && e.data.includes('"audio_start"'))
          trace.audioStarts.push(now());
      });
    }
  };
}
