/**
 * One typed view of the environment. Every other module takes a `Config`, never `process.env`,
 * so tests build configs directly and `polyglot config check` reports exactly what runs.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { VOICE_TO_VOICE_BUDGETS_MS } from './observability/emf.js';
import { OperatorsConfigError, parseOperators, type Operator } from './console/operators.js';
import { PartnerRegistry, PartnersConfigError, parsePartners, type Partner } from './partners.js';
import { parseHost } from './server/hosts.js';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const optionalUrl = optionalString.refine((v) => v === undefined || URL.canParse(v), {
  message: 'must be an absolute URL',
});
const intFromEnv = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

const EnvSchema = z.object({
  PORT: intFromEnv(8787, 0, 65535),
  HOST: z.string().default('127.0.0.1'),
  /** Public origin of this server (https://assistant.example.com); the socket URL is built on it. */
  PUBLIC_URL: optionalUrl,
  /**
   * Comma-separated Host names (`name` or `name:port`) the server answers for, besides
   * PUBLIC_URL's; unset: the loopback names. Any other Host is refused (DNS rebinding).
   */
  POLYGLOT_ALLOWED_HOSTS: optionalString,
  /** Time for a request's headers, its JSON body, the whole request, and an idle socket. */
  POLYGLOT_HTTP_HEADERS_TIMEOUT_MS: intFromEnv(5_000, 100, 120_000),
  POLYGLOT_HTTP_BODY_TIMEOUT_MS: intFromEnv(5_000, 100, 120_000),
  POLYGLOT_HTTP_REQUEST_TIMEOUT_MS: intFromEnv(8_000, 100, 300_000),
  POLYGLOT_HTTP_IDLE_TIMEOUT_MS: intFromEnv(10_000, 100, 600_000),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  LLM_MODEL: z.string().default('gpt-4o'),
  OPENAI_STT_MODEL: z.string().default('gpt-4o-transcribe'),
  OPENAI_TTS_MODEL: z.string().default('gpt-4o-mini-tts'),
  OPENAI_TTS_VOICE: z.string().default('alloy'),
  /** Embeddings for partners whose knowledge base asks for them. */
  OPENAI_EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  /**
   * Bearer token for the admin routes (`POST /admin/knowledge/reload`); unset, they answer 404.
   * At least 16 characters: it guards a reload any caller could otherwise repeat.
   */
  POLYGLOT_ADMIN_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, {
    message: 'must be at least 16 characters',
  }),

  DEEPGRAM_API_KEY: optionalString,
  DEEPGRAM_BASE_URL: optionalUrl,
  CARTESIA_API_KEY: optionalString,
  CARTESIA_BASE_URL: optionalUrl,

  /** `espeak` selects the offline espeak-ng voice (development only). */
  POLYGLOT_TTS: z.enum(['auto', 'espeak']).default('auto'),

  LIVEKIT_URL: optionalUrl,
  LIVEKIT_API_KEY: optionalString,
  LIVEKIT_API_SECRET: optionalString,

  /** HMAC secret for local-runtime session tokens. Random per process when unset. */
  POLYGLOT_SESSION_SECRET: optionalString,
  POLYGLOT_MAX_SESSIONS: intFromEnv(50, 1, 10_000),
  /** A socket must send its hello this soon after opening, or it is closed. */
  POLYGLOT_HELLO_TIMEOUT_MS: intFromEnv(3_000, 100, 60_000),
  /** Sockets open without a hello yet: per client address, and in all. */
  POLYGLOT_PENDING_SOCKETS_PER_IP: intFromEnv(8, 1, 10_000),
  POLYGLOT_PENDING_SOCKETS: intFromEnv(512, 1, 100_000),
  /** Worker threads that host local sessions: `auto` (one per core on 2+ cores) or a number; 0
   * keeps every session on the main thread. */
  POLYGLOT_SESSION_THREADS: z
    .union([z.literal('auto'), z.coerce.number().int().min(0).max(64)])
    .default('auto'),
  /** Close a local session after this long with no audio or message from the browser. */
  POLYGLOT_IDLE_TIMEOUT_MS: intFromEnv(5 * 60_000, 1_000, 24 * 3_600_000),
  /** Comma-separated origins allowed to open sessions (besides this server's own). */
  POLYGLOT_ALLOWED_ORIGINS: optionalString,
  /** Partners as JSON (see partners.ts): a file path, or the JSON itself. */
  POLYGLOT_PARTNERS_FILE: optionalString,
  POLYGLOT_PARTNERS: optionalString,
  /** Operator console accounts (JSON, docs/console.md), or a file holding them. */
  POLYGLOT_OPERATORS_FILE: optionalString,
  POLYGLOT_OPERATORS: optionalString,
  /** Sessions a minute one client address may open. */
  POLYGLOT_SESSIONS_PER_IP_PER_MINUTE: intFromEnv(20, 1, 100_000),
  /** How long ended sessions and their (masked) transcripts stay in memory. */
  POLYGLOT_STATE_TTL_MS: intFromEnv(30 * 60_000, 1_000, 7 * 24 * 3_600_000),
  /** How long the console's history keeps an ended session's summary (no transcript), hours. */
  POLYGLOT_HISTORY_TTL_HOURS: intFromEnv(24, 1, 7 * 24),
  /** Upper bound on the memory held by session records and transcripts. */
  POLYGLOT_STATE_MAX_BYTES: intFromEnv(32 * 1024 * 1024, 64 * 1024, 4 * 1024 * 1024 * 1024),
  /** When set (`serve`, `worker`): write our metrics once a minute as CloudWatch EMF log lines,
   * with this as their Service dimension (observability/emf.ts; infra/ sets it on ECS). */
  POLYGLOT_EMF_SERVICE: optionalString,
  /** The voice-to-voice budget the EMF lines count slow turns against (a histogram bound). */
  POLYGLOT_VOICE_TO_VOICE_BUDGET_MS: intFromEnv(1500, 50, 10_000),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  publicUrl: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  openai: {
    apiKey: string | undefined;
    baseURL: string | undefined;
    llmModel: string;
    sttModel: string;
    ttsModel: string;
    ttsVoice: string;
    embeddingModel: string;
  };
  /** Bearer token of the admin routes; undefined turns them off. */
  adminToken: string | undefined;
  deepgram: { apiKey: string | undefined; baseUrl: string | undefined };
  cartesia: { apiKey: string | undefined; baseUrl: string | undefined };
  ttsOverride: 'auto' | 'espeak';
  livekit: { url: string; apiKey: string; apiSecret: string } | undefined;
  /** Host names (`name` or `name:port`) allowed besides PUBLIC_URL's (server/hosts.ts). */
  allowedHosts: string[] | undefined;
  http: {
    headersTimeoutMs: number;
    /** For a JSON body, from the end of the headers. */
    bodyTimeoutMs: number;
    /** The whole request (Node's `requestTimeout`): a backstop behind the other two. */
    requestTimeoutMs: number;
    /** A socket with no traffic, between or during requests (WebSockets excepted). */
    idleTimeoutMs: number;
  };
  sessionSecret: Buffer;
  maxSessions: number;
  helloTimeoutMs: number;
  pendingSocketsPerIp: number;
  pendingSockets: number;
  /** Worker threads hosting local sessions (0: on the main thread). */
  sessionThreads: number;
  idleTimeoutMs: number;
  allowedOrigins: string[];
  partners: PartnerRegistry;
  /** Where the partner list came from, for `polyglot config check`. */
  partnersSource: 'POLYGLOT_PARTNERS_FILE' | 'POLYGLOT_PARTNERS' | 'default';
  /** Operator console accounts (none: the console's sign-in refuses everyone). */
  operators: Operator[];
  sessionsPerIpPerMinute: number;
  stateTtlMs: number;
  /** How long the console's history keeps an ended session's summary. */
  historyTtlMs: number;
  stateMaxBytes: number;
  /** CloudWatch EMF metric lines (observability/emf.ts); undefined: off. */
  emf?: { service: string; voiceToVoiceBudgetMs: number };
  /** The environment this was loaded from: session threads load their config from it, so every
   * thread runs the same configuration. */
  env: Readonly<Record<string, string | undefined>>;
}

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Reads `POLYGLOT_PARTNERS_FILE` (tests inject it). */
  readFile?: (path: string) => string;
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  opts: LoadConfigOptions = {},
): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (check this variable)`),
    );
  }
  const e = parsed.data;
  const lk = [e.LIVEKIT_URL, e.LIVEKIT_API_KEY, e.LIVEKIT_API_SECRET];
  if (lk.some(Boolean) && !lk.every(Boolean)) {
    throw new ConfigError([
      'LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set together (or none of them)',
    ]);
  }
  const allowedOrigins = (e.POLYGLOT_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const allowedHosts = e.POLYGLOT_ALLOWED_HOSTS?.split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const badHosts = (allowedHosts ?? []).filter((h) => !parseHost(h));
  if (badHosts.length > 0) {
    throw new ConfigError([
      `POLYGLOT_ALLOWED_HOSTS: ${badHosts.map((h) => JSON.stringify(h)).join(', ')} is not a host name or name:port (check this variable)`,
    ]);
  }
  if (e.POLYGLOT_HTTP_REQUEST_TIMEOUT_MS < e.POLYGLOT_HTTP_HEADERS_TIMEOUT_MS) {
    throw new ConfigError([
      'POLYGLOT_HTTP_REQUEST_TIMEOUT_MS must be at least POLYGLOT_HTTP_HEADERS_TIMEOUT_MS (check these variables)',
    ]);
  }
  if (!VOICE_TO_VOICE_BUDGETS_MS.includes(e.POLYGLOT_VOICE_TO_VOICE_BUDGET_MS)) {
    throw new ConfigError([
      `POLYGLOT_VOICE_TO_VOICE_BUDGET_MS: must be one of ${VOICE_TO_VOICE_BUDGETS_MS.join(', ')} (the latency histogram's bounds; check this variable)`,
    ]);
  }
  let partnerList: Partner[] = [];
  let partnersSource: Config['partnersSource'] = 'default';
  try {
    if (e.POLYGLOT_PARTNERS_FILE && e.POLYGLOT_PARTNERS) {
      throw new PartnersConfigError('POLYGLOT_PARTNERS', [
        'set POLYGLOT_PARTNERS_FILE or POLYGLOT_PARTNERS, not both',
      ]);
    }
    if (e.POLYGLOT_PARTNERS_FILE) {
      let text: string;
      try {
        text = (opts.readFile ?? ((f) => readFileSync(f, 'utf8')))(e.POLYGLOT_PARTNERS_FILE);
      } catch (err) {
        throw new PartnersConfigError('POLYGLOT_PARTNERS_FILE', [
          `cannot read ${e.POLYGLOT_PARTNERS_FILE} (${(err as Error).message})`,
        ]);
      }
      partnerList = parsePartners(
        text,
        'POLYGLOT_PARTNERS_FILE',
        dirname(resolve(e.POLYGLOT_PARTNERS_FILE)),
      );
      partnersSource = 'POLYGLOT_PARTNERS_FILE';
    } else if (e.POLYGLOT_PARTNERS) {
      partnerList = parsePartners(e.POLYGLOT_PARTNERS, 'POLYGLOT_PARTNERS');
      partnersSource = 'POLYGLOT_PARTNERS';
    }
  } catch (err) {
    if (err instanceof PartnersConfigError) throw new ConfigError([err.message]);
    throw err;
  }
  const partners = new PartnerRegistry(partnerList, allowedOrigins);
  let operators: Operator[] = [];
  try {
    if (e.POLYGLOT_OPERATORS_FILE && e.POLYGLOT_OPERATORS) {
      throw new OperatorsConfigError('POLYGLOT_OPERATORS', [
        'set POLYGLOT_OPERATORS_FILE or POLYGLOT_OPERATORS, not both',
      ]);
    }
    const keys = new Set(partners.all.map((p) => p.key));
    if (e.POLYGLOT_OPERATORS_FILE) {
      let text: string;
      try {
        text = (opts.readFile ?? ((f) => readFileSync(f, 'utf8')))(e.POLYGLOT_OPERATORS_FILE);
      } catch (err) {
        throw new OperatorsConfigError('POLYGLOT_OPERATORS_FILE', [
          `cannot read ${e.POLYGLOT_OPERATORS_FILE} (${(err as Error).message})`,
        ]);
      }
      operators = parseOperators(text, 'POLYGLOT_OPERATORS_FILE', keys);
    } else if (e.POLYGLOT_OPERATORS) {
      operators = parseOperators(e.POLYGLOT_OPERATORS, 'POLYGLOT_OPERATORS', keys);
    }
  } catch (err) {
    if (err instanceof OperatorsConfigError) throw new ConfigError([err.message]);
    throw err;
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseURL: e.OPENAI_BASE_URL,
      llmModel: e.LLM_MODEL,
      sttModel: e.OPENAI_STT_MODEL,
      ttsModel: e.OPENAI_TTS_MODEL,
      ttsVoice: e.OPENAI_TTS_VOICE,
      embeddingModel: e.OPENAI_EMBEDDING_MODEL,
    },
    adminToken: e.POLYGLOT_ADMIN_TOKEN,
    deepgram: { apiKey: e.DEEPGRAM_API_KEY, baseUrl: e.DEEPGRAM_BASE_URL },
    cartesia: { apiKey: e.CARTESIA_API_KEY, baseUrl: e.CARTESIA_BASE_URL },
    ttsOverride: e.POLYGLOT_TTS,
    livekit:
      e.LIVEKIT_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET
        ? { url: e.LIVEKIT_URL, apiKey: e.LIVEKIT_API_KEY, apiSecret: e.LIVEKIT_API_SECRET }
        : undefined,
    allowedHosts,
    http: {
      headersTimeoutMs: e.POLYGLOT_HTTP_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: e.POLYGLOT_HTTP_BODY_TIMEOUT_MS,
      requestTimeoutMs: e.POLYGLOT_HTTP_REQUEST_TIMEOUT_MS,
      idleTimeoutMs: e.POLYGLOT_HTTP_IDLE_TIMEOUT_MS,
    },
    sessionSecret: e.POLYGLOT_SESSION_SECRET
      ? Buffer.from(e.POLYGLOT_SESSION_SECRET)
      : randomBytes(32),
    maxSessions: e.POLYGLOT_MAX_SESSIONS,
    helloTimeoutMs: e.POLYGLOT_HELLO_TIMEOUT_MS,
    pendingSocketsPerIp: e.POLYGLOT_PENDING_SOCKETS_PER_IP,
    pendingSockets: e.POLYGLOT_PENDING_SOCKETS,
    sessionThreads:
      e.POLYGLOT_SESSION_THREADS === 'auto' ? autoSessionThreads() : e.POLYGLOT_SESSION_THREADS,
    idleTimeoutMs: e.POLYGLOT_IDLE_TIMEOUT_MS,
    allowedOrigins,
    partners,
    partnersSource,
    operators,
    sessionsPerIpPerMinute: e.POLYGLOT_SESSIONS_PER_IP_PER_MINUTE,
    stateTtlMs: e.POLYGLOT_STATE_TTL_MS,
    historyTtlMs: e.POLYGLOT_HISTORY_TTL_HOURS * 3_600_000,
    stateMaxBytes: e.POLYGLOT_STATE_MAX_BYTES,
    emf: e.POLYGLOT_EMF_SERVICE
      ? {
          service: e.POLYGLOT_EMF_SERVICE,
          voiceToVoiceBudgetMs: e.POLYGLOT_VOICE_TO_VOICE_BUDGET_MS,
        }
      : undefined,
    env: { ...env },
  };
}

/**
 * One session thread per core, on two or more cores: the main thread only relays sockets, so the
 * cores run sessions. On one core threads would only add hops.
 */
function autoSessionThreads(): number {
  const cores = availableParallelism();
  return cores >= 2 ? Math.min(cores, 16) : 0;
}
