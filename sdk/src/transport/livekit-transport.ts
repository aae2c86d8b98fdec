/**
 * The production transport: WebRTC through a LiveKit room. Loaded lazily (a dynamic import in
 * the session controller) only when the session descriptor says `transport: 'livekit'`.
 *
 * WebRTC carries the audio both ways; the agent's state is the framework's participant
 * attribute `lk.agent.state`; typed text goes out on the framework's `lk.chat`. Everything else
 * is the voice-session core's own messages on `polyglot.events` — the transcript with its turn
 * numbers, tool progress, flight results, barge-in, errors — the same JSON the local socket
 * carries, routed by the same code. (The framework's `lk.transcription` streams are in the room
 * too, for other LiveKit clients; they carry no turns, so the widget does not read them.) When
 * the agent joins, the widget sends it `start` on `polyglot.client`: the page's language and
 * context, whether it plays audio, and the conversation to resume.
 *
 * The agent's voice plays in the media element `track.attach()` makes; a {@link VoiceMeter}
 * listens to the same track for the output level and the played counts in `stats`.
 */
import {
  ConnectionState,
  ParticipantKind,
  Room,
  RoomEvent,
  Track,
  type Participant,
  type RemoteTrack,
  type TextStreamReader,
} from 'livekit-client';
import { VoiceMeter } from '../audio/voice-meter.js';
import {
  LIVEKIT,
  PROTOCOL_VERSION,
  type AgentState,
  type OfferSelectedMessage,
  type ServerMessage,
  type SessionDescriptor,
  type StartMessage,
} from '../protocol/messages.js';
import {
  NO_STATS,
  routeAppMessage,
  type ConnectOptions,
  type Transport,
  type TransportEvents,
  type TransportStats,
} from './transport.js';

/** How often the microphone level is sampled for the indicator. */
const LEVEL_INTERVAL_MS = 50;

const AGENT_STATES: ReadonlySet<string> = new Set([
  'initializing',
  'idle',
  'listening',
  'thinking',
  'speaking',
]);

/** The parts of livekit-client's Room this transport uses (tests pass a fake). */
export type RoomLike = Pick<
  Room,
  | 'on'
  | 'off'
  | 'connect'
  | 'disconnect'
  | 'localParticipant'
  | 'remoteParticipants'
  | 'registerTextStreamHandler'
  | 'unregisterTextStreamHandler'
  | 'startAudio'
  | 'state'
>;
export type RoomConstructor = new (options?: ConstructorParameters<typeof Room>[0]) => RoomLike;

/**
 * How long the widget waits, once in the room, for the agent to join. The worker is dispatched
 * when the room opens and usually joins within a second or two; past this the worker is down,
 * full or refused the job (a replayed token), and the caller is told instead of left waiting.
 */
export const AGENT_JOIN_TIMEOUT_MS = 15_000;

