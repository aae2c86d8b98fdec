import { expect } from '@esm-bundle/chai';
import { RoomEvent } from 'livekit-client';
import type { TranscriptSegment } from '../protocol/messages.js';
import { flightResultsOf, recorder } from '../testing/recorder.js';
import { FakeRoom } from '../testing/fake-room.js';
import { madLhr } from '../testing/offers.js';
import { cleanup, mount, untilState } from '../testing/mount.js';
import { LiveKitTransport, type RoomConstructor } from './livekit-transport.js';

const DESCRIPTOR = {
  transport: 'livekit' as const,
  url: 'wss://lk.example',
  token: 'jwt',
  expiresAt: 0,
};
const OPTIONS = { lang: 'en', withMic: true, audio: true, context: undefined };

async function connected() {
  const rec = recorder();
  const t = new LiveKitTransport(rec.events, { Room: FakeRoom as unknown as RoomConstructor });
  await t.connect(DESCRIPTOR, OPTIONS);
  return { rec, t, room: FakeRoom.last! };
}

const show = (s: TranscriptSegment) =>
  `${s.turn} ${s.role} ${s.final ? 'final' : 'interim'}: ${s.text}`;

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

  it('turns lk.transcription streams into ordered segments: interim in place, then final', async () => {
    const { room, rec, t } = await connected();
    room.agentJoins();
    // The agent's delta stream is opened "not final" and completes when it closes.
    await room.stream('lk.transcription', 'agent-1', ['Hello! ', 'Where to?'], {
      'lk.segment_id': 'SG_a',
      'lk.transcription_final': 'false',
    });
    await room.stream('lk.transcription', 'traveller', ['I want to'], {
      'lk.segment_id': 'SG_u',
      'lk.transcription_final': 'false',
    });
    await room.stream('lk.transcription', 'traveller', ['I want to fly to Rome'], {
      'lk.segment_id': 'SG_u',
      'lk.transcription_final': 'true',
    });
    await room.stream('lk.transcription', 'agent-1', ['Rome, lovely.'], {
      'lk.segment_id': 'SG_b',
      'lk.transcription_final': 'true',
    });
    expect(rec.segments.map(show)).to.deep.equal([
      '0 assistant interim: Hello! ',
      '0 assistant interim: Hello! Where to?',
      '0 assistant final: Hello! Where to?',
      '1 user interim: I want to',
      '1 user interim: I want to',
      '1 user interim: I want to fly to Rome',
      '1 user final: I want to fly to Rome',
      '1 assistant interim: Rome, lovely.',
      '1 assistant final: Rome, lovely.',
    ]);
    expect(new Set(rec.segments.filter((s) => s.role === 'user').map((s) => s.id))).to.deep.equal(
      new Set(['SG_u']),
    );
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

  it('takes tool progress, flight results and barge-in from polyglot.events', async () => {
    const { room, rec, t } = await connected();
    const send = (m: object) => room.stream('polyglot.events', 'agent-1', [JSON.stringify(m)]);
    await send({ type: 'tool', id: 'c1', tool: 'search_flights', status: 'started' });
    await send({
      type: 'flight_results',
      id: 'r1',
      query: {},
      offers: [madLhr],
      provider: 'duffel',
    });
    await send({ type: 'audio_clear' });
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

describe('LiveKit reconnects', () => {
  it('shows reconnecting while the room repairs itself, and listening once it is back', async () => {
    const m = await mount({ lang: 'en' });
    m.el.sessionDeps = {
      requestSession: async () => DESCRIPTOR,
      loadLiveKit: async (events) =>
        new LiveKitTransport(events, { Room: FakeRoom as unknown as RoomConstructor }),
    };
    await m.el.start();
    const room = FakeRoom.last!;
    room.emit(RoomEvent.Reconnecting);
    expect(m.el.state).to.equal('reconnecting');
    room.emit(RoomEvent.Reconnected);
    expect(m.el.state).to.equal('listening');
    // A repair that fails ends the room: the widget then resumes with a fresh session.
    room.emit(RoomEvent.Reconnecting);
    room.emit(RoomEvent.Disconnected);
    expect(m.el.state).to.equal('reconnecting');
    expect(m.clock.pending, 'a resume is scheduled').to.equal(1);
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
