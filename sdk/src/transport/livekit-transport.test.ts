import { expect } from '@esm-bundle/chai';
import { RoomEvent } from 'livekit-client';
import { AUDIBLE_RMS } from '../audio/voice-meter.js';
import { INTERRUPTED_HOLD_MS, RESUME_DELAYS_MS } from '../controllers/session-controller.js';
import { PROTOCOL_VERSION, type TranscriptMessage } from '../protocol/messages.js';
import { flightResultsOf, recorder } from '../testing/recorder.js';
import { FakeParticipant, FakeRoom, FakeRoomWithAgent } from '../testing/fake-room.js';
import { madLhr } from '../testing/offers.js';
import { cleanup, mount, untilState } from '../testing/mount.js';
import { LiveKitTransport, type RoomConstructor } from './livekit-transport.js';
import type { ConnectOptions } from './transport.js';

const DESCRIPTOR = {
  transport: 'livekit' as const,
  url: 'wss://lk.example',
  token: 'jwt',
  expiresAt: 0,
};
const OPTIONS: ConnectOptions = { lang: 'en', withMic: true, audio: true, context: undefined };

async function connected(options: ConnectOptions = OPTIONS, Room: typeof FakeRoom = FakeRoom) {
  const rec = recorder();
  const t = new LiveKitTransport(rec.events, { Room: Room as unknown as RoomConstructor });
  await t.connect(DESCRIPTOR, options);
  return { rec, t, room: FakeRoom.last! };
}

/** The voice-session core's message, as the worker publishes it on polyglot.events. */
const publish = (room: FakeRoom, m: object) =>
  room.stream('polyglot.events', 'agent-1', [JSON.stringify(m)]);

const line = (
  id: string,
  role: 'user' | 'assistant',
  turn: number,
  text: string,
  final: boolean,
): TranscriptMessage => ({ type: 'transcript', id, role, turn, text, final });

/** The `start` messages the widget sent the agent. */
const starts = (room: FakeRoom) =>
  room.sentOn('polyglot.client').map((s) => JSON.parse(s) as Record<string, unknown>);

/** A widget whose session is a LiveKit room (a FakeRoom). */
async function mountLiveKit() {
  const m = await mount({ lang: 'en' });
  m.el.sessionDeps = {
    requestSession: async () => DESCRIPTOR,
    loadLiveKit: async (events) =>
      new LiveKitTransport(events, { Room: FakeRoom as unknown as RoomConstructor }),
  };
  return m;
}

/** The transcript as the traveller sees it, in order. */
const shown = (m: Awaited<ReturnType<typeof mount>>) =>
  m
    .$$('[part~="message"]')
    .map(
      (li) =>
        `${li.dataset.role} ${li.dataset.final === 'true' ? 'final' : 'interim'}: ${li.querySelector('.text')!.textContent}`,
    );

afterEach(cleanup);

