/**
 * A headless caller in a LiveKit room, in Node (`@livekit/rtc-node`): what the widget does there,
 * without a page. It asks `polyglot serve` for a session, joins the room, sends the agent its
 * `start` when the agent joins, publishes a microphone track that the bench feeds in real time,
 * and listens to the agent's audio track.
 *
 * The agent's audio is heard the way the widget's voice meter hears it (sdk/src/audio/
 * voice-meter.ts): a 10 ms frame counts when its RMS is above AUDIBLE_RMS (-50 dBFS), so the
 * silence a WebRTC track carries between replies is not "audio". Each frame is dated when the
 * stream hands it to this process, after libwebrtc's jitter buffer and Opus decoder: there is no
 * speaker here, and no output device latency.
 */
import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  ParticipantKind,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  type RemoteParticipant,
  type RemoteTrack,
} from '@livekit/rtc-node';
import { AUDIBLE_RMS } from '../../../sdk/src/audio/voice-meter.js';
import {
  LIVEKIT,
  PROTOCOL_VERSION,
  type SessionDescriptor,
  type StartMessage,
} from '../../../sdk/src/protocol/messages.js';

/** The microphone's rate: the espeak utterances are 16 kHz. */
export const MIC_RATE = 16_000;

export class LiveKitCaller {
  readonly room = new Room();
  readonly #source = new AudioSource(MIC_RATE, 1);
  #startSent = false;
  /** performance.now() of the last audible agent frame (0: none yet). */
  lastAudible = 0;
  /** Called with performance.now() for each audible agent frame. */
  onAudible: ((at: number) => void) | undefined;
  #closed = false;

  private constructor() {}

  /** A session from the server's endpoint, joined, with the microphone published. */
  static async join(base: string): Promise<LiveKitCaller> {
    const res = await fetch(`${base}/api/session`, { method: 'POST', body: '{}' });
    if (!res.ok) throw new Error(`POST /api/session: ${res.status} ${await res.text()}`);
    const d = (await res.json()) as SessionDescriptor;
    if (d.transport !== 'livekit') throw new Error(`not a LiveKit session: ${d.transport}`);
    const c = new LiveKitCaller();
    c.room
      .on(RoomEvent.ParticipantConnected, (p) => c.#maybeStart(p))
      .on(RoomEvent.TrackSubscribed, (track) => c.#listen(track));
    await c.room.connect(d.url, d.token, { autoSubscribe: true, dynacast: false });
    for (const p of c.room.remoteParticipants.values()) c.#maybeStart(p);
    const track = LocalAudioTrack.createAudioTrack('microphone', c.#source);
    await c.room.localParticipant!.publishTrack(
      track,
      new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
    );
    return c;
  }

  /** The worker's job waits for `start` from the caller before it greets (room-io.ts). */
  #maybeStart(p: RemoteParticipant): void {
    if (this.#startSent || p.kind !== ParticipantKind.AGENT) return;
    this.#startSent = true;
    const start: StartMessage = { type: 'start', protocol: PROTOCOL_VERSION };
    void this.room
      .localParticipant!.sendText(JSON.stringify(start), { topic: LIVEKIT.TOPIC_CLIENT })
      .catch(() => (this.#startSent = false));
  }

  async #listen(track: RemoteTrack): Promise<void> {
    if (track.kind !== TrackKind.KIND_AUDIO) return;
    const stream = new AudioStream(track, { sampleRate: 16_000, numChannels: 1 });
    const reader = stream.getReader();
    for (;;) {
      const { value: frame, done } = await reader.read();
      if (done || this.#closed) break;
      let sq = 0;
      for (const s of frame.data) sq += (s / 32768) ** 2;
      if (Math.sqrt(sq / Math.max(1, frame.data.length)) > AUDIBLE_RMS) {
        const at = performance.now();
        this.lastAudible = at;
        this.onAudible?.(at);
      }
    }
  }

  /** One microphone frame (16 kHz mono); the bench calls this in real time. */
  speak(samples: Int16Array): void {
    if (this.#closed) return;
    const frame = new AudioFrame(samples, MIC_RATE, 1, samples.length);
    this.#source.captureFrame(frame).catch(() => {});
  }

  /** Types a message, as the widget's text box does (the framework's `lk.chat`). */
  async type(text: string): Promise<void> {
    await this.room.localParticipant!.sendText(text, { topic: LIVEKIT.TOPIC_CHAT });
  }

  /**
   * Resolves once the agent has spoken (an audible frame after `since`, by default now) and then
   * been quiet for `quietMs`; rejects after `timeoutMs`.
   */
  async spoken(quietMs = 800, timeoutMs = 30_000, since = performance.now()): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!(this.lastAudible > since && performance.now() - this.lastAudible > quietMs)) {
      if (performance.now() > deadline)
        throw new Error(`the agent did not speak within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.room.disconnect().catch(() => {});
    await this.#source.close().catch(() => {});
  }
}
