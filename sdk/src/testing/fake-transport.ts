/** A transport driven by the test: it plays the server's part through `events`. */
import type { SessionDescriptor } from '../protocol/messages.js';
import {
  NO_STATS,
  type ConnectOptions,
  type Transport,
  type TransportEvents,
  type TransportStats,
} from '../transport/transport.js';

export class FakeTransport implements Transport {
  readonly events: TransportEvents;
  options: ConnectOptions | undefined;
  descriptor: SessionDescriptor | undefined;
  preparedWithMic: boolean | undefined;
  sent: string[] = [];
  /** Offer ids sent with `selectOffer`. */
  selectedOffers: string[] = [];
  /** The latest `setMuted()`. */
  muted = false;
  closed = false;
  /** Set to make connect() reject with this error. */
  failWith: (Error & { code?: string }) | undefined;
  /** What `resumeDescriptor()` returns (the server's resume credential, once ready). */
  resume: SessionDescriptor | undefined;
  stats: TransportStats = { ...NO_STATS };

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

  resumeDescriptor(): SessionDescriptor | undefined {
    return this.resume;
  }

  sendText(text: string): void {
    this.sent.push(text);
  }

  selectOffer(offerId: string): void {
    this.selectedOffers.push(offerId);
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** The network went away under the session. */
  drop(): void {
    this.events.closed(false);
  }
}