describe('LiveKitTransport against a fake Room', () => {
  it('joins with the token and publishes the mic with echo cancellation, noise suppression and AGC', async () => {
    const { room, t } = await connected();
    expect(room.connectedWith).to.deep.equal({ url: 'wss://lk.example', token: 'jwt' });
    expect(room.localParticipant.micOptions).to.deep.equal([
      { enabled: true, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    ]);
    await t.close();
  });

  it('reads the agent state from the lk.agent.state participant attribute', async () => {
    const { room, rec, t } = await connected();
    const agent = room.agentJoins();
    room.setAttributes(agent, { 'lk.agent.state': 'listening' });
    room.setAttributes(agent, { unrelated: 'x' });
    room.setAttributes(agent, { 'lk.agent.state': 'thinking' });
    room.setAttributes(agent, { 'lk.agent.state': 'speaking' });
    expect(rec.states).to.deep.equal(['initializing', 'listening', 'thinking', 'speaking']);
    await t.close();
  });

  it('sends the agent one start on polyglot.client when it joins, and nothing before', async () => {
    const options: ConnectOptions = {
      lang: 'es-MX',
      withMic: true,
      audio: false,
      context: { homeAirport: 'MEX', currency: 'MXN' },
      resume: {
        history: [
          { role: 'assistant', text: '¡Hola! ¿A dónde vas?' },
          { role: 'user', text: 'A Madrid' },
        ],
      },
    };
    const { room, t } = await connected(options);
    room.joins(new FakeParticipant('another-traveller'));
    expect(starts(room), 'no agent in the room yet').to.deep.equal([]);
    const agent = room.agentJoins();
    room.setAttributes(agent, { 'lk.agent.state': 'listening' });
    room.emit(RoomEvent.ParticipantConnected, agent); // the event again (e.g. after a repair)
    expect(starts(room)).to.deep.equal([
      {
        type: 'start',
        protocol: PROTOCOL_VERSION,
        lang: 'es-MX',
        context: { homeAirport: 'MEX', currency: 'MXN' },
        audio: false,
        resume: options.resume,
      },
    ]);
    expect(room.sentOn('lk.chat'), 'start is not typed text').to.deep.equal([]);
    await t.close();
  });

  it('sends start to an agent that was already in the room when the widget joined', async () => {
    const { room, rec, t } = await connected(OPTIONS, FakeRoomWithAgent);
    expect(starts(room)).to.deep.equal([
      { type: 'start', protocol: PROTOCOL_VERSION, lang: 'en', audio: true },
    ]);
    expect(rec.states, 'its state attribute is read at join').to.deep.equal(['listening']);
    await t.close();
  });

  it('passes the core’s transcript on as the server numbered it, and reads no lk.transcription', async () => {
    const { room, rec, t } = await connected();
    room.agentJoins();
    const sent: TranscriptMessage[] = [
      { ...line('a1', 'assistant', 3, 'Rome, lovely.', false), language: 'en' },
      { ...line('u1', 'user', 3, 'Quiero ir a Roma', true), language: 'es' },
      { ...line('a1', 'assistant', 3, 'Rome, lovely', true), interrupted: true },
    ];
    for (const m of sent) await publish(room, m);
    expect(rec.segments).to.deep.equal(sent.map(({ type: _t, ...segment }) => segment));
    // The framework's transcription streams carry no turns: reading them too would show every
    // line twice.
    expect([...room.handlers.keys()]).to.deep.equal(['polyglot.events']);
    await t.close();
  });

  it('sends typed text on lk.chat', async () => {
    const { room, t } = await connected();
    t.sendText('Two adults, please');
    expect(room.localParticipant.sentText).to.deep.equal([
      { text: 'Two adults, please', topic: 'lk.chat' },
    ]);
    await t.close();
  });

  it('tells the agent of a chosen offer on polyglot.client, beside start', async () => {
    const { room, t } = await connected(OPTIONS, FakeRoomWithAgent);
    t.selectOffer('off_mad_lhr');
    expect(starts(room)).to.deep.equal([
      { type: 'start', protocol: PROTOCOL_VERSION, lang: 'en', audio: true },
      { type: 'offer_selected', offerId: 'off_mad_lhr' },
    ]);
    expect(room.sentOn('lk.chat'), 'a choice is not typed text').to.deep.equal([]);
    await t.close();
  });

  it('takes the conversation’s language from polyglot.events', async () => {
    const { room, rec, t } = await connected();
    await publish(room, { type: 'language', lang: 'es-419' });
    await publish(room, { type: 'language', lang: 'not a tag' });
    await publish(room, { type: 'language', lang: 'am', voice: false });
    expect(rec.languages).to.deep.equal([
      { lang: 'es-419', voice: true },
      { lang: 'am', voice: false },
    ]);
    await t.close();
  });

  it('takes tool progress, flight results and barge-in from polyglot.events', async () => {
    const { room, rec, t } = await connected();
    await publish(room, { type: 'tool', id: 'c1', tool: 'search_flights', status: 'started' });
    await publish(room, {
      type: 'flight_results',
      id: 'r1',
      query: {},
      offers: [madLhr],
      provider: 'duffel',
    });
    await publish(room, { type: 'audio_clear' });
    await room.stream('polyglot.events', 'agent-1', ['not json']);
    expect(rec.tools.map((x) => x.status)).to.deep.equal(['started']);
    expect(flightResultsOf(rec)).to.deep.equal(['r1:off_mad_lhr']);
    expect(rec.interruptions).to.equal(1);
    await t.close();
  });

  it('reports a dropped room as unexpected, and its own close as expected', async () => {
    const a = await connected();
    a.room.emit(RoomEvent.Disconnected);
    expect(a.rec.closed).to.deep.equal([false]);
    const b = await connected();
    await b.t.close();
    expect(b.rec.closed).to.deep.equal([true]);
  });
});

describe('the conversation in a LiveKit room, as the widget shows it', () => {
  it('orders the transcript by the server’s turns: interim text in place, a late line before its reply', async () => {
    const m = await mountLiveKit();
    await m.el.start();
    const room = FakeRoom.last!;
    room.agentJoins();
    const say = async (t: TranscriptMessage) => {
      await publish(room, t);
      await m.el.updateComplete;
      return shown(m);
    };
    await say(line('a0', 'assistant', 0, 'Hello!', false));
    expect(await say(line('a0', 'assistant', 0, 'Hello! Where to?', false))).to.deep.equal([
      'assistant interim: Hello! Where to?',
    ]);
    await say(line('a0', 'assistant', 0, 'Hello! Where to?', true));
    // The reply starts before the traveller's words are final (a slow STT final, or typed text).
    await say(line('a1', 'assistant', 1, 'Rome, lovely.', false));
    expect(await say(line('u1', 'user', 1, 'I want to fly to Rome', true))).to.deep.equal([
      'assistant final: Hello! Where to?',
      'user final: I want to fly to Rome',
      'assistant interim: Rome, lovely.',
    ]);
    await say(line('a1', 'assistant', 1, 'Rome, lovely. When?', true));
    await say(line('u2', 'user', 2, 'Next', false));
    expect(await say(line('u2', 'user', 2, 'Next Friday', true))).to.deep.equal([
      'assistant final: Hello! Where to?',
      'user final: I want to fly to Rome',
      'assistant final: Rome, lovely. When?',
      'user final: Next Friday',
    ]);
  });

  it('shows interrupted when polyglot.events cuts the agent off', async () => {
    const m = await mountLiveKit();
    await m.el.start();
    const room = FakeRoom.last!;
    const agent = room.agentJoins();
    room.setAttributes(agent, { 'lk.agent.state': 'speaking' });
    await publish(room, line('a0', 'assistant', 0, 'There are three flights', false));
    expect(m.el.state).to.equal('speaking');
    await publish(room, { type: 'audio_clear' });
    expect(m.el.state).to.equal('interrupted');
    await m.el.updateComplete;
    expect(m.$('[part~="message"]')!.hasAttribute('data-interrupted')).to.equal(true);
    room.setAttributes(agent, { 'lk.agent.state': 'listening' });
    m.clock.tick(INTERRUPTED_HOLD_MS);
    expect(m.el.state).to.equal('listening');
  });
});

describe('an agent that never joins', () => {
  it('tells the caller the assistant is unavailable, and leaves the room, instead of waiting', async () => {
    const m = await mount({ lang: 'en' });
    m.el.sessionDeps = {
      requestSession: async () => DESCRIPTOR,
      loadLiveKit: async (events) =>
        new LiveKitTransport(events, {
          Room: FakeRoom as unknown as RoomConstructor,
          agentJoinTimeoutMs: 50,
        }),
    };
    const errors: string[] = [];
    m.el.addEventListener('polyglot-error', (e) =>
      errors.push(`${e.detail.code}:${e.detail.fatal}`),
    );
    await m.el.start();
    const room = FakeRoom.last!;
    expect(room.state).to.equal('connected');
    await untilState(m.el, 'error');
    expect(errors).to.deep.equal(['provider_unavailable:true']);
    expect(room.state).to.equal('disconnected');
  });

  it('does not fire once the agent has joined', async () => {
    const rec = recorder();
    const errors: string[] = [];
    rec.events.error = (code) => errors.push(code);
    const t = new LiveKitTransport(rec.events, {
      Room: FakeRoom as unknown as RoomConstructor,
      agentJoinTimeoutMs: 50,
    });
    await t.connect(DESCRIPTOR, OPTIONS);
    FakeRoom.last!.agentJoins();
    await new Promise((r) => setTimeout(r, 120));
    expect(errors).to.deep.equal([]);
    expect(rec.closed).to.deep.equal([]);
    await t.close();
  });
});

describe('LiveKit reconnects', () => {
  it('shows reconnecting while the room repairs itself, and listening once it is back', async () => {
    const m = await mountLiveKit();
    await m.el.start();
    const room = FakeRoom.last!;
    room.setState('signalReconnecting'); // a resumed signal connection
    expect(m.el.state).to.equal('reconnecting');
    room.setState('connected');
    expect(m.el.state).to.equal('listening');
    room.setState('reconnecting'); // a full reconnect
    expect(m.el.state).to.equal('reconnecting');
    room.setState('connected');
    expect(m.el.state).to.equal('listening');
    // A repair that fails ends the room: the widget then resumes with a fresh session.
    room.setState('reconnecting');
    room.emit(RoomEvent.Disconnected);
    expect(m.el.state).to.equal('reconnecting');
    expect(m.clock.pending, 'a resume is scheduled').to.equal(1);
  });

  it('shows reconnecting as soon as the browser goes offline, not at the ping timeout', async () => {
    const m = await mountLiveKit();
    await m.el.start();
    const room = FakeRoom.last!;
    window.dispatchEvent(new Event('offline'));
    expect(m.el.state).to.equal('reconnecting');
    // The room repairs itself while still offline: the widget keeps saying so.
    room.setState('signalReconnecting');
    room.setState('connected');
    expect(m.el.state).to.equal('reconnecting');
    window.dispatchEvent(new Event('online'));
    expect(m.el.state).to.equal('listening');
    // Back online before the room noticed anything (WebRTC rode the gap out).
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('online'));
    expect(m.el.state).to.equal('listening');
  });

  it('tells the agent of the resumed session the conversation so far (no second greeting)', async () => {
    const m = await mountLiveKit();
    await m.el.start();
    const first = FakeRoom.last!;
    first.agentJoins();
    await publish(first, line('a0', 'assistant', 0, 'Hello! Where to?', true));
    await publish(first, line('u1', 'user', 1, 'Lisbon', true));
    first.emit(RoomEvent.Disconnected);
    m.clock.tick(RESUME_DELAYS_MS[0]);
    await untilState(m.el, 'listening');
    const second = FakeRoom.last!;
    expect(second).not.to.equal(first);
    expect(starts(second), 'not before its agent joins').to.deep.equal([]);
    second.agentJoins('agent-2');
    expect(starts(second).map((s) => s.resume)).to.deep.equal([
      {
        history: [
          { role: 'assistant', text: 'Hello! Where to?' },
          { role: 'user', text: 'Lisbon' },
        ],
      },
    ]);
  });
});

