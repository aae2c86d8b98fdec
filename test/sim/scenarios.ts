/**
 * The simulated callers. The STT fake returns each utterance's known transcript; the LLM fake
 * follows each scenario's rules (what a model would do: call a tool, then speak its result).
 * Flights come from the Duffel protocol fake through the real provider chain.
 */
import type { LlmRule } from '../fakes/openai.js';
import {
  agentAudioPlayed,
  assistantLanguage,
  bargeInUnder,
  cited,
  flightSearches,
  handedOff,
  interruptedAndTruncated,
  llmCalls,
  noErrorsShown,
  notInterrupted,
  order,
  sessionRequests,
  statesInclude,
  told,
} from './checks.js';
import { languageScenarios } from './language-calls.js';
import type { Scenario } from './scenario.js';

/** The model reads out what the tool returned (its summary or its ToolError message). */
/**
 * The framework hands a tool's string result to the model JSON-encoded, and a ToolError's message
 * as it is (which may itself start with a quote: '"spaceship" isn't a cabin…').
 */
function toolText(content: string): string {
  try {
    const decoded: unknown = JSON.parse(content);
    return typeof decoded === 'string' ? decoded : content;
  } catch {
    return content;
  }
}

/**
 * The scripted model says what a tool gave it to say, as GPT-4o is told to: the first line (a
 * search's note for the model comes after it), without the "ask the traveller" preface of a
 * question.
 */
const speakToolResult: LlmRule = {
  when: ({ lastTool }) => lastTool !== undefined,
  reply: ({ lastTool }) => ({
    text: (toolText(lastTool!).split('\n')[0] ?? '').replace(
      /^Not searched yet\. Ask the traveller: /,
      '',
    ),
  }),
};

function search(re: RegExp, args: Record<string, unknown>): LlmRule {
  return {
    when: ({ lastUser, lastTool }) => lastTool === undefined && re.test(lastUser),
    reply: { toolCall: { name: 'search_flights', arguments: args } },
  };
}

function answer(re: RegExp, text: string): LlmRule {
  return {
    when: ({ lastUser, lastTool }) => lastTool === undefined && re.test(lastUser),
    reply: { text },
  };
}

/** The demo partner's handoff targets in the handoff scenario. */
const HANDOFF_TARGETS = {
  url: 'https://help.example.com/chat',
  phone: '+34911234567',
  queue: 'support',
};

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const flightFlow = (
  name: string,
  lang: string,
  voice: string,
  said: string,
  args: Record<string, unknown>,
  fast = false,
): Scenario => ({
  name,
  description: `A normal flight search in ${lang}.`,
  fast,
  lang,
  flights: true,
  steps: [
    { say: said, voice, language: lang },
    { waitForReply: true, timeoutMs: 90_000 },
  ],
  llm: [speakToolResult, search(/./, { ...args, language: lang })],
  checks: [
    order(['assistant', /./], ['user', new RegExp(said.slice(0, 8))], ['assistant', /\d/]),
    flightSearches(1),
    statesInclude('listening', 'speaking', 'listening'),
    agentAudioPlayed(2000),
    noErrorsShown(),
  ],
});

const LONG_REPLY =
  'Tokyo has two airports, Narita and Haneda. Haneda is closer to the city centre, and many ' +
  'airlines fly there from Europe every day. Narita is further out, but it often has cheaper ' +
  'fares, and the express train takes about an hour. Tell me your dates and I will search both.';

