/**
 * The LiveKit runtime: a LiveKit Agents worker that joins the rooms our session endpoint creates
 * (explicit dispatch to agent name `polyglot`, see tokens.ts) and runs the voice-session core in
 * each, with the framework's room I/O for audio (room-io.ts for the rest).
 *
 * `polyglot worker` runs it; `cli.runApp` forks a process per job that imports this file again
 * and calls the default export's `prewarm` and `entry`. The worker's main process keeps one flight
 * chain, the latency figures and the session records for all its jobs (hub.ts), and serves
 * `/healthz`, `/metrics` and the operator console (`/console`, docs/console.md) for them.
 */
import {
  cli,
  defineAgent,
  inference,
  log,
  ServerOptions,
  type JobContext,
  type JobProcess,
  voice,
} from '@livekit/agents';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { LANGUAGE_TAG_PATTERN, LIVEKIT } from '../../../../sdk/src/protocol/messages.js';
import { ConfigError, loadConfig, type Config } from '../../config.js';
import { LatencyMetrics } from '../../observability/latency.js';
import { installPiiMasking } from '../../observability/pii.js';
import { DIST_DIR, RUNNING_BUILD } from '../../paths.js';
import { sessionMetrics } from '../../observability/session-metrics.js';
import type { Partner } from '../../partners.js';
import { buildPipeline, chooseProviders } from '../../providers/index.js';
import { VoiceSession } from '../../session/voice-session.js';
import { SessionStore } from '../../state/session-store.js';
import { flightSearchFromEnv, getPlaceIndex } from '../../tools/flights/index.js';
import { turnInferenceFor } from '../../turn-handling.js';
import { flightToolsFor } from '../tool-events.js';
import { knowledgeLibraryFromConfig } from '../../knowledge/from-config.js';
import type { KnowledgeLibrary } from '../../knowledge/library.js';
import { connectHub, HUB_ENV, startWorkerHub, type HubClient, type WorkerHub } from './hub.js';
import { mintOperatorToken, TOKEN_TTL_SECONDS } from './tokens.js';
import { OperatorConsole } from '../../console/routes.js';
import { freePort } from '../../server/free-port.js';
import { HostPolicy } from '../../server/hosts.js';
import { apiError, sendJson } from '../../server/http-io.js';
import {
  awaitStart,
  createRoomEventPublisher,
  noticeAudioControl,
  TeeTextOutput,
} from './room-io.js';

/** How long a job waits for the widget's `start` message once the caller is in the room. */
const START_TIMEOUT_MS = 5_000;

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
    typeof raw.lang === 'string' && LANGUAGE_TAG_PATTERN.test(raw.lang)
      ? raw.lang
      : partner.defaultLanguage;
  return { partner, lang };
}

/** A job without a hub loads the knowledge bases itself, once per process. */
let jobKnowledge: Promise<KnowledgeLibrary> | undefined;
function ownKnowledge(config: Config, logger: Logger): Promise<KnowledgeLibrary> {
  jobKnowledge ??= (async () => {
    const library = knowledgeLibraryFromConfig(config, logger);
    await library.load();
    return library;
  })();
  return jobKnowledge;
}

/** The hub of the worker that forked this job process, once per process. */
let hubClient: Promise<HubClient | undefined> | undefined;
function hub(logger: Logger): Promise<HubClient | undefined> {
  const path = process.env[HUB_ENV];
  hubClient ??= path
    ? connectHub(path).catch((err: unknown) => {
        logger.error({ err }, 'cannot reach the worker hub: flights and metrics stay local');
        return undefined;
      })
    : Promise.resolve(undefined);
  return hubClient;
}

