/**
 * Knowledge searches from session threads (and LiveKit job processes, through the worker's hub),
 * run on the process's one `KnowledgeLibrary`: one copy of each index in memory, one place that
 * reloads it. A search crosses as `{partner, query}`; its passages or its error come back.
 */
import { NoKnowledgeBaseError, type KnowledgeSearch } from '../../knowledge/library.js';
import type { Passage } from '../../knowledge/types.js';

/** Thread (or job) → main. */
export type KnowledgeRequest =
  | { type: 'knowledge'; id: number; partner: string; query: string }
  | { type: 'knowledge_abort'; id: number };

/** Main → thread (or job). */
export type KnowledgeReply =
  | { type: 'knowledge_result'; id: number; passages: Passage[] }
  | { type: 'knowledge_result'; id: number; error: { name: string; message: string } };

export class RemoteKnowledgeSearch implements KnowledgeSearch {
  #post: (m: KnowledgeRequest) => void;
  #next = 1;
  #pending = new Map<number, { ok(p: Passage[]): void; fail(e: Error): void }>();

  constructor(post: (m: KnowledgeRequest) => void) {
    this.#post = post;
  }

  search(partner: string, query: string, signal?: AbortSignal): Promise<Passage[]> {
    signal?.throwIfAborted();
    const id = this.#next++;
    const onAbort = () => {
      this.#post({ type: 'knowledge_abort', id });
      const p = this.#pending.get(id);
      this.#pending.delete(id);
      p?.fail(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    return new Promise<Passage[]>((ok, fail) => {
      this.#pending.set(id, { ok, fail });
      this.#post({ type: 'knowledge', id, partner, query });
    }).finally(() => signal?.removeEventListener('abort', onAbort));
  }

  settle(m: KnowledgeReply): void {
    const p = this.#pending.get(m.id);
    if (!p) return;
    this.#pending.delete(m.id);
    if ('passages' in m) p.ok(m.passages);
    else {
      const err =
        m.error.name === 'NoKnowledgeBaseError'
          ? Object.assign(new NoKnowledgeBaseError(''), { message: m.error.message })
          : Object.assign(new Error(m.error.message), { name: m.error.name });
      p.fail(err);
    }
  }
}

/** The main side: runs a thread's searches on `search` and posts each outcome back. */
export function serveKnowledgeSearch(
  search: KnowledgeSearch,
  reply: (m: KnowledgeReply) => void,
): { handle(m: KnowledgeRequest): void; abortAll(): void } {
  const running = new Map<number, AbortController>();
  return {
    handle(m) {
      if (m.type === 'knowledge_abort') {
        running.get(m.id)?.abort();
        return;
      }
      const controller = new AbortController();
      running.set(m.id, controller);
      search
        .search(m.partner, m.query, controller.signal)
        .then(
          (passages) => reply({ type: 'knowledge_result', id: m.id, passages }),
          (err: unknown) =>
            reply({
              type: 'knowledge_result',
              id: m.id,
              error: {
                name: err instanceof Error ? err.name : 'Error',
                message: err instanceof Error ? err.message : String(err),
              },
            }),
        )
        .finally(() => running.delete(m.id));
    },
    abortAll() {
      for (const c of running.values()) c.abort();
      running.clear();
    },
  };
}
