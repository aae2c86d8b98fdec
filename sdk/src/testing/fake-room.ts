/**
 * A stand-in for livekit-client's Room that emits the real RoomEvent names with the real
 * argument shapes, delivers text streams the way the SDK's handlers receive them, records the
 * text the widget sends, and hands it audio tracks whose `mediaStreamTrack` the test makes.
 */
import { ParticipantKind, RoomEvent, Track, type TextStreamReader } from 'livekit-client';

type Listener = (...args: unknown[]) => void;

/** The state attribute the agents framework publishes on its participant. */
const agentAttributes = (state: string) => ({ 'lk.agent.state': state });

export class FakeParticipant {
  audioLevel = 0;
  constructor(
    readonly identity: string,
    public attributes: Record<string, string> = {},
    readonly kind: ParticipantKind = ParticipantKind.STANDARD,
  ) {}
}

/** The parts of a subscribed RemoteAudioTrack the widget uses: it plays it in an element. */
export class FakeRemoteAudioTrack {
  readonly kind = Track.Kind.Audio;
  readonly attached: HTMLMediaElement[] = [];
  constructor(readonly mediaStreamTrack: MediaStreamTrack) {}
  attach(): HTMLMediaElement {
    const el = document.createElement('audio');
    el.srcObject = new MediaStream([this.mediaStreamTrack]);
    void el.play().catch(() => {});
    this.attached.push(el);
    return el;
  }
}

export class FakeLocalParticipant extends FakeParticipant {
  micOptions: unknown[] = [];
  sentText: { text: string; topic: string | undefined }[] = [];
  async setMicrophoneEnabled(enabled: boolean, options?: unknown): Promise<undefined> {
    this.micOptions.push({ enabled, ...(options as object) });
    return undefined;
  }
  async sendText(text: string, options?: { topic?: string }): Promise<unknown> {
    this.sentText.push({ text, topic: options?.topic });
    return {};
  }
}

export class FakeRoom {
  static last: FakeRoom | undefined;
  readonly options: unknown;
  connectedWith: { url: string; token: string } | undefined;
  state = 'disconnected';
  localParticipant = new FakeLocalParticipant('traveller');
  remoteParticipants = new Map<string, FakeParticipant>();
  handlers = new Map<string, (reader: TextStreamReader, from: { identity: string }) => void>();
  #listeners = new Map<string, Listener[]>();

  constructor(options?: unknown) {
    this.options = options;
    FakeRoom.last = this;
  }

  on(event: string, fn: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), fn]);
    return this;
  }
  off(event: string, fn: Listener): this {
    this.#listeners.set(
      event,
      (this.#listeners.get(event) ?? []).filter((f) => f !== fn),
    );
    return this;
  }
  emit(event: RoomEvent, ...args: unknown[]): void {
    for (const fn of this.#listeners.get(event) ?? []) fn(...args);
  }
  async connect(url: string, token: string): Promise<void> {
    this.connectedWith = { url, token };
    this.state = 'connected';
  }
  /** The room's connection state moves, as livekit-client reports it. */
  setState(state: string): void {
    this.state = state;
    this.emit(RoomEvent.ConnectionStateChanged, state);
  }
  async disconnect(): Promise<void> {
    this.state = 'disconnected';
    this.emit(RoomEvent.Disconnected);
  }
  async startAudio(): Promise<void> {}
  registerTextStreamHandler(
    topic: string,
    fn: (r: TextStreamReader, f: { identity: string }) => void,
  ) {
    this.handlers.set(topic, fn);
  }
  unregisterTextStreamHandler(topic: string): void {
    this.handlers.delete(topic);
  }

  /** The agent joins with its state attribute, as the agents framework publishes it. */
  agentJoins(identity = 'agent-1', state = 'initializing'): FakeParticipant {
    return this.joins(new FakeParticipant(identity, agentAttributes(state), ParticipantKind.AGENT));
  }

  joins(participant: FakeParticipant): FakeParticipant {
    this.remoteParticipants.set(participant.identity, participant);
    this.emit(RoomEvent.ParticipantConnected, participant);
    return participant;
  }

  /** The text the widget sent on `topic`, in order. */
  sentOn(topic: string): string[] {
    return this.localParticipant.sentText.filter((m) => m.topic === topic).map((m) => m.text);
  }

  /** `from` publishes `track` and the widget is subscribed to it. */
  publishAudio(from: FakeParticipant, track: MediaStreamTrack): FakeRemoteAudioTrack {
    const remote = new FakeRemoteAudioTrack(track);
    this.emit(RoomEvent.TrackSubscribed, remote, { trackSid: 'TR_1' }, from);
    return remote;
  }

  setAttributes(p: FakeParticipant, changed: Record<string, string>): void {
    p.attributes = { ...p.attributes, ...changed };
    this.emit(RoomEvent.ParticipantAttributesChanged, changed, p);
  }

  /**
   * Sends one text stream on `topic`, chunk by chunk; resolves when the handler has read it all.
   * `gate` lets a test look between chunks.
   */
  async stream(
    topic: string,
    from: string,
    chunks: string[],
    attributes: Record<string, string> = {},
    gate?: (i: number) => Promise<void>,
  ): Promise<void> {
    const handler = this.handlers.get(topic);
    if (!handler) throw new Error(`no handler for ${topic}`);
    let finished!: () => void;
    const read = new Promise<void>((r) => (finished = r));
    const reader = {
      info: {
        id: `TX_${Math.abs(hash(chunks.join('') + from))}`,
        topic,
        attributes,
        mimeType: 'text/plain',
        timestamp: 0,
      },
      async *[Symbol.asyncIterator]() {
        for (let i = 0; i < chunks.length; i++) {
          await gate?.(i);
          yield chunks[i]!;
        }
        finished();
      },
      async readAll() {
        finished();
        return chunks.join('');
      },
    };
    handler(reader as unknown as TextStreamReader, { identity: from });
    await read;
    // Let the handler's code after its last read run.
    await Promise.resolve();
  }
}

/**
 * A room the agent is already in when the widget joins it. livekit-client emits no
 * ParticipantConnected for those: they are in `remoteParticipants` once `connect()` resolves.
 */
export class FakeRoomWithAgent extends FakeRoom {
  override async connect(url: string, token: string): Promise<void> {
    const agent = new FakeParticipant(
      'agent-1',
      agentAttributes('listening'),
      ParticipantKind.AGENT,
    );
    this.remoteParticipants.set(agent.identity, agent);
    await super.connect(url, token);
  }
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}
