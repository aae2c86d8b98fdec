/**
 * The operator console's routes, under `/console`: the page and its script (open: they hold no
 * data), then the API, every route of which needs a signed-in operator, and every
 * state-changing one the session's CSRF token from one of the server's own origins. An operator
 * sees and acts on their own partner's sessions only (another partner's answer 404, as if they did
 * not exist); an admin on every partner's. Every action is audited.
 */
import { createReadStream, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { REPO_ROOT } from '../paths.js';
import type { HostPolicy } from '../server/hosts.js';
import { apiError, readJson, RequestError, sendJson } from '../server/http-io.js';
import { addressKey } from '../server/rate-limit.js';
import { MAX_OPERATOR_TEXT_CHARS, type OperatorAction } from '../session/operator-control.js';
import type { SessionStore } from '../state/session-store.js';
import { analyse, toCsv } from '../state/history.js';
import { AuditLog } from './audit.js';
import { ConsoleAuth, sessionCookie, COOKIE_NAME, type ConsoleSession } from './auth.js';
import { ConsoleFeed } from './feed.js';
import { canSee } from './operators.js';
import { consoleHeaders, CONSOLE_PAGE } from './page.js';

export const CONSOLE_DIR = join(REPO_ROOT, 'sdk', 'dist', 'console');

/**
 * Where the sessions are: `serve`'s local runtime, or the LiveKit worker's main process (its hub
 * relays actions to the job process that runs the session).
 */
export interface ConsoleHost {
  readonly store: SessionStore;
  /** Applies an action to a live session here; false when none here has that id. */
  operator(sessionId: string, action: OperatorAction): boolean;
  /** LiveKit: a token for a person to join a live session's room by voice. */
  joinByVoice?(
    sessionId: string,
    username: string,
  ): Promise<{ url: string; token: string; identity: string } | undefined>;
}

export interface ConsoleOptions {
  config: Config;
  logger: Logger;
  runtime: ConsoleHost;
  hosts: HostPolicy;
  now?: () => number;
}

const ACTIONS = {
  'take-over': 'take_over',
  message: 'say',
  'hand-back': 'hand_back',
  end: 'end',
} as const satisfies Record<string, OperatorAction['type']>;

export class OperatorConsole {
  readonly audit: AuditLog;
  readonly auth: ConsoleAuth;
  readonly feed: ConsoleFeed;
  /** Session id → the username of the person who has it. */
  #takenOver = new Map<string, string>();
  #opts: ConsoleOptions;
  #unsubscribe: () => void;
  #headers: Record<string, string>;

  constructor(opts: ConsoleOptions) {
    this.#opts = opts;
    // Joining a call by voice connects the page to the LiveKit server.
    this.#headers = consoleHeaders(opts.config.livekit?.url);
    const now = opts.now ?? Date.now;
    this.audit = new AuditLog(opts.logger.child({ component: 'console' }), now);
    this.auth = new ConsoleAuth({ operators: opts.config.operators, audit: this.audit, now });
    this.feed = new ConsoleFeed(opts.runtime.store, this.#takenOver, now);
    this.#unsubscribe = opts.runtime.store.onChange((c) => {
      if (c.type === 'ended') this.#takenOver.delete(c.id);
    });
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    host: string,
  ): Promise<void> {
    for (const [k, v] of Object.entries(this.#headers)) res.setHeader(k, v);
    if (path === '/console' || path === '/console/') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET');
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(CONSOLE_PAGE);
      return;
    }
    // The page's script and its lazy chunks (livekit-client, to join a call by voice), named
    // with dots ("livekit-client.esm-<hash>.js") but never a slash or an empty segment.
    const script = /^\/console\/([\w-]+(?:\.[\w-]+)*\.js(?:\.map)?)$/.exec(path);
    if (script) return sendScript(res, script[1]!);
    if (!path.startsWith('/console/api/'))
      return sendJson(res, 404, apiError('not_found', `No route for ${path}.`));
    const route = path.slice('/console/api/'.length);

    if (route === 'sign-in') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      if (!this.#sameOrigin(req, host)) return forbidden(res, 'Sign in from the console page.');
      return this.#signIn(req, res, host);
    }
    const session = this.auth.fromRequest(req);
    if (!session) {
      return sendJson(res, 401, apiError('unauthorized', 'Sign in to the operator console.'));
    }
    const actor = session.operator.username;
    if (req.method === 'POST') {
      if (!this.#sameOrigin(req, host) || !this.auth.csrfMatches(req, session)) {
        this.audit.record({
          actor,
          action: route,
          outcome: 'refused',
          detail: 'CSRF check failed',
        });
        return forbidden(
          res,
          'This request lacks the console’s CSRF token or came from another site.',
        );
      }
    } else if (req.method !== 'GET' && req.method !== 'HEAD') {
      return methodNotAllowed(res, 'GET, POST');
    }

    if (route === 'me' && req.method === 'GET') return sendJson(res, 200, whoAmI(session));
    if (route === 'sign-out' && req.method === 'POST') {
      this.auth.signOut(session);
      this.feed.signedOut(session);
      res.setHeader(
        'set-cookie',
        `${COOKIE_NAME}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`,
      );
      return sendJson(res, 200, { signedOut: true });
    }
    if (route === 'events' && req.method === 'GET') return this.feed.attach(res, session);
    const history = /^(analytics|history(?:\.(csv|json))?)$/.exec(route);
    if (history && req.method === 'GET') return this.#history(res, session, history[1]!);
    if (route === 'audit' && req.method === 'GET') {
      if (session.operator.role !== 'admin')
        return forbidden(res, 'Only an admin may read the audit log.');
      return sendJson(res, 200, { entries: this.audit.entries() });
    }
    const m = /^sessions\/([\w-]{1,100})(?:\/([a-z-]+))?$/.exec(route);
    if (!m) return sendJson(res, 404, apiError('not_found', `No route for ${path}.`));
    const [, id, verb] = m as unknown as [string, string, string | undefined];
    const record = this.#opts.runtime.store.get(id);
    // Another partner's session answers as one that does not exist.
    if (!record || !canSee(session.operator, record.partner)) {
      if (verb)
        this.audit.record({
          actor,
          action: verb,
          session: id,
          outcome: 'refused',
          detail: 'no such session',
        });
      return sendJson(res, 404, apiError('not_found', 'No such session.'));
    }
    if (!verb && req.method === 'GET') {
      this.audit.record({ actor, action: 'open', session: id, outcome: 'ok' });
      return sendJson(res, 200, { ...record, takenOverBy: this.#takenOver.get(id) });
    }
    if (verb === 'join-voice' && req.method === 'POST') return this.#joinVoice(res, session, id);
    const type = verb && req.method === 'POST' ? ACTIONS[verb as keyof typeof ACTIONS] : undefined;
    if (!type) return sendJson(res, 404, apiError('not_found', `No route for ${path}.`));
    return this.#act(req, res, session, id, type);
  }

  async #act(
    req: IncomingMessage,
    res: ServerResponse,
    session: ConsoleSession,
    id: string,
    type: OperatorAction['type'],
  ): Promise<void> {
    const operator = session.operator.username;
    let action: OperatorAction;
    if (type === 'say') {
      let body: Record<string, unknown>;
      try {
        body = await readJson(req, 16 * 1024, this.#opts.config.http.bodyTimeoutMs);
      } catch (err) {
        if (!(err instanceof RequestError)) throw err;
        return sendJson(res, err.status, apiError(err.code, err.message));
      }
      const text = typeof body.text === 'string' ? body.text.trim() : '';
      if (!text || text.length > MAX_OPERATOR_TEXT_CHARS) {
        return sendJson(
          res,
          400,
          apiError('bad_request', `"text" must be 1 to ${MAX_OPERATOR_TEXT_CHARS} characters.`),
        );
      }
      action = { type, operator, text };
    } else {
      action = { type, operator };
    }
    const record = this.#opts.runtime.store.get(id);
    const live = record?.endedAt === undefined && this.#opts.runtime.operator(id, action);
    if (!live) {
      this.audit.record({
        actor: operator,
        action: type,
        session: id,
        outcome: 'refused',
        detail: 'session not live',
      });
      return sendJson(res, 409, apiError('bad_request', 'This session has ended.'));
    }
    if (type === 'take_over' || type === 'say') {
      this.#takenOver.set(id, operator);
      this.#opts.runtime.store.queue.take(id); // a person has it: it leaves the queue
    } else if (type === 'hand_back') {
      this.#takenOver.delete(id);
    }
    this.audit.record({
      actor: operator,
      action: type,
      session: id,
      outcome: 'ok',
      // The message itself is in the session's masked transcript, not in the log.
      ...(type === 'say' && {
        detail: `${action.type === 'say' ? action.text.length : 0} characters`,
      }),
    });
    this.feed.changed();
    return sendJson(res, 200, { ok: true, takenOverBy: this.#takenOver.get(id) ?? null });
  }

  /** A LiveKit token for the operator to join the session's room by voice (audited). */
  async #joinVoice(res: ServerResponse, session: ConsoleSession, id: string): Promise<void> {
    const actor = session.operator.username;
    const record = this.#opts.runtime.store.get(id);
    const joined =
      record?.endedAt === undefined && record?.runtime === 'livekit'
        ? await this.#opts.runtime.joinByVoice?.(id, actor)
        : undefined;
    if (!joined) {
      this.audit.record({
        actor,
        action: 'join_voice',
        session: id,
        outcome: 'refused',
        detail: 'not a live LiveKit session here',
      });
      return sendJson(
        res,
        409,
        apiError(
          'bad_request',
          record?.runtime === 'livekit'
            ? 'This session has ended.'
            : 'Joining by voice needs a LiveKit session; this one runs on the local runtime.',
        ),
      );
    }
    this.audit.record({ actor, action: 'join_voice', session: id, outcome: 'ok' });
    return sendJson(res, 200, joined);
  }

  /**
   * The history the operator may see (their partner's sessions; an admin's, all): its analytics,
   * its entries, or an export (`history.csv`, `history.json`) as a download. Exports are audited.
   */
  #history(res: ServerResponse, session: ConsoleSession, route: string): void {
    const store = this.#opts.runtime.store;
    const entries = store.historyEntries().filter((e) => canSee(session.operator, e.partner));
    if (route === 'analytics') {
      const now = (this.#opts.now ?? Date.now)();
      return sendJson(
        res,
        200,
        analyse(entries, { now, windowMs: store.history.ttlMs, since: store.history.since }),
      );
    }
    if (route === 'history') return sendJson(res, 200, { entries });
    const csv = route.endsWith('.csv');
    this.audit.record({
      actor: session.operator.username,
      action: 'export',
      outcome: 'ok',
      detail: `${entries.length} sessions as ${csv ? 'CSV' : 'JSON'}`,
    });
    const stamp = new Date((this.#opts.now ?? Date.now)()).toISOString().slice(0, 16);
    res.writeHead(200, {
      'content-type': csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="polyglot-history-${stamp.replace(':', '')}.${csv ? 'csv' : 'json'}"`,
      'cache-control': 'no-store',
    });
    res.end(csv ? toCsv(entries) : JSON.stringify({ entries }));
  }

  async #signIn(req: IncomingMessage, res: ServerResponse, host: string): Promise<void> {
    let body: Record<string, unknown>;
    try {
      body = await readJson(req, 4096, this.#opts.config.http.bodyTimeoutMs);
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      return sendJson(res, err.status, apiError(err.code, err.message));
    }
    const { username, password } = body;
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
      return sendJson(res, 400, apiError('bad_request', 'Give "username" and "password".'));
    }
    const result = await this.auth.signIn(
      username,
      password.slice(0, 1024),
      addressKey(req.socket.remoteAddress),
    );
    if (!result.ok) {
      if (result.status === 429) res.setHeader('retry-after', '60');
      return sendJson(
        res,
        result.status,
        apiError(result.status === 429 ? 'rate_limited' : 'unauthorized', result.message),
      );
    }
    res.setHeader(
      'set-cookie',
      sessionCookie(result.session.id, this.auth.ttlMs, this.#secure(host)),
    );
    return sendJson(res, 200, whoAmI(result.session));
  }

  /** Secure cookies, except on plain-http loopback development (no TLS there to need them). */
  #secure(host: string): boolean {
    const base = this.#opts.hosts.baseUrl(host);
    if (base.protocol === 'https:') return true;
    const name = base.hostname.replace(/^\[|\]$/g, '');
    return !(name === 'localhost' || name === '::1' || name.startsWith('127.'));
  }

  /** The request comes from a page on one of this server's own origins. */
  #sameOrigin(req: IncomingMessage, host: string): boolean {
    const origin = req.headers.origin;
    return typeof origin === 'string' && this.#opts.hosts.ownOrigins(host).includes(origin);
  }

  close(): void {
    this.#unsubscribe();
    this.feed.close();
  }
}

function whoAmI(s: ConsoleSession) {
  return {
    username: s.operator.username,
    role: s.operator.role,
    partner: s.operator.partner ?? null,
    csrf: s.csrf,
  };
}

function forbidden(res: ServerResponse, message: string): void {
  sendJson(res, 403, apiError('forbidden', message));
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  sendJson(res, 405, apiError('method_not_allowed', `Use ${allow} here.`));
}

function sendScript(res: ServerResponse, name: string): void {
  const file = join(CONSOLE_DIR, name);
  if (!existsSync(file)) {
    return sendJson(
      res,
      404,
      apiError('not_found', 'No such script here: is the console built (`npm run build`)?'),
    );
  }
  res.writeHead(200, {
    'content-type': name.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8',
    'cache-control': 'no-cache',
  });
  createReadStream(file).pipe(res);
}
