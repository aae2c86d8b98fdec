/** A transport driven by the test: it plays the server's part through `events`. */
import type { SessionDescriptor } from '../protocol/messages.js';
import type {
  ConnectOptions,
  Transport,
  TransportEvents,
  TransportStats,
} from '../transport/transport.js';

export class FakeTransport implements Transport {
  readonly events: TransportEvents;
  options: ConnectOptions | undefined;
  descriptor: SessionDescriptor | undefined;
  preparedWithMic: boolean | undefined;
  sent: string[] = [];
  closed = false;
  /** Set to make connect() reject with this error. */
  failWith: (Error & { code?: string }) | undefined;
  stats: TransportStats = {
    playedSamples: 0,
    playedMs: 0,
    sentMs: 0,
    droppedChunks: 0,
    gapMs: 0,
    audioOffMainThread: false,
  };

  constructor(events: TransportEvents) {
    this.events = events;
  }

  async prepareAudio(withMic: boolean): Promise<void> {
    this.preparedWithMic = withMic;
  }

  async connect(descriptor: SessionDescriptor, options: ConnectOptions): Promise<void> {
    this.descriptor = descriptor;
    this.options = options;
    if (this.failWith) throw this.failWith;
  }

  sendText(text: string): void {
    this.sent.push(text);
  }

  setMuted(): void {}

  async close(): Promise<void> {
    this.closed = true;
  }

  /** The network went away under the session. */
  drop(): void {
    this.events.closed(false);
  }
}
