/**
 * The voice-session core, as both runtimes drive it, with the production OpenAI plugins against
 * the OpenAI protocol fake: a chosen flight card becomes the caller's turn and a model reply; an
 * offer the session never showed is refused without asking the model; the widget is told when
 * the conversation changes language.
 */
import { initializeLogger, log, voice } from '@livekit/agents';
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { ServerMessage } from '../../../sdk/src/protocol/messages.js';
import { startOpenAIFake, type OpenAIFake } from '../../../test/fakes/openai.js';
import { loadConfig } from '../config.js';
import { buildPipeline } from '../providers/index.js';
import { SessionStore } from '../state/session-store.js';
import type { FlightOffer } from '../tools/flights/types.js';
import { VoiceSession, type ToolEmit } from './voice-session.js';

initializeLogger({ pretty: false, level: 'fatal' });

const t = (local: string, timeZone: string, utc: string) => ({ local, timeZone, utc });
const IBERIA: FlightOffer = {
  id: 'off_0000AgJ9',
  provider: 'duffel',
  price: { amount: '123.45', currency: 'EUR' },
  cabin: 'economy',
  carriers: [{ iata: 'IB', name: 'Iberia' }],
  slices: [
    {
      origin: { iata: 'MAD' },
      destination: { iata: 'LHR' },
      departure: t('2026-12-07T08:30:00', 'Europe/Madrid', '2026-12-07T07:30:00.000Z'),
      arrival: t('2026-12-07T10:05:00', 'Europe/London', '2026-12-07T10:05:00.000Z'),
      durationMinutes: 155,
      stops: 0,
      segments: [
        {
          carrier: { iata: 'IB', name: 'Iberia' },
          flightNumber: 'IB 3166',
          origin: { iata: 'MAD' },
          destination: { iata: 'LHR' },
          departure: t('2026-12-07T08:30:00', 'Europe/Madrid', '2026-12-07T07:30:00.000Z'),
          arrival: t('2026-12-07T10:05:00', 'Europe/London', '2026-12-07T10:05:00.000Z'),
          durationMinutes: 155,
        },
      ],
    },
  ],
  totalDurationMinutes: 155,
  maxStops: 0,
  slicesComplete: true,
};

const CONFIRMATION = 'Great choice: the Iberia flight at 8:30 for 123.45 euros.';