const weird: [string, string, Record<string, unknown>, RegExp][] = [
  [
    'past-date',
    'Fly from Madrid to London on January 3rd 2020',
    { origin: 'Madrid', destination: 'London, UK', departure_date: '2020-01-03' },
    /passed|past/i,
  ],
  [
    'same-city',
    'From Madrid to Madrid tomorrow',
    { origin: 'Madrid', destination: 'Madrid', departure_date: 'tomorrow' },
    /same/i,
  ],
  [
    'twelve-passengers',
    'Madrid to Rome next Friday for 12 adults',
    { origin: 'Madrid', destination: 'Rome', departure_date: 'next Friday', adults: 12 },
    /9|nine/i,
  ],
  [
    'unknown-city',
    'I want to fly to Atlantis tomorrow from Paris',
    { origin: 'Paris', destination: 'Atlantis', departure_date: 'tomorrow' },
    /Atlantis/i,
  ],
  [
    'return-before-departure',
    'Paris to Berlin on the 20th, back on the 10th',
    { origin: 'Paris', destination: 'Berlin', departure_date: inDays(20), return_date: inDays(10) },
    /return/i,
  ],
  [
    'february-30',
    'Paris to Rome on February 30th',
    {
      origin: 'Paris',
      destination: 'Rome',
      departure_date: `${new Date().getFullYear() + 1}-02-30`,
    },
    /30|February|exist/i,
  ],
  [
    'infants-outnumber-adults',
    'One adult and three infants from Oslo to Rome next week',
    { origin: 'Oslo', destination: 'Rome', departure_date: inDays(7), adults: 1, infants: 3 },
    /infant/i,
  ],
  [
    'zero-passengers',
    'Book zero people from Lisbon to Madrid tomorrow',
    { origin: 'Lisbon', destination: 'Madrid', departure_date: 'tomorrow', adults: 0 },
    /passenger|traveller|at least/i,
  ],
  [
    'beyond-horizon',
    'Madrid to Tokyo in two years',
    { origin: 'Madrid', destination: 'Tokyo', departure_date: inDays(730) },
    /advance|ahead|far|book/i,
  ],
  [
    'ambiguous-city',
    'From Toronto to London on Friday',
    { origin: 'Toronto', destination: 'London', departure_date: 'Friday' },
    /more than one|Ontario/i,
  ],
  [
    'nonsense-cabin',
    'Madrid to Paris tomorrow in spaceship class',
    { origin: 'Madrid', destination: 'Paris', departure_date: 'tomorrow', cabin: 'spaceship' },
    /cabin|class/i,
  ],
];

