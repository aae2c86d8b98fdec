/**
 * What every provider fake shares: injectable faults for its search endpoint, and a loopback
 * listener that can be closed with connections still open (a hung request, a keep-alive socket).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocketServer } from 'ws';

export class SearchFaults {
  #failures: number[] = [];
  #hanging = false;
  #held: Promise<void> | undefined;
  #searches = 0;
  #waiters: { n: number; resolve: () => void }[] = [];

  /** Searches that have arrived. */
  get count(): number {
    return this.#searches;
  }

  /** The next `times` searches answer with HTTP `status`. */
  failNext(status: number, times = 1): void {
    for (let i = 0; i < times; i++) this.#failures.push(status);
  }

  /** While on, searches are accepted and never answered. */
  hang(on = true): void {
    this.#hanging = on;
  }

  /**
   * Until the returned function is called, searches that arrive wait for their answer; then they
   * are answered as usual (a search the test can watch while it runs, without a timer).
   */
  hold(): () => void {
    let release!: () => void;
    this.#held = new Promise((resolve) => (release = resolve));
    return () => {
      this.#held = undefined;
      release();
    };
  }

  /** Resolves once `n` searches have arrived. */
  waitFor(n: number): Promise<void> {
    return this.#searches >= n
      ? Promise.resolve()
      : new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }

  /**
   * Records a search; says whether to leave it hanging, which error status to answer, and what
   * to wait for before answering (a {@link hold}).
   */
  arrive(): { hang: boolean; status: number | undefined; held: Promise<void> | undefined } {
    this.#searches++;
    for (const w of [...this.#waiters]) {
      if (this.#searches >= w.n) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve();
      }
    }
    if (this.#hanging) return { hang: true, status: undefined, held: undefined };
    return { hang: false, status: this.#failures.shift(), held: this.#held };
  }
}

/**
 * Listens on an ephemeral loopback port. `close()` ends every connection (and, given the
 * WebSocket server, every socket it upgraded) so a fake never holds a test open.
 */
export async function listenOnLoopback(
  server: Server,
  wss?: WebSocketServer,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close() {
      for (const c of wss?.clients ?? []) c.terminate();
      wss?.close();
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An HTTP server that reads each request's body, records the request, then hands it on. */
export function recordingServer(
  requests: RecordedRequest[],
  handle: (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => void,
): Server {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      requests.push({
        method: req.method ?? '',
        path: url.pathname + url.search,
        headers: req.headers,
        body,
      });
      handle(req, res, url, body);
    });
  });
}
