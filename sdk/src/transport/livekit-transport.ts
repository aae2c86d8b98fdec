/**
 * The production transport: WebRTC through a LiveKit room. Loaded lazily (a dynamic import in
 * the session controller) only when the session descriptor says `transport: 'livekit'`.
 *
 * It reads what the agents framework already sends: the agent's state from its participant
 * attribute `lk.agent.state`, transcripts from text streams on `lk.transcription` (attributes
 * `lk.segment_id`, `lk.transcription_final`); typed text goes out on `lk.chat`. Our own events
 * (tool progress, flight results, handoff, barge-in) arrive as JSON on `polyglot.events`.
 */
import {
  Room,
  RoomEvent,
  Track,
  type Participant,
  type RemoteTrack,
  type TextStreamReader,
} from 'livekit-client';
import type { AgentState, ServerMessage, SessionDescriptor } from '../protocol/messages.js';
import {
  NO_STATS,
  routeAppMessage,
  type ConnectOptions,
  type Transport,
  type TransportEvents,
  type TransportStats,
} from './transport.js';

export const TOPIC_TRANSCRIPTION = 'lk.transcription';
export const TOPIC_CHAT = 'lk.chat';
export const TOPIC_EVENTS = 'polyglot.events';
export const ATTR_AGENT_STATE = 'lk.agent.state';
export const ATTR_SEGMENT_ID = 'lk.segment_id';
export const ATTR_FINAL = 'lk.transcription_final';
/** How often the audio levels are sampled for the indicator. */
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
>;
export type RoomConstructor = new (options?: ConstructorParameters<typeof Room>[0]) => RoomLike;

export class LiveKitTransport implements Transport {
  readonly #events: TransportEvents;
  readonly #RoomCtor: RoomConstructor;
  #room: RoomLike | undefined;
  #closing = false;
  #levelTimer: ReturnType<typeof setInterval> | undefined;
  #audioElements: HTMLMediaElement[] = [];
  #agent: Participant | undefined;
  #connectedAt = 0;
  #muted = false;
  #withMic = false;
  /** Turns, as the local runtime numbers them: a user segment after a reply opens a new one. */
  #turn = 0;
  #assistantSpokeInTurn = false;
  #seenUserSegments = new Set<string>();
  #segmentTurns = new Map<string, number>();

  constructor(events: TransportEvents, options: { Room?: RoomConstructor } = {}) {
    this.#events = events;
    this.#RoomCtor = options.Room ?? (Room as unknown as RoomConstructor);
  }

  get stats(): TransportStats {
    // WebRTC plays the audio: the widget cannot count played samples in this mode.
    const sentMs = this.#connectedAt && !this.#muted ? performance.now() - this.#connectedAt : 0;
    const micCapture = this.#connectedAt && this.#withMic ? 'native' : 'none';
    return { ...NO_STATS, sentMs, audioOffMainThread: true, micCapture };
  }