export const scenarios: Scenario[] = [
  flightFlow(
    'flight-search-en',
    'en',
    'en-us',
    'I want to fly from Madrid to London next Monday',
    // The demo page's own example, as the caller says it: plain "London", searched without a
    // question (London, United Kingdom, from Madrid).
    { origin: 'Madrid', destination: 'London', departure_date: 'next Monday' },
    true,
  ),
  flightFlow('flight-search-es', 'es', 'es', 'Quiero volar de Madrid a Londres el próximo lunes', {
    origin: 'Madrid',
    destination: 'Londres',
    departure_date: 'el próximo lunes',
  }),
  flightFlow('flight-search-fr', 'fr', 'fr', 'Je voudrais aller de Paris à New York demain', {
    origin: 'Paris',
    destination: 'New York',
    departure_date: 'demain',
  }),
  flightFlow(
    'flight-search-de',
    'de',
    'de',
    'Ich möchte übermorgen von München nach London fliegen',
    { origin: 'München', destination: 'London, UK', departure_date: 'übermorgen' },
  ),
  flightFlow('flight-search-ja', 'ja', 'ja', '東京からロンドンへ行きたいです', {
    origin: '東京',
    destination: 'ロンドン',
    departure_date: inDays(10),
  }),
  flightFlow('flight-search-ar', 'ar', 'ar', 'أريد السفر من دبي إلى لندن', {
    origin: 'دبي',
    destination: 'London, UK',
    departure_date: inDays(10),
  }),
  {
    name: 'barge-in',
    description:
      'The caller talks over a long answer; the agent stops and the answer is cut where it was heard.',
    fast: true,
    steps: [
      { say: 'Tell me about flying to Tokyo' },
      { say: 'Wait, actually I want to go to Paris', when: { afterAgentSpeakingMs: 2500 } },
      { waitForReply: true },
    ],
    llm: [
      answer(/Paris/i, 'Paris it is. When would you like to leave?'),
      answer(/Tokyo/i, LONG_REPLY),
    ],
    checks: [
      interruptedAndTruncated(),
      order(
        ['user', /Tokyo/],
        ['assistant', /Tokyo has two airports/],
        ['user', /Paris/],
        ['assistant', /Paris it is/],
      ),
      bargeInUnder(1500),
      statesInclude('speaking', 'interrupted'),
    ],
  },
  {
    name: 'false-interruption',
    description: 'A short cough during an answer: the answer is not killed.',
    fast: true,
    steps: [
      { say: 'Tell me about flying to Tokyo' },
      { say: 'hm', transcript: '', when: { afterAgentSpeakingMs: 2500 } },
      // The framework pauses on the noise and resumes after its false-interruption timeout.
      { silenceMs: 4000 },
    ],
    llm: [answer(/Tokyo/i, LONG_REPLY)],
    checks: [
      notInterrupted(),
      order(['user', /Tokyo/], ['assistant', /will search both/]),
      llmCalls(1),
      agentAudioPlayed(10_000),
    ],
  },
  {
    name: 'language-switch',
    description: 'The caller switches from English to Spanish; the agent follows.',
    fast: true,
    steps: [
      { say: 'I want to fly to London', language: 'en' },
      { waitForReply: true },
      { say: 'Mejor quiero ir a Barcelona el viernes', voice: 'es', language: 'es' },
      { waitForReply: true },
    ],
    llm: [
      answer(/Barcelona/i, '¡Claro! Barcelona el viernes. ¿Desde qué ciudad sales?'),
      answer(/London/i, 'London, great. Where are you flying from?'),
    ],
    checks: [
      order(
        ['user', /London/],
        ['assistant', /Where are you flying from/],
        ['user', /Barcelona/],
        ['assistant', /Desde qué ciudad/],
      ),
      assistantLanguage('es'),
    ],
  },
  {
    name: 'weird-requests',
    description:
      'Eleven requests that cannot be searched, typed: each gets a specific explanation; none reaches the provider.',
    fast: true,
    flights: true,
    steps: [
      { silenceMs: 10 },
      ...weird.flatMap(([, text]) => [{ type: text }, { waitForReply: true as const }]),
    ],
    llm: [speakToolResult, ...weird.map(([, text, args]) => search(new RegExp(`^${text}$`), args))],
    checks: [
      ...weird
        .map(([, text, , re]) => order(['user', new RegExp(`^${text}$`)], ['assistant', re]))
        .map((c, i) => ({
          ...c,
          name: `${weird[i]![0]}: ${c.name}`,
        })),
      flightSearches(0),
    ],
    timeoutMs: 180_000,
  },
  {
    name: 'long-silence',
    description:
      'Eight seconds of room noise: nothing is transcribed, nothing is said; then the caller speaks normally.',
    steps: [{ silenceMs: 8000 }, { say: 'I want to fly to Rome' }, { waitForReply: true }],
    llm: [answer(/Rome/i, 'Rome, lovely. From which city?')],
    checks: [llmCalls(1), order(['user', /Rome/], ['assistant', /Rome, lovely/])],
  },
  {
    name: 'llm-outage',
    description: 'The LLM fails for one turn: the user is told; the next turn works.',
    steps: [
      { say: 'I want to fly to Rome' },
      { silenceMs: 4000 },
      { say: 'Are you there?' },
      { waitForReply: true },
    ],
    failAt: { llm: [1, 2, 3, 4] },
    llm: [answer(/there/i, 'Yes, I am here. Where would you like to go?')],
    checks: [
      told(/could not answer|try again/i),
      order(['user', /Rome/], ['user', /there/], ['assistant', /I am here/]),
    ],
  },
  {
    name: 'stt-outage',
    description: 'Speech recognition fails: the user is told and can still type.',
    steps: [
      { say: 'I want to fly to Rome' },
      { silenceMs: 3000 },
      { type: 'I want to fly to Rome' },
      { waitForReply: true },
    ],
    failAt: { stt: [1, 2, 3, 4] },
    llm: [answer(/Rome/i, 'Rome, lovely. From which city?')],
    checks: [
      told(/Speech recognition is unavailable/i),
      order(['user', /Rome/], ['assistant', /Rome, lovely/]),
    ],
  },
  {
    name: 'tts-outage',
    description: 'The voice fails: the user is told, and the conversation goes on in text.',
    steps: [
      { say: 'I want to fly to Rome' },
      { silenceMs: 4000 },
      { type: 'From Berlin' },
      { waitForReply: true },
    ],
    failAt: { tts: [2, 3, 4, 5, 6] },
    llm: [
      answer(/Berlin/i, 'Berlin to Rome. Which day?'),
      answer(/Rome/i, 'Rome, lovely. From which city?'),
    ],
    checks: [
      told(/voice is unavailable/i),
      order(['user', /Rome/], ['user', /Berlin/], ['assistant', /Berlin to Rome/]),
    ],
  },
  {
    name: 'flights-outage',
    description: 'The flight provider fails: the agent says so instead of inventing flights.',
    flights: { failNext: 20 },
    steps: [
      { say: 'I want to fly from Madrid to London next Monday' },
      { waitForReply: true, timeoutMs: 40_000 },
    ],
    llm: [
      speakToolResult,
      search(/Madrid/, {
        origin: 'Madrid',
        destination: 'London, UK',
        departure_date: 'next Monday',
        language: 'en',
      }),
    ],
    checks: [
      told(/unavailable|try again|could not|failed/i),
      order(['user', /Madrid/], ['assistant', /./]),
    ],
  },
  {
    name: 'network-drop',
    description:
      'The connection drops mid-conversation: the widget reconnects, keeps the transcript, and the conversation goes on.',
    fast: true,
    network: true,
    steps: [
      { say: 'I want to fly to Rome' },
      { waitForReply: true },
      { dropNetwork: true, downMs: 1500, livekitDownMs: 16_000 },
      { waitForState: 'listening', timeoutMs: 30_000 },
      { type: 'From Berlin, tomorrow morning' },
      { waitForReply: true },
    ],
    llm: [
      answer(/Berlin/i, 'Berlin to Rome tomorrow morning. Searching now.'),
      answer(/Rome/i, 'Rome, lovely. From which city?'),
    ],
    checks: [
      statesInclude('listening', 'reconnecting', 'listening'),
      order(
        ['user', /Rome/],
        ['assistant', /Rome, lovely/],
        ['user', /Berlin/],
        ['assistant', /Berlin to Rome/],
      ),
      // The widget resumed with the dropped session's resume token, not a new session token.
      sessionRequests(1),
    ],
  },
  {
    name: 'typed-and-voice',
    description: 'Typed text mixed with voice, in one conversation.',
    fast: true,
    steps: [
      { say: 'I want to fly to Rome' },
      { waitForReply: true },
      { type: 'From Berlin, tomorrow morning' },
      { waitForReply: true },
    ],
    llm: [
      answer(/Berlin/i, 'Berlin to Rome tomorrow morning. Searching now.'),
      answer(/Rome/i, 'Rome, lovely. From which city?'),
    ],
    checks: [
      order(
        ['user', /Rome/],
        ['assistant', /Rome, lovely/],
        ['user', /Berlin/],
        ['assistant', /Berlin to Rome/],
      ),
      noErrorsShown(),
    ],
  },
  {
    name: 'handoff',
    fast: true,
    description:
      'The caller asks for a person by voice, in Spanish: the model hands over, the host page gets polyglot-handoff, and the widget shows the partner’s page and number.',
    env: {
      POLYGLOT_PARTNERS: JSON.stringify([
        { key: 'demo', name: 'Polyglot demo', handoff: HANDOFF_TARGETS },
      ]),
    },
    steps: [
      { say: 'Quiero hablar con una persona', voice: 'es', language: 'es' },
      { waitForReply: true },
    ],
    llm: [
      {
        when: ({ lastUser, lastTool }) => lastTool !== undefined && /persona/i.test(lastUser),
        reply: { text: 'Le paso con una persona: tiene el enlace y el teléfono en pantalla.' },
      },
      {
        when: ({ lastUser, lastTool }) => lastTool === undefined && /persona/i.test(lastUser),
        reply: {
          toolCall: {
            name: 'transfer_to_human',
            arguments: {
              reason: 'human_requested',
              summary: 'Caller asked for a person; wrote ana@example.com, +34 612 345 678.',
            },
          },
        },
      },
    ],
    checks: [
      order(['user', /persona/], ['assistant', /Le paso con una persona/]),
      handedOff('human_requested', {
        url: HANDOFF_TARGETS.url,
        phone: HANDOFF_TARGETS.phone,
        queued: true,
      }),
      noErrorsShown(),
    ],
  },
  {
    name: 'policy-question',
    fast: true,
    description:
      'A policy question by voice, in Spanish: the model searches the demo partner’s English policies, answers from the passage, and the widget lists the source under the answer.',
    lang: 'es',
    steps: [
      { say: '¿Cuánto equipaje de mano puedo llevar?', voice: 'es', language: 'es' },
      { waitForReply: true },
    ],
    llm: [
      // The answer comes only from what the tool returned: without the passage, no reply.
      {
        when: ({ lastTool }) => lastTool !== undefined && /8 kg/.test(lastTool),
        reply: { text: 'Puede llevar una maleta de cabina de hasta 8 kg y un artículo personal.' },
      },
      {
        when: ({ lastUser, lastTool }) => lastTool === undefined && /equipaje/i.test(lastUser),
        reply: {
          toolCall: { name: 'search_knowledge', arguments: { query: 'cabin baggage allowance' } },
        },
      },
    ],
    checks: [
      order(['user', /equipaje/], ['assistant', /8 kg/]),
      cited(/Baggage policy/, 'https://demo.polyglot.example/help/baggage'),
      noErrorsShown(),
    ],
  },
  // Calls in 15 languages over the production providers, a mid-call switch, speech failovers.
  ...languageScenarios,
];
