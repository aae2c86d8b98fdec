/**
 * `polyglot config check`: what this environment runs, and for each gap the variable to set.
 * It reads configuration exactly as `serve` and `worker` do (loadConfig, chooseProviders,
 * flightProvidersFromEnv), so what it prints is what runs. It never prints a secret.
 *
 * Exit codes: 0 everything needed is configured; 1 something is missing (voice pipeline or
 * flight search); 2 the configuration is invalid.
 */
import { ConfigError, loadConfig, type Config, type LoadConfigOptions } from '../config.js';
import { chooseProviders } from '../providers/index.js';
import { flightProvidersFromEnv } from '../tools/flights/index.js';

export interface ConfigCheckIo {
  out?: (line: string) => void;
  err?: (line: string) => void;
}

const OK = '✓';
const NO = '✗';
const WARN = '!';
/** Not configured, and not needed: an alternative to something that is. */
const OPTIONAL = '-';

function host(url: string | undefined): string | undefined {
  return url ? new URL(url).host : undefined;
}

export function run(
  env: NodeJS.ProcessEnv = process.env,
  io: ConfigCheckIo = {},
  opts: LoadConfigOptions = {},
): number {
  const out = io.out ?? ((s: string) => console.log(s));
  const err = io.err ?? ((s: string) => console.error(s));
  let config: Config;
  try {
    config = loadConfig(env, opts);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
  let missing = false;
  const line = (mark: string, label: string, text: string) =>
    out(`  ${mark} ${label.padEnd(16)} ${text}`);

  const choice = chooseProviders(config);
  out('Voice pipeline');
  const via = (base: string | undefined) => (base ? ` via ${host(base)}` : '');
  if (choice.stt === 'deepgram') {
    line(OK, 'speech-to-text', `Deepgram nova-3, multi${via(config.deepgram.baseUrl)}`);
  } else if (choice.stt === 'openai') {
    line(
      OK,
      'speech-to-text',
      `OpenAI ${config.openai.sttModel}${via(config.openai.baseURL)} (set DEEPGRAM_API_KEY for Deepgram nova-3 with interim results)`,
    );
  } else {
    missing = true;
    line(NO, 'speech-to-text', 'not configured: set DEEPGRAM_API_KEY or OPENAI_API_KEY');
  }
  if (choice.llm) {
    line(OK, 'LLM', `${config.openai.llmModel}${via(config.openai.baseURL)}`);
  } else {
    missing = true;
    line(NO, 'LLM', 'not configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for other hosts)');
  }
  if (choice.tts === 'cartesia') {
    line(OK, 'text-to-speech', `Cartesia sonic-2, multilingual${via(config.cartesia.baseUrl)}`);
  } else if (choice.tts === 'openai') {
    line(
      OK,
      'text-to-speech',
      `OpenAI ${config.openai.ttsModel}, voice ${config.openai.ttsVoice}${via(config.openai.baseURL)} (set CARTESIA_API_KEY for Cartesia Sonic)`,
    );
  } else if (choice.tts === 'espeak') {
    line(WARN, 'text-to-speech', 'espeak-ng (POLYGLOT_TTS=espeak: offline development voice)');
  } else {
    missing = true;
    line(NO, 'text-to-speech', 'not configured: set CARTESIA_API_KEY or OPENAI_API_KEY');
  }

  out('Flight search');
  const flights = flightProvidersFromEnv(env);
  for (const r of flights.report) {
    const inChain = flights.configured.includes(r.provider);
    if (r.configured && inChain) line(OK, r.provider, 'configured');
    else if (r.configured) line(WARN, r.provider, 'configured but not in FLIGHT_PROVIDERS');
    else {
      const mark = flights.configured.length > 0 ? OPTIONAL : NO;
      line(mark, r.provider, `not configured: set ${r.missing.join(' and ')}`);
    }
  }
  if (flights.configured.length > 0) {
    line(OK, 'order', flights.configured.join(' -> '));
  } else {
    missing = true;
    line(NO, 'order', 'no provider: the assistant will say flight search is not set up');
  }
  for (const p of flights.problems) {
    missing = true;
    line(NO, 'problem', p);
  }

  out('Runtime');
  if (config.livekit) {
    line(OK, 'transport', `LiveKit ${host(config.livekit.url)}: sessions get LiveKit tokens`);
    line(OK, 'worker', '`polyglot worker` can register (agent name "polyglot")');
  } else {
    line(OK, 'transport', 'local WebSocket (this process hosts the sessions)');
    line(
      OPTIONAL,
      'worker',
      '`polyglot worker` needs LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET',
    );
  }
  line(
    env.POLYGLOT_SESSION_SECRET?.trim() ? OK : WARN,
    'session secret',
    env.POLYGLOT_SESSION_SECRET?.trim()
      ? 'POLYGLOT_SESSION_SECRET is set'
      : 'random per process: tokens die with a restart (set POLYGLOT_SESSION_SECRET)',
  );
  line(
    OK,
    'limits',
    `${config.maxSessions} sessions on ${config.sessionThreads ? `${config.sessionThreads} session threads` : 'the main thread'}, idle ${config.idleTimeoutMs / 1000} s, ${config.sessionsPerIpPerMinute}/min per address`,
  );

  out('Partners');
  const source =
    config.partnersSource === 'default'
      ? 'only the demo partner (set POLYGLOT_PARTNERS_FILE or POLYGLOT_PARTNERS)'
      : `from ${config.partnersSource}`;
  line(config.partnersSource === 'default' ? WARN : OK, 'source', source);
  for (const p of config.partners.all) {
    const origins =
      p.key === 'demo'
        ? ['same origin', ...p.allowedOrigins].join(', ')
        : p.allowedOrigins.join(', ') || 'none (no page can open a session)';
    const h = p.handoff;
    const handoff = h
      ? [
          h.url && `page ${h.url}`,
          h.phone && `phone ${h.phone}`,
          h.queue && `console queue ${h.queue}`,
        ]
          .filter(Boolean)
          .join(', ')
      : 'none (callers are told no person is available)';
    line(
      p.key !== 'demo' && p.allowedOrigins.length === 0 ? WARN : OK,
      p.key,
      `${p.name}; origins: ${origins}; ${p.defaultLanguage}; tools: ${p.tools.filter((t) => t !== 'search_knowledge' || p.knowledge).join(', ') || 'none'};${p.knowledge ? ` knowledge: ${p.knowledge.sources.length} source(s), see \`polyglot kb check\`;` : ''} ${p.sessionsPerMinute}/min; handoff: ${handoff}`,
    );
  }

  out(
    missing
      ? '\nSomething is missing: set the variables named above (see docs/configuration.md).'
      : '\nEverything needed is configured.',
  );
  return missing ? 1 : 0;
}