describe('voice-session core: the caller chooses a card', () => {
  let fake: OpenAIFake;
  let core: VoiceSession;
  let sent: ServerMessage[];
  let showCards: ToolEmit;

  before(async () => {
    fake = await startOpenAIFake({
      rules: [
        {
          when: ({ lastUser }) => lastUser.startsWith('[Chosen on screen]'),
          reply: { text: CONFIRMATION },
        },
      ],
    });
  });
  after(() => fake.close());

  async function session(store?: SessionStore): Promise<void> {
    sent = [];
    const config = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL });
    core = new VoiceSession({
      id: 'core-test',
      runtime: 'local',
      partner: undefined,
      partnerKey: 'demo',
      start: { lang: 'en', audio: false },
      pipeline: buildPipeline(config, { language: 'en' }),
      send: (m) => sent.push(m),
      logger: log(),
      // The flight tool's channel to the widget: what it emits, the core passes on.
      buildTools: (emit) => ((showCards = emit), {}),
      store,
    });
    core.agentSession.output.audio = null;
    core.agentSession.output.transcription = core.textOutput;
    await core.start();
  }
  afterEach(() => core.close('test over'));

  const finalReplies = () =>
    sent.filter(
      (m): m is Extract<ServerMessage, { type: 'transcript' }> =>
        m.type === 'transcript' && m.role === 'assistant' && m.final,
    );

  async function until(pred: () => boolean, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out; sent ${JSON.stringify(sent)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('tells the model the offer it showed as the caller’s choice, and the model’s reply confirms it', async () => {
    await session();
    showCards({
      type: 'flight_results',
      id: 'call_1',
      query: {},
      offers: [IBERIA],
      provider: 'duffel',
    });
    const before = fake.chatRequests.length;
    assert.equal(core.offerSelected(IBERIA.id), true);
    await until(() => finalReplies().some((m) => m.text === CONFIRMATION));

    const request = fake.chatRequests.at(-1)!;
    assert.equal(fake.chatRequests.length, before + 1, 'one reply asked for');
    const caller = request.messages.filter((m) => m.role === 'user').at(-1)!;
    // Built from the offer the search returned, nothing else.
    assert.equal(
      caller.content,
      '[Chosen on screen] I choose this flight offer: Iberia, outbound MAD 2026-12-07 08:30 → ' +
        'LHR 2026-12-07 10:05 local time, nonstop (IB 3166); 123.45 EUR in total.',
    );
    const system = request.messages
      .filter((m) => m.role === 'system' || m.role === 'developer')
      .map((m) => String(m.content))
      .join('\n');
    assert.match(system, /just chosen a flight offer on screen/);
    assert.match(system, /\(en\)/);
    assert.ok(!sent.some((m) => m.type === 'error'), JSON.stringify(sent));
  });

  it('refuses an offer this session never showed, without asking the model', async () => {
    await session();
    showCards({
      type: 'flight_results',
      id: 'call_1',
      query: {},
      offers: [IBERIA],
      provider: 'duffel',
    });
    const before = fake.chatRequests.length;
    assert.equal(core.offerSelected('off_from_another_session'), false);
    const error = sent.find((m) => m.type === 'error');
    assert.ok(error?.type === 'error', JSON.stringify(sent));
    assert.deepEqual([error.code, error.fatal], ['unknown_offer', false]);
    assert.match(error.message, /not one this conversation found/);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(fake.chatRequests.length, before, 'the model was asked about it');
    assert.deepEqual(finalReplies(), []);
  });

  it('writes what the widget was shown into the console’s record: the running tool, the offers in brief, citations (masked), errors', async () => {
    const store = new SessionStore({ ttlMs: 60_000, maxBytes: 1 << 20 });
    await session(store);
    const record = () => store.get('core-test')!;
    const cheaper = { ...IBERIA, id: 'off_cheaper', price: { amount: '99.00', currency: 'EUR' } };

    showCards({ type: 'tool', id: 'call_1', tool: 'search_flights', status: 'started' });
    assert.deepEqual(
      record().tools.map((t) => t.tool),
      ['search_flights'],
      'the console lists the search while it runs',
    );
    showCards({
      type: 'flight_results',
      id: 'call_1',
      query: { origin: 'MAD', destination: 'LHR', departureDate: '2026-12-07' },
      offers: [IBERIA, cheaper, { not: 'an offer' }],
      provider: 'duffel',
    });
    showCards({ type: 'tool', id: 'call_1', tool: 'search_flights', status: 'finished' });
    assert.deepEqual(record().tools, [], 'cleared when the search ends');
    assert.deepEqual(record().flightSearches, { succeeded: 1, failed: 0 });
    showCards({
      type: 'knowledge',
      id: 'call_2',
      citations: [
        { title: 'Baggage', section: 'Cabin bags', url: 'https://example.com/bags' },
        { title: 'Write to help@example.com' },
      ],
    });
    core.offerSelected('off_from_another_session');

    const shown = record().transcript.map((l) => [l.role, l.text]);
    assert.deepEqual(shown, [
      ['flights', '2 offers, MAD → LHR, 2026-12-07, cheapest 99.00 EUR (duffel)'],
      ['citations', 'Baggage › Cabin bags; Write to [email]'],
      [
        'error',
        'That offer is not one this conversation found. Please choose a card from this conversation.',
      ],
    ]);
    assert.deepEqual(record().transcript[1]!.citations, [
      { title: 'Baggage', section: 'Cabin bags', url: 'https://example.com/bags' },
      { title: 'Write to [email]' },
    ]);
    assert.equal(record().transcript[2]!.code, 'unknown_offer');
    // The widget got the same messages, each once.
    assert.deepEqual(
      sent.filter((m) => m.type !== 'agent_state' && m.type !== 'user_state').map((m) => m.type),
      ['tool', 'flight_results', 'tool', 'knowledge', 'error'],
    );
  });

  it('refuses a choice before any search showed cards', async () => {
    await session();
    assert.equal(core.offerSelected(IBERIA.id), false);
    assert.ok(sent.some((m) => m.type === 'error' && m.code === 'unknown_offer'));
  });
});