export default defineAgent<ProcessData>({
  // Once per job process, before any job: the VAD model and the place index load here, and the
  // hub connection opens, so the first turn of a call (and its greeting) does not pay for them.
  prewarm: (proc: JobProcess<ProcessData>) => {
    // The framework's job process keeps running on an unhandled rejection and logs it at debug
    // level only (agents-js 1.9 ipc/job_proc_lazy_main): say it where an operator looks.
    process.on('unhandledRejection', (err) =>
      log()
        .child({ component: 'worker' })
        .error({ err }, 'unhandled promise rejection in a job process (the job goes on)'),
    );
    proc.userData.vad = new inference.VAD();
    getPlaceIndex();
    void hub(log().child({ component: 'worker' }));
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
    // Where a job's first seconds go (ms since the entry ran), logged once the greeting is asked.
    const t0 = performance.now();
    const timeline: Record<string, number> = {};
    const mark = (step: string) => (timeline[step] = Math.round(performance.now() - t0));
    const starts = awaitStart(ctx.room, logger);
    const link = await hub(logger);
    mark('hub');
    await ctx.connect();
    mark('connected');
    // LiveKit tells the room of a participant that publishes nothing only in its 3 s batches of
    // updates (livekit-server's `subscriberUpdateInterval`), and the widget sends `start` when it
    // learns of the agent: without this the caller waited ~2.8 s for the job to begin. A change
    // of attributes is announced at once.
    ctx.room.localParticipant
      ?.setAttributes({ [LIVEKIT.ATTR_AGENT_STATE]: 'initializing' })
      .catch((err: unknown) => logger.warn({ err }, 'could not announce the agent to the room'));
    const caller = await ctx.waitForParticipant();
    mark('caller');
    const start = await starts.forParticipant(caller.identity, START_TIMEOUT_MS);
    mark('start');
    const lang = start.lang ?? dispatch.lang;
    const publisher = createRoomEventPublisher(ctx.room.localParticipant!, logger);

    let pipeline;
    try {
      pipeline = buildPipeline(config, { language: lang });
    } catch (err) {
      // Told to the caller, like the local runtime's provider_unavailable; then the job ends.
      publisher.publish({
        type: 'error',
        code: 'provider_unavailable',
        message: (err as Error).message,
        fatal: true,
      });
      await publisher.flushed();
      ctx.shutdown('providers missing');
      return;
    }
    // The partner's plan, checked now that the session opens (as `serve` does at the hello).
    const verdict = link
      ? await link.admit(partner.key, ctx.room.name ?? '')
      : { ok: true as const };
    if (!verdict.ok) {
      logger.warn({ partner: partner.key, reason: verdict.reason }, 'session refused');
      publisher.publish({
        type: 'error',
        code: 'session_limit',
        message: verdict.message,
        fatal: true,
      });
      await publisher.flushed();
      ctx.shutdown(verdict.reason);
      return;
    }
    // The worker's one chain, through the hub; a chain of this job's own only without a hub.
    const flights = link?.flights ?? (await flightSearchFromEnv()).search;
    const core = new VoiceSession({
      id: ctx.job.id,
      runtime: 'livekit',
      partner,
      partnerKey: partner.key,
      start: { ...start, lang },
      pipeline,
      send: (m) => publisher.publish(m),
      logger,
      buildTools: flightToolsFor(flights, logger),
      // The worker's indexes through the hub; without a hub (a job run alone), this job's own.
      knowledge: link?.knowledge ?? (await ownKnowledge(config, logger)),
      vad: ctx.proc.userData.vad,
      turnInference: turnInferenceFor(config.livekit?.url),
      onMetrics: (m) => link?.onMetrics(m),
      store: link?.store,
      onClosed: (reason) => ctx.shutdown(reason),
    });
    ctx.addShutdownCallback(async () => {
      await core.close('job ended');
      link?.session('ended');
    });
    // The operator console (served by the worker's main process) acts on this session.
    link?.onOperator((action) => {
      if (action.type !== 'end') return core.operator(action);
      logger.info({ operator: action.operator }, 'ended by a person in the console');
      // Said first, so the widget takes the agent's leaving as the end, not a drop.
      publisher.publish({ type: 'session_ended', reason: 'operator' });
      void publisher
        .flushed()
        .then(() => core.close('ended by operator'))
        .finally(() => ctx.shutdown('ended by operator'));
    });
    mark('admitted');
    await core.start({
      room: ctx.room,
      roomOptions: { participantIdentity: caller.identity },
    });
    mark('session');
    const out = core.agentSession.output;
    // The core numbers the transcript's turns beside the room's own lk.transcription stream.
    out.transcription = new TeeTextOutput(
      out.transcription ? [out.transcription, core.textOutput] : [core.textOutput],
    );
    if (out.audio) noticeAudioControl(out.audio, (m) => publisher.publish(m));
    starts.onOfferSelected(caller.identity, (offerId) => core.offerSelected(offerId));
    core.greet();
    mark('greeting');
    logger.info({ timeline }, 'job started');
    // The greeting's first frame leaves only once the agent's track is published and the caller
    // has subscribed to it (the framework waits for the subscription): when that happened.
    const onState = (ev: voice.AgentStateChangedEvent) => {
      if (ev.newState !== 'speaking') return;
      core.agentSession.off(voice.AgentSessionEventTypes.AgentStateChanged, onState);
      mark('speaking');
      logger.info({ timeline }, 'job speaking');
    };
    core.agentSession.on(voice.AgentSessionEventTypes.AgentStateChanged, onState);
  },
});

/**
 * `polyglot worker [start|dev]`: registers with LiveKit as agent `polyglot` and serves jobs.
 * Job processes are forked from this one and load the agent: the build's `livekit-agent.js`, or
 * this TypeScript file through tsx when the worker runs from the sources (the loader is then
 * passed on in NODE_OPTIONS).
 */