describe('LiveKit agent audio heard in the page (real audio through the voice meter)', () => {
  it('counts the voice only while it is audible: ~300 ms of tone, nothing in quiet or silence', async () => {
    // The agent's voice: a tone on its own AudioContext (the remote peer's clock is not ours).
    const voice = new AudioContext();
    const out = voice.createMediaStreamDestination();
    const osc = voice.createOscillator();
    const gain = voice.createGain();
    gain.gain.value = 0;
    osc.connect(gain).connect(out);
    osc.start();
    await voice.resume();

    // Every AudioContext the transport opens, to check that close() closes it.
    const opened: AudioContext[] = [];
    const Original = globalThis.AudioContext;
    globalThis.AudioContext = class extends Original {
      constructor(options?: AudioContextOptions) {
        super(options);
        opened.push(this);
      }
    };
    try {
      const { room, rec, t } = await connected();
      const levels: { level: number; active: boolean }[] = [];
      let reported = () => {};
      rec.events.outputLevel = (level, active) => {
        levels.push({ level, active });
        reported();
      };
      const nextReport = () => new Promise<void>((r) => (reported = r));
      /** Waits, report by report, until the voice's clock reaches `time`. */
      const voiceReaches = async (time: number) => {
        while (voice.currentTime < time) await nextReport();
      };

      const track = room.publishAudio(room.agentJoins(), out.stream.getAudioTracks()[0]!);
      expect(track.attached, 'the voice plays in a media element').to.have.length(1);
      await nextReport(); // the meter listens
      expect(t.stats.playedMs, 'a silent track').to.equal(0);

      const start = voice.currentTime + 0.05;
      const pageStart = performance.now() + 50;
      gain.gain.setValueAtTime(0.3, start);
      // Then a hum at -66 dBFS peak (a quiet line), then digital silence.
      gain.gain.setValueAtTime(0.0005, start + 0.3);
      gain.gain.setValueAtTime(0, start + 0.6);
      await voiceReaches(start + 0.15);
      expect(levels.at(-1)!.active, 'audible during the tone').to.equal(true);
      expect(levels.at(-1)!.level).to.be.greaterThan(0.1);
      await voiceReaches(start + 0.6);
      const heard = t.stats;
      expect(heard.playedMs).to.be.within(200, 400);
      expect(heard.playedSamples).to.equal(
        Math.round((heard.playedMs / 1000) * opened[0]!.sampleRate),
      );
      expect(heard.playedAt, 'dated around the end of the tone')
        .to.be.greaterThan(pageStart + 200)
        .and.lessThan(pageStart + 300 + 200);
      await voiceReaches(start + 1.0);
      expect(t.stats.playedMs, 'nothing counted in the quiet and the silence').to.equal(
        heard.playedMs,
      );
      expect(levels.at(-1)).to.deep.equal({ level: 0, active: false });
      expect(levels.some((l) => !l.active && l.level > 0 && l.level < AUDIBLE_RMS)).to.equal(true);

      expect(opened).to.have.length(1);
      await t.close();
      expect(opened[0]!.state, 'close() closes the meter’s AudioContext').to.equal('closed');
      expect(t.stats.playedMs, 'the count stays readable').to.equal(heard.playedMs);
    } finally {
      globalThis.AudioContext = Original;
      await voice.close();
    }
  });
});

describe('choosing the transport', () => {
  it('loads the LiveKit transport only for a livekit descriptor, and releases the local audio', async () => {
    const m = await mount({ lang: 'en' });
    let loads = 0;
    m.el.sessionDeps = {
      requestSession: async () => DESCRIPTOR,
      loadLiveKit: async (events) => {
        loads++;
        return new LiveKitTransport(events, { Room: FakeRoom as unknown as RoomConstructor });
      },
    };
    m.$('[part="mic-button"]')!.click();
    await untilState(m.el, 'listening');
    expect(loads).to.equal(1);
    expect(m.t.closed, 'the speculative local transport was closed').to.equal(true);
    const room = FakeRoom.last!;
    expect(room.connectedWith?.token).to.equal('jwt');
    room.setAttributes(room.agentJoins(), { 'lk.agent.state': 'speaking' });
    expect(m.el.state).to.equal('speaking');
    await m.el.stop();
    expect(m.el.state).to.equal('idle');
  });

  it('a local descriptor never loads LiveKit', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    expect(m.el.state).to.equal('listening');
    expect(m.t.closed).to.equal(false);
  });
});