describe('voice-session core: the conversation’s language', () => {
  it('tells the widget when it follows the caller into another language, once per switch', async () => {
    const fake = await startOpenAIFake();
    const sent: ServerMessage[] = [];
    const config = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL });
    const core = new VoiceSession({
      id: 'lang-test',
      runtime: 'local',
      partner: undefined,
      partnerKey: 'demo',
      start: { lang: 'en', audio: false },
      pipeline: buildPipeline(config, { language: 'en' }),
      send: (m) => sent.push(m),
      logger: log(),
    });
    try {
      // What speech-to-text reports, as the framework hands it to the session's listeners.
      const heard = (transcript: string, isFinal: boolean, language: string) =>
        core.agentSession.emit(
          voice.AgentSessionEventTypes.UserInputTranscribed,
          voice.createUserInputTranscribedEvent({
            transcript,
            isFinal,
            language: language as never,
          }),
        );
      heard('Quiero', false, 'es');
      assert.deepEqual(
        sent.filter((m) => m.type === 'language'),
        [],
        'not on interim text',
      );
      heard('Quiero ir a Madrid', true, 'es');
      heard('el lunes', true, 'es');
      heard('Хочу в Москву', true, 'ru');
      assert.deepEqual(
        sent.filter((m) => m.type === 'language'),
        [
          { type: 'language', lang: 'es' },
          { type: 'language', lang: 'ru' },
        ],
      );
      assert.equal(core.lang, 'ru');
    } finally {
      await core.close('test over');
      await fake.close();
    }
  });
});

describe('voice-session core: a language no recogniser covers', () => {
  async function started(lang: string) {
    const fake = await startOpenAIFake();
    const sent: ServerMessage[] = [];
    const config = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL });
    const core = new VoiceSession({
      id: `unheard-${lang}`,
      runtime: 'local',
      partner: undefined,
      partnerKey: 'demo',
      start: { lang, audio: false },
      pipeline: buildPipeline(config, { language: lang }),
      send: (m) => sent.push(m),
      logger: log(),
    });
    core.agentSession.output.audio = null;
    core.agentSession.output.transcription = core.textOutput;
    await core.start();
    const stop = async () => {
      await core.close('test over');
      await fake.close();
    };
    return { core, sent, stop };
  }
  const languageMessages = (sent: ServerMessage[]) =>
    sent.filter((m): m is Extract<ServerMessage, { type: 'language' }> => m.type === 'language');

  it('tells the widget, from the start, that the page’s language is not heard and which are', async () => {
    // Greenlandic: no provider lists it, so the table lacks it.
    const { sent, stop } = await started('kl');
    try {
      const [m, ...more] = languageMessages(sent);
      assert.equal(more.length, 0);
      assert.equal(m?.lang, 'kl');
      assert.equal(m?.voice, undefined, 'English’s voice answers meanwhile');
      assert.ok(m?.hears && m.hears.length >= 90, `hears ${m?.hears?.length}`);
      for (const tag of ['en', 'es', 'th', 'sw', 'am']) assert.ok(m.hears.includes(tag), tag);
      assert.ok(!m.hears.includes('kl'));
    } finally {
      await stop();
    }
  });

  it('says nothing of the kind for a language that is heard', async () => {
    const { sent, stop } = await started('th-TH');
    try {
      assert.deepEqual(languageMessages(sent), []);
    } finally {
      await stop();
    }
  });

  it('keeps a text-only widget’s session silent when the caller moves to a voiced language', async () => {
    const { core, stop } = await started('en');
    try {
      assert.equal(core.agentSession.output.audioEnabled, false, 'audio: false at the start');
      core.agentSession.emit(
        voice.AgentSessionEventTypes.UserInputTranscribed,
        voice.createUserInputTranscribedEvent({
          transcript: 'Quiero ir a Madrid',
          isFinal: true,
          language: 'es' as never,
        }),
      );
      assert.equal(core.lang, 'es');
      assert.equal(core.agentSession.output.audioEnabled, false, 'still no voice after the switch');
    } finally {
      await stop();
    }
  });

  it('tells the widget when the recogniser names a language outside the table mid-call', async () => {
    const { core, sent, stop } = await started('en');
    try {
      core.agentSession.emit(
        voice.AgentSessionEventTypes.UserInputTranscribed,
        voice.createUserInputTranscribedEvent({
          transcript: 'Aluu, Nuummut timmisartorusuppunga',
          isFinal: true,
          language: 'kl' as never,
        }),
      );
      const [m] = languageMessages(sent);
      assert.equal(m?.lang, 'kl');
      assert.ok(m?.hears?.includes('en'));
    } finally {
      await stop();
    }
  });
});
