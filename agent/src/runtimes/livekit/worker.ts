/**
 * The LiveKit runtime: a LiveKit Agents worker that joins the rooms our session endpoint creates
 * (explicit dispatch to agent name `polyglot`, see tokens.ts) and runs the same agent, pipeline and
 * tools as the local runtime. Transcripts and agent state go through the framework's room I/O
 * (`lk.transcription`, `lk.agent.state`); flight tool progress and results go on
 * `polyglot.events` (events.ts).
 *
 * `polyglot worker` runs it; `cli.runApp` forks job processes that import this file again and
 * call the default export's `prewarm` and `entry`.
 */
import {
  cli,
  defineAgent,
  inference,
  log,
  ServerOptions,
  voice,
  type JobContext,
  type JobProcess,
} from '@livekit/agents';
import { fileURLToPath } from 'node:url';
import { createAgent, enabledTools, greetingFor } from '../../agent.js';
import { ConfigError, loadConfig, type Config } from '../../config.js';
import { LatencyMetrics } from '../../observability/latency.js';
import { installPiiMasking } from '../../observability/pii.js';
import { partnerGreeting, type Partner } from '../../partners.js';
import { SESSION_CONNECT_OPTIONS, buildPipeline } from '../../providers/index.js';
import {
  createFlightTools,
  flightSearchFromEnv,
  getPlaceIndex,
} from '../../tools/flights/index.js';
import { turnHandling } from '../../turn-handling.js';
import { toolMessage } from '../tool-events.js';
import { createRoomEventPublisher, publishInterruptions } from './events.js';
import { AGENT_NAME } from './tokens.js';

interface ProcessData extends Record<string, unknown> {
  vad: inference.VAD;
}

export interface DispatchInfo {
  partner: Partner;
  lang: string;
}

export class DispatchError extends Error {
  readonly code = 'bad_dispatch';
  constructor(message: string) {
    super(message);
    this.name = 'DispatchError';
  }
}

/**
 * The partner and language a dispatch carries (the metadata `mintLiveKitSession` put in the
 * token's room configuration). A dispatch for an unknown partner is refused, never served with
 * another partner's tools.
 */
export function parseDispatch(metadata: string | undefined, config: Config): DispatchInfo {
  let raw: { partner?: unknown; lang?: unknown } = {};
  if (metadata) {
    try {
      raw = JSON.parse(metadata) as typeof raw;
    } catch {
      throw new DispatchError('dispatch metadata is not JSON');
    }
  }
  const key = typeof raw.partner === 'string' ? raw.partner : 'demo';
  const partner = config.partners.get(key);
  if (!partner) throw new DispatchError(`unknown partner "${key.slice(0, 64)}"`);
  const lang =
    typeof raw.lang === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(raw.lang)
      ? raw.lang
      : partner.defaultLanguage;
  return { partner, lang };
}

export default defineAgent<ProcessData>({
  // Once per job process, before any job: the VAD model and the place index load here, so the
  // first turn of a call does not pay for them.
  prewarm: (proc: JobProcess<ProcessData>) => {
    proc.userData.vad = new inference.VAD();
    getPlaceIndex();
  },
  entry: async (ctx: JobContext<ProcessData>) => {
    installPiiMasking(log());
    const logger = log().child({ component: 'worker', room: ctx.room.name });
    const config = loadConfig();
    let dispatch: DispatchInfo;
    try {
      dispatch = parseDispatch(ctx.job.metadata, config);
    } catch (err) {
      logger.error({ err }, 'refusing dispatch');
      ctx.shutdown('bad dispatch');
      return;
    }
    const { partner } = dispatch;
    let lang = dispatch.lang;
    await ctx.connect();

    const pipeline = buildPipeline(config, { language: lang });
    const flights = await flightSearchFromEnv();
    const publisher = createRoomEventPublisher(ctx.room.localParticipant!, logger);
    const tools = enabledTools(
      createFlightTools({
        search: flights.search,
        onEvent: (e) => publisher.publish(toolMessage(e)),
        onError: (err) => logger.warn({ err }, 'flight tool failed'),
      }),
      partner.tools,
    );
    const session = new voice.AgentSession({
      vad: ctx.proc.userData.vad,
      stt: pipeline.stt,
      llm: pipeline.llm,
      tts: pipeline.tts,
      turnHandling: turnHandling('livekit'),
      connOptions: SESSION_CONNECT_OPTIONS,
      // Cartesia sends word timestamps (words with their spaces): the room transcript follows the
      // voice. Sentence-aligned StreamAdapter transcripts (OpenAI, espeak) lose the spaces between
      // sentences in agents 1.9, so those follow the LLM text instead.
      useTtsAlignedTranscript: pipeline.choice.tts === 'cartesia',
    });
    publishInterruptions(session, publisher);
    const latency = new LatencyMetrics();
    const E = voice.AgentSessionEventTypes;
    session.on(E.UserInputTranscribed, (ev) => {
      if (ev.isFinal && ev.language && ev.language !== lang) {
        lang = ev.language;
        pipeline.setLanguage(ev.language);
      }
    });
    session.on(E.MetricsCollected, (ev) => {
      latency.observe(ev.metrics);
      if (ev.metrics.type === 'tts_metrics') {
        logger.debug({ latency: latency.summary() }, 'turn latency');
      }
    });
    session.on(E.Close, () => {
      logger.info({ partner: partner.key, latency: latency.summary() }, 'session ended');
    });

    await session.start({
      agent: createAgent({ lang, tools }),
      room: ctx.room,
    });
    logger.info({ partner: partner.key, lang }, 'session started');
    session.say(partnerGreeting(partner, lang) ?? greetingFor(lang));
  },
});

/**
 * `polyglot worker [start|dev]`: registers with LiveKit as agent `polyglot` and serves jobs.
 * Job processes are forked from this one; they load this TypeScript file through tsx, so the
 * loader is passed on in NODE_OPTIONS.
 */
export function runWorker(config: Config, mode: 'start' | 'dev' = 'start'): void {
  if (!config.livekit) {
    throw new ConfigError([
      'polyglot worker needs LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET (see docs/deployment.md)',
    ]);
  }
  const tsx = import.meta.resolve('tsx');
  if (!(process.env.NODE_OPTIONS ?? '').includes(tsx)) {
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${tsx}`.trim();
  }
  // cli.runApp parses process.argv itself (commander): hand it the sub-command.
  process.argv = [process.argv[0]!, process.argv[1]!, mode, '--log-level', config.logLevel];
  cli.runApp(
    new ServerOptions({
      agent: fileURLToPath(import.meta.url),
      agentName: AGENT_NAME,
      wsURL: config.livekit.url,
      apiKey: config.livekit.apiKey,
      apiSecret: config.livekit.apiSecret,
      production: mode === 'start',
      // Capacity is counted in sessions, not host CPU: the framework's default (CPU over 70%)
      // turns a worker away from every room while a busy host compiles or builds, and says
      // nothing about how many calls a process holds. POLYGLOT_MAX_SESSIONS is the same cap
      // `serve` applies to local sessions.
      loadFunc: async (server) => server.activeJobs.length / config.maxSessions,
      loadThreshold: 1,
    }),
  );
}