  async connect(descriptor: SessionDescriptor, options: ConnectOptions): Promise<void> {
    if (descriptor.transport !== 'livekit')
      throw new Error('LiveKitTransport needs a livekit descriptor');
    const room = new this.#RoomCtor({ adaptiveStream: true, dynacast: true });
    this.#room = room;
    room
      .on(RoomEvent.ParticipantAttributesChanged, (changed, participant) =>
        this.#onAttributes(changed, participant),
      )
      .on(RoomEvent.ParticipantConnected, (participant) =>
        this.#onAttributes(participant.attributes, participant),
      )
      .on(RoomEvent.TrackSubscribed, (track, _pub, participant) =>
        this.#onTrack(track, participant),
      )
      .on(RoomEvent.Reconnecting, () => this.#events.reconnecting?.(true))
      .on(RoomEvent.Reconnected, () => this.#events.reconnecting?.(false))
      .on(RoomEvent.Disconnected, () => this.#onDisconnected());
    room.registerTextStreamHandler(
      TOPIC_TRANSCRIPTION,
      (reader, from) => void this.#onTranscription(reader, from.identity),
    );
    room.registerTextStreamHandler(TOPIC_EVENTS, (reader) => void this.#onOwnEvent(reader));

    try {
      await room.connect(descriptor.url, descriptor.token, { autoSubscribe: true });
      for (const p of room.remoteParticipants.values()) this.#onAttributes(p.attributes, p);
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
    this.#levelTimer = setInterval(() => this.#sampleLevels(), LEVEL_INTERVAL_MS);
  }

  #onAttributes(changed: Record<string, string>, participant: Participant): void {
    const state = changed[ATTR_AGENT_STATE];
    if (state === undefined) return;
    this.#agent = participant;
    if (AGENT_STATES.has(state)) this.#events.agentState(state as AgentState);
  }

  #onTrack(track: RemoteTrack, participant: Participant): void {
    if (track.kind !== Track.Kind.Audio) return;
    this.#agent ??= participant;
    this.#audioElements.push(track.attach());
  }

  #sampleLevels(): void {
    const room = this.#room;
    if (!room) return;
    if (!this.#muted) this.#events.micLevel(room.localParticipant.audioLevel);
    const agentLevel = this.#agent?.audioLevel ?? 0;
    this.#events.outputLevel(agentLevel, agentLevel > 0);
  }

  #turnFor(id: string, role: 'user' | 'assistant'): number {
    const known = this.#segmentTurns.get(id);
    if (known !== undefined) return known;
    if (role === 'user' && !this.#seenUserSegments.has(id)) {
      this.#seenUserSegments.add(id);
      if (this.#assistantSpokeInTurn) {
        this.#turn++;
        this.#assistantSpokeInTurn = false;
      }
    }
    if (role === 'assistant') this.#assistantSpokeInTurn = true;
    this.#segmentTurns.set(id, this.#turn);
    return this.#turn;
  }

  /**
   * How agents-js 1.9 publishes transcripts (voice/room_io/_output.js): the agent's reply is one
   * *delta* stream per segment, opened with `lk.transcription_final: "false"` and closed when the
   * segment is complete; the user's transcript is a new *whole-text* stream per update, marked
   * final only on the last one. The sender identity is the speaker's (`senderIdentity`).
   */
  async #onTranscription(reader: TextStreamReader, identity: string): Promise<void> {
    const attrs = reader.info.attributes ?? {};
    const id = attrs[ATTR_SEGMENT_ID] ?? reader.info.id;
    const role = identity === this.#room?.localParticipant.identity ? 'user' : 'assistant';
    const turn = this.#turnFor(id, role);
    let text = '';
    try {
      for await (const chunk of reader) {
        text += chunk;
        this.#events.transcript({ id, role, turn, text, final: false });
      }
    } catch {
      return; // stream aborted (disconnect): keep the last update
    }
    const final = role === 'assistant' || attrs[ATTR_FINAL] === 'true';
    this.#events.transcript({ id, role, turn, text, final });
  }

  async #onOwnEvent(reader: TextStreamReader): Promise<void> {
    let m: ServerMessage;
    try {
      m = JSON.parse(await reader.readAll()) as ServerMessage;
    } catch {
      return;
    }
    if (m.type === 'audio_clear') this.#events.interrupted();
    else routeAppMessage(m, this.#events);
  }

  #onDisconnected(): void {
    this.#teardown();
    this.#events.closed(this.#closing);
  }

  sendText(text: string): void {
    void this.#room?.localParticipant.sendText(text, { topic: TOPIC_CHAT });
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
    void this.#room?.localParticipant.setMicrophoneEnabled(!muted);
  }

  #teardown(): void {
    if (this.#levelTimer !== undefined) clearInterval(this.#levelTimer);
    this.#levelTimer = undefined;
    for (const el of this.#audioElements) el.remove();
    this.#audioElements = [];
    this.#room?.unregisterTextStreamHandler(TOPIC_TRANSCRIPTION);
    this.#room?.unregisterTextStreamHandler(TOPIC_EVENTS);
  }

  async close(): Promise<void> {
    this.#closing = true;
    const room = this.#room;
    if (!room) return;
    this.#teardown();
    await room.disconnect();
  }
}
