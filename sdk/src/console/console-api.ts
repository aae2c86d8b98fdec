/**
 * The operator console's view of the server (agent/src/console): sign-in, the live feed and the
 * actions, as the page calls them. The wire types are the server's own (sdk/src/protocol/console.ts).
 */
import type {
  ConsoleAction,
  ConsoleMe,
  HistoryAnalytics,
  HistoryEntry,
  SessionDetail,
} from '../protocol/console.js';

const BASE = '/console/api';

/** An API refusal, with the server's message. */
export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${BASE}/${path}`, { credentials: 'same-origin', ...init });
  const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!res.ok) throw new ConsoleApiError(res.status, body.error?.message ?? res.statusText);
  return body as T;
}

export const consoleApi = {
  me: () => call<ConsoleMe>('me'),
  signIn: (username: string, password: string) =>
    call<ConsoleMe>('sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    }),
  signOut: (me: ConsoleMe) =>
    call<unknown>('sign-out', { method: 'POST', headers: { 'x-polyglot-csrf': me.csrf } }),
  session: (id: string) => call<SessionDetail>(`sessions/${encodeURIComponent(id)}`),
  act: (me: ConsoleMe, id: string, action: ConsoleAction, text?: string) =>
    call<{ takenOverBy: string | null }>(`sessions/${encodeURIComponent(id)}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-polyglot-csrf': me.csrf },
      ...(text !== undefined && { body: JSON.stringify({ text }) }),
    }),
  /** LiveKit sessions: a token to join the session's room by voice. */
  joinVoice: (me: ConsoleMe, id: string) =>
    call<{ url: string; token: string; identity: string }>(
      `sessions/${encodeURIComponent(id)}/join-voice`,
      { method: 'POST', headers: { 'x-polyglot-csrf': me.csrf } },
    ),
  events: () => new EventSource(`${BASE}/events`),
  analytics: () => call<HistoryAnalytics>('analytics'),
  history: () => call<{ entries: HistoryEntry[] }>('history'),
  /** The export's address, for a download link (the cookie signs it in). */
  exportUrl: (format: 'csv' | 'json') => `${BASE}/history.${format}`,
};
