/**
 * `polyglot serve`: the demo page, the CDN bundle, the session endpoint, health and metrics,
 * the operator console and the local runtime's WebSocket, on one port.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type {
  ApiError,
  SessionDescriptor,
  SessionSettings,
} from '../../../sdk/src/protocol/messages.js';
import { MAX_AUDIO_FRAME_BYTES } from '../../../sdk/src/protocol/messages.js';
import type { Config } from '../config.js';
import { EventLoopMonitor } from '../observability/event-loop.js';
import { chooseProviders, describeMissing, missingVariables } from '../providers/index.js';
import { LocalRuntime } from '../runtimes/local/runtime.js';
import { DEMO_PARTNER_KEY, type Partner } from '../partners.js';
import { HostPolicy, type HostCheck } from './hosts.js';
import { installProcessGuards } from './process-guards.js';
import { addressKey, RateLimiter } from './rate-limit.js';
import { flightSearchFromEnv } from '../tools/flights/index.js';
import { REPO_ROOT } from '../paths.js';
import { knowledgeLibraryFromConfig } from '../knowledge/from-config.js';
import type { KnowledgeLibrary } from '../knowledge/library.js';
import { timingSafeEqual } from 'node:crypto';
import { setupNeeded } from './setup.js';
import { issueToken } from './tokens.js';
import { OperatorConsole } from '../console/routes.js';
import { apiError, readJson, RequestError, sendJson } from './http-io.js';

export const DEMO_DIR = join(REPO_ROOT, 'demo');
export const CDN_DIR = join(REPO_ROOT, 'sdk', 'dist', 'cdn');
export const WS_PATH = '/v1/session';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export interface ServerOptions {
  config: Config;
  logger: Logger;
  version: string;
  /** Environment for the flight providers (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  runtime?: LocalRuntime;
  /** The knowledge bases (default: loaded here from the partners' configuration). */
  knowledge?: KnowledgeLibrary;
  /** Clock for rate limits (tests inject one). */
  now?: () => number;
}

export interface RunningServer {
  server: Server;
  url: string;
  runtime: LocalRuntime;
  /** The partners' knowledge bases: `reloadKnowledge()` reads their documents again. */
  knowledge: KnowledgeLibrary;
  reloadKnowledge(): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { config, logger } = opts;
  installProcessGuards(logger);
  // One flight chain per process: its cache, breakers and de-duplication serve every session.
  const flights = await flightSearchFromEnv(opts.env ?? process.env);
  // Knowledge bases load before the first session; a file that cannot be read is reported and
  // skipped, never a reason not to start.
  const knowledge = opts.knowledge ?? knowledgeLibraryFromConfig(config, logger);
  if (!opts.knowledge) await knowledge.load();
  // Session threads search on this chain and these indexes too (remote-*.ts).
  const now = opts.now ?? Date.now;
  const runtime =
    opts.runtime ?? new LocalRuntime({ config, logger, flights: flights.search, knowledge, now });
  await runtime.ready();
  const hosts = new HostPolicy({ allowedHosts: config.allowedHosts, publicUrl: config.publicUrl });
  if (!config.allowedHosts && !config.publicUrl && !isLoopback(config.host)) {
    logger.warn(
      { host: config.host },
      'only loopback Host names are answered: set PUBLIC_URL or POLYGLOT_ALLOWED_HOSTS for other clients',
    );
  }
  // The operator console (docs/console.md): its page, sign-in, live view and actions.
  const operatorConsole = new OperatorConsole({ config, logger, runtime, hosts, now });
  const perIpRate = config.sessionsPerIpPerMinute;
  const perIp = new RateLimiter(perIpRate, perIpRate / 60_000, now);
  // Socket upgrades per address: twice the session rate leaves room for a reconnect per session.
  const perIpSockets = new RateLimiter(2 * perIpRate, (2 * perIpRate) / 60_000, now);
  const perPartner = new Map<string, RateLimiter>();
  const partnerLimiter = (p: Partner) => {
    let l = perPartner.get(p.key);
    if (!l) {
      l = new RateLimiter(p.sessionsPerMinute, p.sessionsPerMinute / 60_000, now);
      perPartner.set(p.key, l);
    }
    return l;
  };
  const startedAt = Date.now();
  const eventLoop = new EventLoopMonitor();