export class LiveKitTransport implements Transport {
  readonly #events: TransportEvents;
  readonly #RoomCtor: RoomConstructor;
  #room: RoomLike | undefined;
  #closing = false;
  #levelTimer: ReturnType<typeof setInterval> | undefined;
  #audioElements: HTMLMediaElement[] = [];
  #meter: VoiceMeter | undefined;
  #connectedAt = 0;
  #muted = false;
  #withMic = false;
  /** The `start` message for the agent, sent once it is in the room. */
  #start: StartMessage | undefined;
  #startSent = false;
  #repairing = false;
  #offline = false;
  readonly #agentJoinTimeoutMs: number;
  #agentTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    events: TransportEvents,
    options: { Room?: RoomConstructor; agentJoinTimeoutMs?: number } = {},
  ) {
    this.#events = events;
    this.#RoomCtor = options.Room ?? (Room as unknown as RoomConstructor);
    this.#agentJoinTimeoutMs = options.agentJoinTimeoutMs ?? AGENT_JOIN_TIMEOUT_MS;
  }

  get stats(): TransportStats {
    const sentMs = this.#connectedAt && !this.#muted ? performance.now() - this.#connectedAt : 0;
    const micCapture = this.#connectedAt && this.#withMic ? 'native' : 'none';
    const meter = this.#meter;
    return {
      ...NO_STATS,
      playedSamples: meter?.playedSamples ?? 0,
      playedMs: meter?.playedMs ?? 0,
      playedAt: meter?.playedAt,
      outputLatencyMs: meter?.outputLatencyMs,
      sentMs,
      audioOffMainThread: true,
      micCapture,
    };
  }

  async connect(descriptor: SessionDescriptor, options: ConnectOptions): Promise<void> {
    if (descriptor.transport !== 'livekit')
      throw new Error('LiveKitTransport needs a livekit descriptor');
    const room = new this.#RoomCtor({ adaptiveStream: true, dynacast: true });
    this.#room = room;
    this.#start = {
      type: 'start',
      protocol: PROTOCOL_VERSION,
      lang: options.lang,
      context: options.context,
      audio: options.audio,
      resume: options.resume,
      greet: options.greet,
    };
    room
      .on(RoomEvent.ParticipantAttributesChanged, (changed) => this.#onAttributes(changed))
      .on(RoomEvent.ParticipantConnected, (participant) => {
        this.#onAttributes(participant.attributes);
        this.#maybeSendStart(participant);
      })
      .on(RoomEvent.TrackSubscribed, (track) => this.#onTrack(track))
      .on(RoomEvent.ConnectionStateChanged, (state: ConnectionState) => this.#onConnection(state))
      .on(RoomEvent.Disconnected, () => this.#onDisconnected());
    room.registerTextStreamHandler(LIVEKIT.TOPIC_EVENTS, (reader) => void this.#onOwnEvent(reader));

    try {
      await room.connect(descriptor.url, descriptor.token, { autoSubscribe: true });
      for (const p of room.remoteParticipants.values()) {
        this.#onAttributes(p.attributes);
        this.#maybeSendStart(p);
      }
      if (options.withMic) {
        await room.localParticipant.setMicrophoneEnabled(true, {
          echoCancellation: true,
          noiseSuppression: true,
          autoGainControl: true,
        });
        this.#withMic = true;
      }
      await room.startAudio().catch(() => {});
    } catch (err) {
      this.#closing = true;
      await room.disconnect();
      const e = err as Error & { name?: string };
      throw Object.assign(new Error(e.message), {
        code: e.name === 'NotAllowedError' ? 'mic_denied' : 'connect_failed',
      });
    }
    this.#connectedAt = performance.now();
    if (!this.#startSent) {
      this.#agentTimer = setTimeout(() => this.#agentMissing(), this.#agentJoinTimeoutMs);
    }
    globalThis.addEventListener?.('offline', this.#onOffline);
    globalThis.addEventListener?.('online', this.#onOnline);
    this.#levelTimer = setInterval(() => this.#sampleLevels(), LEVEL_INTERVAL_MS);
  }

  /**
   * Text streams reach only those in the room when they are sent, so `start` waits for the agent
   * (the worker registers its handler before it joins).
   */
  #maybeSendStart(participant: Participant): void {
    if (this.#startSent || !this.#start || participant.kind !== ParticipantKind.AGENT) return;
    this.#startSent = true;
    clearTimeout(this.#agentTimer);
    void this.#room?.localParticipant
      .sendText(JSON.stringify(this.#start), { topic: LIVEKIT.TOPIC_CLIENT })
      .catch(() => (this.#startSent = false));
  }

  /** No agent joined in time: a fatal error, then the room is left (the close reports it). */
  #agentMissing(): void {
    if (this.#startSent || this.#closing) return;
    this.#events.error(
      'provider_unavailable',
      'No assistant joined the conversation; the service may be busy or down.',
      true,
    );
    void this.#room?.disconnect();
  }

  #onAttributes(changed: Record<string, string>): void {
    const state = changed[LIVEKIT.ATTR_AGENT_STATE];
    if (state !== undefined && AGENT_STATES.has(state))
      this.#events.agentState(state as AgentState);
  }

  #onTrack(track: RemoteTrack): void {
    if (track.kind !== Track.Kind.Audio || this.#closing) return;
    // The element plays the voice (and without it Chromium feeds the meter nothing).
    this.#audioElements.push(track.attach());
    this.#meter ??= new VoiceMeter((level, active) => this.#events.outputLevel(level, active));
    // Without a meter the voice still plays; only the level and the played counts stay at 0.
    this.#meter.add(track.mediaStreamTrack).catch(() => {});
  }

  #sampleLevels(): void {
    const room = this.#room;
    if (room && !this.#muted) this.#events.micLevel(room.localParticipant.audioLevel);
  }

  async #onOwnEvent(reader: TextStreamReader): Promise<void> {
    let m: ServerMessage;
    try {
      m = JSON.parse(await reader.readAll()) as ServerMessage;
    } catch {
      return;
    }
    routeAppMessage(m, this.#events);
  }

  /**
   * "Reconnecting" while the room repairs itself — a resumed signal connection
   * (`signalReconnecting`) as well as a full reconnect — and while the browser says it is
   * offline: livekit-client notices a dead link only at its signal ping timeout (~15 s), the
   * browser at once. Back to normal when the room is connected and the browser online (WebRTC
   * rides out a short gap without any repair).
   */
  #onConnection(state: ConnectionState): void {
    const repairing =
      state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting;
    if (repairing) this.#setRepairing(true);
    else if (state === ConnectionState.Connected && !this.#offline) this.#setRepairing(false);
  }

  #onOffline = (): void => {
    this.#offline = true;
    this.#setRepairing(true);
  };

  #onOnline = (): void => {
    this.#offline = false;
    if (this.#room?.state === ConnectionState.Connected) this.#setRepairing(false);
  };

  #setRepairing(on: boolean): void {
    if (on === this.#repairing) return;
    this.#repairing = on;
    this.#events.reconnecting?.(on);
  }

  #onDisconnected(): void {
    void this.#teardown();
    this.#events.closed(this.#closing);
  }

  sendText(text: string): void {
    void this.#room?.localParticipant.sendText(text, { topic: LIVEKIT.TOPIC_CHAT });
  }

  selectOffer(offerId: string): void {
    const m: OfferSelectedMessage = { type: 'offer_selected', offerId };
    void this.#room?.localParticipant
      .sendText(JSON.stringify(m), { topic: LIVEKIT.TOPIC_CLIENT })
      .catch(() => {});
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
    void this.#room?.localParticipant.setMicrophoneEnabled(!muted);
  }

  #teardown(): Promise<void> {
    globalThis.removeEventListener?.('offline', this.#onOffline);
    globalThis.removeEventListener?.('online', this.#onOnline);
    clearTimeout(this.#agentTimer);
    if (this.#levelTimer !== undefined) clearInterval(this.#levelTimer);
    this.#levelTimer = undefined;
    for (const el of this.#audioElements) el.remove();
    this.#audioElements = [];
    this.#room?.unregisterTextStreamHandler(LIVEKIT.TOPIC_EVENTS);
    return this.#meter?.close() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.#closing = true;
    const room = this.#room;
    if (!room) return;
    const meterClosed = this.#teardown();
    await room.disconnect();
    await meterClosed;
  }
}
