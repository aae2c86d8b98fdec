/**
 * The operator console's view of the server (agent/src/console): sign-in, the live feed and the
 * actions, as the page calls them. Types mirror the server's JSON.
 */
export interface Me {
  username: string;
  role: 'admin' | 'operator';
  partner: string | null;
  csrf: string;
}

export interface SessionSummary {
  id: string;
  partner: string;
  lang: string;
  runtime: 'local' | 'livekit';
  startedAt: number;
  mood: string | undefined;
  handoff: string | undefined;
  takenOverBy: string | undefined;
}

export interface QueuedHandoff {
  ticket: string;
  sessionId: string;
  partner: string;
  queue: string;
  reason: string;
  summary: string;
  lang: string;
  queuedAt: number;
}

export interface Snapshot {
  now: number;
  sessions: SessionSummary[];
  queue: QueuedHandoff[];
}

export interface TranscriptLine {
  role: 'user' | 'assistant' | 'operator';
  turn: number;
  text: string;
  language: string | undefined;
  at: number;
}

export interface SessionDetail {
  id: string;
  partner: string;
  lang: string;
  transcript: TranscriptLine[];
  takenOverBy: string | undefined;
}

export type Action = 'take-over' | 'message' | 'hand-back' | 'end';

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
  me: () => call<Me>('me'),
  signIn: (username: string, password: string) =>
    call<Me>('sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    }),
  signOut: (me: Me) =>
    call<unknown>('sign-out', { method: 'POST', headers: { 'x-polyglot-csrf': me.csrf } }),
  session: (id: string) => call<SessionDetail>(`sessions/${encodeURIComponent(id)}`),
  act: (me: Me, id: string, action: Action, text?: string) =>
    call<{ takenOverBy: string | null }>(`sessions/${encodeURIComponent(id)}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-polyglot-csrf': me.csrf },
      ...(text !== undefined && { body: JSON.stringify({ text }) }),
    }),
  events: () => new EventSource(`${BASE}/events`),
};