export function runWorker(config: Config, mode: 'start' | 'dev' = 'start'): void {
  if (!config.livekit) {
    throw new ConfigError([
      'polyglot worker needs LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET (see docs/deployment.md)',
    ]);
  }
  if (!RUNNING_BUILD) {
    const tsx = import.meta.resolve('tsx');
    if (!(process.env.NODE_OPTIONS ?? '').includes(tsx)) {
      process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${tsx}`.trim();
    }
  }
  void startWorkerServices(config).then((services) => {
    // Job processes inherit the environment: this is how they find the hub.
    process.env[HUB_ENV] = services.hub.path;
    // cli.runApp parses process.argv itself (commander): hand it the sub-command.
    process.argv = [process.argv[0]!, process.argv[1]!, mode, '--log-level', config.logLevel];
    cli.runApp(
      new ServerOptions({
        agent: RUNNING_BUILD ? join(DIST_DIR, 'livekit-agent.js') : fileURLToPath(import.meta.url),
        agentName: LIVEKIT.AGENT_NAME,
        wsURL: config.livekit!.url,
        apiKey: config.livekit!.apiKey,
        apiSecret: config.livekit!.apiSecret,
        production: mode === 'start',
        // Capacity is counted in sessions, not host CPU: the framework's default (CPU over 70%)
        // turns a worker away from every room while a busy host compiles or builds, and says
        // nothing about how many calls a process holds. POLYGLOT_MAX_SESSIONS is the same cap
        // `serve` applies to local sessions.
        loadFunc: async (server) => server.activeJobs.length / config.maxSessions,
        // In this (main) process, before a job process is spent: a room served before is a
        // replayed session token (hub.ts, claimRoom). The widget tells its caller when no agent
        // joins (AGENT_JOIN_TIMEOUT_MS).
        requestFunc: async (req) => {
          const room = req.room?.name ?? '';
          if (services.hub.claimRoom(room)) return req.accept();
          services.logger.warn(
            { room, reason: 'token_replayed' },
            'job refused: room served before',
          );
          return req.reject();
        },
        loadThreshold: 1,
        // The framework's own health server would take 8081; ours serves /healthz and /metrics.
        port: services.frameworkPort,
      }),
    );
  });
}

/**
 * What the worker's main process runs beside the framework: the hub its jobs use, and an HTTP
 * server with `/healthz` and `/metrics` on WORKER_HTTP_PORT (8081 by default, where the
 * framework's own health check would be; that one moves to an ephemeral port).
 */
async function startWorkerServices(
  config: Config,
): Promise<{ hub: WorkerHub; http: Server; frameworkPort: number; logger: Logger }> {
  const logger = log().child({ component: 'worker' });
  const latency = new LatencyMetrics();
  const store = new SessionStore({
    ttlMs: config.stateTtlMs,
    maxBytes: config.stateMaxBytes,
    historyTtlMs: config.historyTtlMs,
  });
  const flights = await flightSearchFromEnv();
  // One copy of each knowledge base per worker; jobs search it through the hub. SIGHUP reloads.
  const knowledge = knowledgeLibraryFromConfig(config, logger);
  await knowledge.load();
  process.on('SIGHUP', () => {
    logger.info('SIGHUP: reloading knowledge');
    knowledge.load().catch((err: unknown) => logger.error({ err }, 'knowledge reload failed'));
  });
  const workerHub = await startWorkerHub({
    flights: flights.search,
    knowledge,
    latency,
    store,
    logger,
    partners: config.partners,
    roomTtlMs: TOKEN_TTL_SECONDS * 1000,
  });
  const startedAt = Date.now();
  const health = () => {
    const choice = chooseProviders(config);
    return {
      status: choice.missing.length === 0 ? 'ok' : 'degraded',
      runtime: 'livekit',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      sessions: workerHub.active,
      latency: latency.summary(),
      state: store.stats(),
      providers: { stt: choice.stt ?? null, llm: choice.llm ?? null, tts: choice.tts ?? null },
      flights: { configured: flights.config.configured, order: flights.config.order },
      knowledge: knowledge.health(),
    };
  };
  // The console of the sessions this worker's jobs run: they are here, in the hub's store, and
  // the hub relays the console's actions to the job that runs the session (docs/console.md).
  const hosts = new HostPolicy({ allowedHosts: config.allowedHosts, publicUrl: config.publicUrl });
  const operatorConsole = new OperatorConsole({
    config,
    logger,
    hosts,
    runtime: {
      store,
      operator: (id, action) => workerHub.operator(id, action),
      joinByVoice: async (id, username) => {
        const room = workerHub.room(id);
        return room ? mintOperatorToken(config.livekit!, { room, username }) : undefined;
      },
    },
  });
  const http = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/console' || path.startsWith('/console/')) {
      const host = hosts.check(req.headers.host);
      if (!host.ok) return sendJson(res, host.status, apiError(host.code, host.message));
      operatorConsole.handle(req, res, path, host.host).catch((err: unknown) => {
        logger.error({ err, path }, 'console request failed');
        if (!res.headersSent) sendJson(res, 500, apiError('internal', 'Internal error.'));
        else res.end();
      });
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(health()));
    } else if (path === '/metrics') {
      const counts = {
        active: workerHub.active,
        total: workerHub.total,
        rejected: workerHub.refused,
      };
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(sessionMetrics(counts, store, latency).join('\n') + '\n');
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'not_found', message: `No route for ${path}.` } }));
    }
  });
  const port = Number(process.env.WORKER_HTTP_PORT ?? 8081);
  await new Promise<void>((ok) => http.listen(port, ok));
  logger.info({ port, hub: workerHub.path }, 'worker health and metrics listening');
  const frameworkPort = await freePort();
  return { hub: workerHub, http, frameworkPort, logger };
}
