/**
 * docs/languages.md, written from the table (`npm run docs:languages`); a test fails when the
 * file in the repository differs from what this writes.
 */
import { ALL_PROVIDERS, CAPABILITIES, routeFor } from './capabilities.js';
import { describeChain, describeStt, describeTts } from './describe.js';
import { resolveLanguage } from './resolve.js';
import { PROVIDER_LISTS } from './sources.js';

/** Tags whose resolution the page shows. */
const RESOLUTION_EXAMPLES = [
  'pt-BR',
  'es-419',
  'en_GB',
  'sr-Latn',
  'zh-TW',
  'zh-Hant-HK',
  'zh-HK',
  'zh-CN',
  'fil',
  'iw',
  'in',
  'nb',
  'ar-EG',
  'fa-IR',
];

const cell = (s: string) => s.replaceAll('|', '\\|');

export function languagesMarkdown(): string {
  const routes = CAPABILITIES.map((c) => ({ cap: c, route: routeFor(c, ALL_PROVIDERS) }));
  const heard = routes.filter((r) => r.route.stt.length > 0).length;
  const voiced = routes.filter((r) => r.route.tts.length > 0);
  const text = routes.filter((r) => r.route.tts.length === 0);
  const deepgram = routes.filter((r) => r.route.stt[0]?.provider === 'deepgram').length;
  const detects = routes.filter(
    (r) => r.route.stt[0]?.provider === 'deepgram' && r.route.stt[0].detects,
  ).length;
  const limited = routes.filter(
    (r) => r.route.stt[0]?.provider === 'openai' && r.route.stt[0].quality === 'limited',
  );
  const cartesia = voiced.filter((r) => r.route.tts[0]?.provider === 'cartesia').length;
  const lines: string[] = [
    '# Languages',
    '',
    '<!-- Generated from agent/src/languages/ by `npm run docs:languages`. Do not edit by hand:',
    '     a test fails when this file and the code disagree. -->',
    '',
    '> **Sessions follow this table.** A session starts on the routes of its language (the',
    "> page's, or the caller's) and moves when the recogniser reports another; a reply in a",
    "> language with no voice is text (the `language` message says `voice: false`; the widget's",
    '> notice for it: part `text-only`). Every row is greeted in its own language',
    "> (`greetings.ts`, machine-written). A tag outside the table starts on English's routes,",
    "> and the `language` message's `hears` tells the widget which languages are heard (part",
    '> `not-heard`). Proof: `agent/src/providers/language-routes.test.ts`',
    '> walks every row through the protocol fakes; the simulator holds calls in 17 of these',
    '> languages (`lang-*`), a mid-call switch between a Deepgram and an OpenAI-only language and',
    '> Deepgram and Cartesia outages (docs/simulation.md § Languages).',
    '',
    `By this table Polyglot hears and answers **${heard} languages**; **${voiced.length}** of them`,
    `get a natural voice, and **${text.length}** are answered in text only. The table is`,
    "`agent/src/languages/`: each provider's published list is data there, with its source and the",
    'date we read it, and every route below is computed from those lists.',
    '',
    `- Speech-to-text: ${deepgram} languages go to Deepgram Nova-3 (${detects} of them to \`multi\`,`,
    '  which tells which language it heard, so a caller who switches is followed); the rest go to',
    `  OpenAI transcription. For ${limited.length} of those OpenAI promises nothing (they are among`,
    "  Whisper's training languages, not in its supported list): marked *limited* below. OpenAI is",
    '  also the failover of every Deepgram route.',
    `- Voice: ${cartesia} languages are voiced by Cartesia Sonic-3, the others with a voice by OpenAI`,
    "  TTS (also Cartesia's failover). A language with neither is answered in text: the reply is not",
    '  voiced and the widget says that it hears the language but answers it in writing. espeak-ng',
    '  (`POLYGLOT_TTS=espeak`) voices every language in development and never in this table.',
    '',
    "See the route for one tag, with this deployment's keys: `npx polyglot languages pt-BR`",
    '(`--json` for machines).',
    '',
    '## Sources',
    '',
    '| List | Read on | How | Note |',
    '| --- | --- | --- | --- |',
    ...PROVIDER_LISTS.map(
      (l) => `| [${cell(l.title)}](${l.url}) | ${l.taken} | ${l.seen} | ${cell(l.note ?? '')} |`,
    ),
    '',
    "*How*: `provider`, read on the provider's own page; `mirror`, a copy of the provider's page",
    "on another site; `secondary`, a partner's documentation restating it. Nothing here was checked",
    'against the live APIs: the tests check that each request carries the parameters these lists',
    'call for, against protocol fakes.',
    '',
    '## Tags',
    '',
    "A page's or caller's BCP-47 tag resolves to a row: regions and scripts to their language,",
    'old and alternative codes to the current one, Chinese by script and region. An unknown or',
    'malformed tag is an error (`polyglot languages xx` exits 2).',
    '',
    '| Tag | Resolves to | Script | Direction |',
    '| --- | --- | --- | --- |',
    ...RESOLUTION_EXAMPLES.map((t) => {
      const r = resolveLanguage(t);
      return `| \`${t}\` | ${r.capability.tag} (${r.capability.name}) | ${r.script} | ${r.dir} |`;
    }),
    '',
    '## The table',
    '',
    '| Tag | Language | Native | Script | Speech-to-text | Voice |',
    '| --- | --- | --- | --- | --- | --- |',
    ...routes.map(
      ({ cap, route }) =>
        `| \`${cap.tag}\` | ${cell(cap.name)} | ${cell(cap.native)} | ${cap.script}${cap.dir === 'rtl' ? ' (rtl)' : ''} | ` +
        `${describeChain(route.stt, describeStt, 'not heard')} | ${describeChain(route.tts, describeTts, '**text only**')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
