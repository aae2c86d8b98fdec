/**
 * The HTTP connections to OpenAI's chat and speech endpoints, kept open between a caller's turns.
 * (Not transcription: its multipart upload is built with the global FormData, which undici's own
 * fetch rejects — the simulator caught that.)
 *
 * Node's built-in fetch closes an idle keep-alive connection after 4 s unless the server's
 * `Keep-Alive` header says otherwise. A caller's turns are often further apart than that, so each
 * LLM request would open a new TCP and TLS connection first: a few round trips to OpenAI's edge
 * before the first token can start. This pool keeps idle connections for 25 s, under the ~30 s
 * that Cloudflare-fronted APIs such as OpenAI are reported to keep them (a request sent on a
 * connection the server has already dropped fails, and a POST is not resent by undici; the
 * framework's retry then sends it again on a new connection). A server's own shorter
 * `Keep-Alive: timeout` hint still wins.
 *
 * One pool per thread: every session on a session thread shares it, so a busy thread keeps its
 * connections warm for all of its callers.
 */
import { OpenAI } from 'openai';
import { Agent, fetch as undiciFetch } from 'undici';

/** How long an idle connection is kept, in ms. */
const IDLE_KEEP_MS = 25_000;

const pool = new Agent({ keepAliveTimeout: IDLE_KEEP_MS, keepAliveMaxTimeout: IDLE_KEEP_MS });

/**
 * `fetch` over the pool, for the OpenAI client's `fetch` option. undici's own fetch goes with its
 * own Agent (the built-in fetch bundles another undici version).
 */
const pooledFetch = ((input: string | URL, init?: RequestInit) =>
  undiciFetch(input, {
    ...(init as Parameters<typeof undiciFetch>[1]),
    dispatcher: pool,
  })) as unknown as typeof fetch;

/** An OpenAI client on the pool, with the plugins' own settings (the framework does the retries). */
export function openAIClient(opts: { apiKey?: string | undefined; baseURL?: string | undefined }) {
  return new OpenAI({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL,
    maxRetries: 0,
    fetch: pooledFetch,
  });
}