  // Explicit timeouts, so a client that trickles its headers or body cannot hold a request for
  // minutes (Node's defaults: 60 s for headers, 300 s for the request, checked every 30 s).
  const t = config.http;
  const server = createServer(
    {
      headersTimeout: t.headersTimeoutMs,
      requestTimeout: t.requestTimeoutMs,
      keepAliveTimeout: Math.min(5_000, t.idleTimeoutMs),
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1_000, Math.floor(Math.min(t.headersTimeoutMs, t.requestTimeoutMs) / 4)),
      ),
    },
    (req, res) => {
      handle(req, res).catch((err: unknown) => {
        logger.error({ err }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, apiError('internal', 'Internal server error.'));
        else res.destroy();
      });
    },
  );
  // Idle sockets (no bytes either way); `ws` clears it on the sockets it upgrades.
  server.timeout = t.idleTimeoutMs;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    // Health and metrics answer any Host: container health checks and scrapers use the task's
    // address, and neither says anything a page could misuse. Everything else is ours only.
    if (path === '/healthz') return sendJson(res, 200, health());
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(runtime.metrics() + eventLoop.prometheus());
      return;
    }
    const host = hosts.check(req.headers.host);
    if (!host.ok) return sendJson(res, host.status, apiError(host.code, host.message));
    if (path === '/api/session') return sessionEndpoint(req, res, host.host);
    if (path === '/admin/knowledge/reload') return reloadEndpoint(req, res);
    if (path === '/console' || path.startsWith('/console/'))
      return operatorConsole.handle(req, res, path, host.host);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendJson(
        res,
        405,
        apiError('method_not_allowed', `${req.method} is not allowed here.`),
      );
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/' || path === '/index.html') return sendFile(res, join(DEMO_DIR, 'index.html'));
    if (path.startsWith('/demo/')) return sendStatic(res, DEMO_DIR, path.slice('/demo/'.length));
    if (/^\/[\w.-]+\.js(\.map)?$/.test(path)) return sendStatic(res, CDN_DIR, path.slice(1), true);
    return sendJson(res, 404, apiError('not_found', `No route for ${path}.`));
  }

  async function reloadKnowledge(): Promise<void> {
    const reports = await knowledge.load();
    logger.info(
      { partners: reports.length, passages: reports.reduce((n, r) => n + r.chunks, 0) },
      'knowledge reloaded',
    );
  }

  /** `POST /admin/knowledge/reload` with `Authorization: Bearer POLYGLOT_ADMIN_TOKEN`. */
  async function reloadEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = config.adminToken;
    if (!token) return sendJson(res, 404, apiError('not_found', 'No route for this path.'));
    if (req.method !== 'POST')
      return sendJson(res, 405, apiError('method_not_allowed', 'Use POST to reload.'));
    const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
    const want = Buffer.from(token);
    if (given.length !== want.length || !timingSafeEqual(given, want)) {
      logger.warn({ address: req.socket.remoteAddress }, 'admin request refused');
      return sendJson(res, 401, apiError('unauthorized', 'A valid admin token is required.'));
    }
    await reloadKnowledge();
    return sendJson(res, 200, { knowledge: knowledgeSummary() });
  }

  function knowledgeSummary() {
    return knowledge.reports.map((r) => ({
      partner: r.partner,
      files: r.files.length,
      passages: r.chunks,
      skipped: r.skipped,
      embeddings: r.embeddings.state,
      loadedAt: r.loadedAt,
    }));
  }

  function health() {
    const choice = chooseProviders(config);
    return {
      status: choice.missing.length === 0 ? 'ok' : 'degraded',
      version: opts.version,
      runtime: config.livekit ? 'livekit' : 'local',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      sessions: runtime.activeSessions,
      sessionsClosing: runtime.closingSessions,
      socketsPending: runtime.pendingSockets,
      latency: runtime.latency.summary(),
      eventLoop: eventLoop.summary(),
      shards: runtime.shards(),
      state: runtime.store.stats(),
      providers: { stt: choice.stt ?? null, llm: choice.llm ?? null, tts: choice.tts ?? null },
      flights: { configured: flights.config.configured, order: flights.config.order },
      knowledge: knowledge.health(),
      missing: missingVariables(choice),
      setup: setupNeeded(choice, flights.config),
    };
  }

  async function sessionEndpoint(
    req: IncomingMessage,
    res: ServerResponse,
    host: string,
  ): Promise<void> {
    const origin = req.headers.origin ?? null;
    // Every answer here is readable by the page that asked, refusals included: a refusal the
    // browser hides shows up in the widget as "could not reach the assistant", which tells the
    // partner's developer nothing. Only a 200 carries a token, and only an allowed origin gets one.
    if (origin) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      // The preflight carries no body, so no partner key. It is answered 204 even for an origin
      // no partner allows: the Fetch standard turns a failed preflight into a network error, and
      // the page would never see the POST's 403 that says which setting to change.
      if (!originAllowed(origin, host)) refuseOrigin(origin, undefined, 'preflight');
      res.writeHead(204, {
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (req.method !== 'POST') {
      return sendJson(res, 405, apiError('method_not_allowed', 'Use POST to open a session.'));
    }
    const ip = addressKey(req.socket.remoteAddress);
    if (!perIp.take(ip)) {
      res.setHeader('retry-after', String(Math.ceil(60 / perIpRate)));
      return sendJson(
        res,
        429,
        apiError('rate_limited', 'Too many sessions from this address; try again shortly.'),
      );
    }
    let body: { lang?: unknown; partnerKey?: unknown };
    try {
      body = await readJson(req, 4096, t.bodyTimeoutMs);
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      // The rest of the body is not read: the connection goes with the answer (a client too slow
      // to send 4 KB, or one sending more, is not kept waiting on).
      res.setHeader('connection', 'close');
      return sendJson(res, err.status, apiError(err.code, err.message));
    }
    const key = body.partnerKey ?? DEMO_PARTNER_KEY;
    const partner = typeof key === 'string' ? config.partners.get(key) : undefined;
    if (!partner) {
      // A wrong key is the commonest embedding mistake, and says nothing secret.
      return sendJson(
        res,
        403,
        apiError(
          'unknown_partner',
          `No partner has the key ${JSON.stringify(String(key).slice(0, 64))}: check the widget's partner-key attribute.`,
        ),
      );
    }
    if (origin && !config.partners.originAllowed(partner, origin, hosts.ownOrigins(host))) {
      return sendJson(res, 403, refuseOrigin(origin, partner.key, 'session'));
    }
    if (!partnerLimiter(partner).take(partner.key)) {
      res.setHeader('retry-after', String(Math.ceil(60 / partner.sessionsPerMinute)));
      return sendJson(
        res,
        429,
        apiError(
          'rate_limited',
          'This site is opening sessions faster than its plan allows; try again shortly.',
        ),
      );
    }
    const lang =
      typeof body.lang === 'string' && /^[A-Za-z-]{2,20}$/.test(body.lang)
        ? body.lang
        : partner.defaultLanguage;
    const choice = chooseProviders(config);
    if (choice.missing.length > 0) {
      const missing = missingVariables(choice);
      return sendJson(res, 503, {
        error: {
          code: 'providers_missing',
          message: `The voice assistant is not configured on this server. ${describeMissing(choice)}.`,
          missing,
        },
      } satisfies ApiError);
    }
    // What the widget needs of the partner's configuration, in either runtime.
    const settings: SessionSettings = { offerLinkTemplate: partner.offerLinkTemplate };
    if (config.livekit) {
      const { mintLiveKitSession } = await import('../runtimes/livekit/tokens.js');
      const descriptor = await mintLiveKitSession(config.livekit, {
        partner: partner.key,
        lang,
        logger,
      });
      return sendJson(res, 200, { ...descriptor, ...settings } satisfies SessionDescriptor);
    }
    const { token, claims } = issueToken(
      config.sessionSecret,
      { partner: partner.key, origin, lang },
      now(),
    );
    const descriptor: SessionDescriptor = {
      transport: 'local',
      url: websocketUrl(host),
      token,
      expiresAt: claims.exp,
      ...settings,
    };
    return sendJson(res, 200, descriptor);
  }

  /** The socket URL handed out: on PUBLIC_URL, else on the request's checked Host. */
  function websocketUrl(host: string): string {
    const u = new URL(WS_PATH, hosts.baseUrl(host));
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    return u.toString();
  }

  /**
   * Logs a page origin's refusal with the setting that would allow it, and returns the JSON error
   * the page gets. `partner` is unknown for a preflight and a socket (neither carries a key).
   */
  function refuseOrigin(
    origin: string | null,
    partner: string | undefined,
    what: 'preflight' | 'session' | 'websocket',
  ): ApiError {
    const body = originError(origin, partner);
    logger.warn(
      { origin, partner, setting: originSetting(partner), request: what },
      `origin not allowed (${what}): ${body.error.message}`,
    );
    return body;
  }

  /** Is the page allowed for some partner? (No Origin header: a server-side caller, not a page.) */
  function originAllowed(origin: string | null, host: string): boolean {
    if (!origin) return true;
    return config.partners.anyAllows(origin, hosts.ownOrigins(host));
  }

  // The socket-level ceiling sits well above our frame limits, so an oversized frame gets a
  // protocol error and the session survives; only absurd frames make `ws` drop the socket (1009).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * MAX_AUDIO_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin ?? null;
    const host: HostCheck = hosts.check(req.headers.host);
    if (!host.ok) {
      socket.end(rawJson(host.status, apiError(host.code, host.message)));
      return;
    }
    if (url.pathname !== WS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    if (!originAllowed(origin, host.host)) {
      refuseOrigin(origin, undefined, 'websocket');
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const address = addressKey(req.socket.remoteAddress);
    if (!perIpSockets.take(address) || !runtime.pendingAllowed(address)) {
      socket.end('HTTP/1.1 429 Too Many Requests\r\nretry-after: 10\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => runtime.accept(ws, { origin, address }));
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, () => ok());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  return {
    server,
    url,
    runtime,
    knowledge,
    reloadKnowledge,
    async close() {
      eventLoop.close();
      operatorConsole.close(); // its event streams would hold server.close() open
      await runtime.closeAll();
      wss.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
    },
  };
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 421: 'Misdirected Request' };

/** A whole HTTP response with a JSON body, for a socket that is not upgraded. */
function rawJson(status: number, body: unknown): string {
  const text = JSON.stringify(body);
  return (
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}\r\n` +
    'content-type: application/json; charset=utf-8\r\n' +
    `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`
  );
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * The setting that allows a page origin, named the same way in every refusal and log line: the
 * demo partner's list is POLYGLOT_ALLOWED_ORIGINS, any other partner's is its allowedOrigins
 * (POLYGLOT_PARTNERS or POLYGLOT_PARTNERS_FILE). Unknown partner (a preflight, a socket): both.
 */
function originSetting(partner: string | undefined): string {
  if (partner === DEMO_PARTNER_KEY) return 'POLYGLOT_ALLOWED_ORIGINS';
  if (partner) return `allowedOrigins of partner "${partner}"`;
  return 'POLYGLOT_ALLOWED_ORIGINS (demo partner) or allowedOrigins of the partner the page names';
}

function originError(origin: string | null, partner: string | undefined): ApiError {
  return apiError(
    'origin_not_allowed',
    `Pages on ${origin ?? 'this origin'} may not open sessions: add the origin to ${originSetting(partner)}.`,
  );
}

function sendStatic(res: ServerResponse, dir: string, rel: string, cors = false): void {
  const file = normalize(join(dir, rel));
  if (!file.startsWith(dir + sep)) return sendJson(res, 404, apiError('not_found', 'Not found.'));
  if (cors) res.setHeader('access-control-allow-origin', '*');
  sendFile(res, file);
}

function sendFile(res: ServerResponse, file: string): void {
  if (!existsSync(file) || !statSync(file).isFile()) {
    const hint = file.startsWith(CDN_DIR) ? ' Run `npm run build` to build the widget.' : '';
    return sendJson(res, 404, apiError('not_found', `Not found.${hint}`));
  }
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
  });
  createReadStream(file).pipe(res);
}
