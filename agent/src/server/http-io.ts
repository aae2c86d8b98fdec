/** Small JSON request and response helpers shared by the server's routes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError, ApiErrorCode } from '../../../sdk/src/protocol/messages.js';

export function apiError(code: ApiErrorCode, message: string): ApiError {
  return { error: { code, message } };
}

/** A request the server will not serve as sent, with the status and JSON error it gets. */
export class RequestError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Reads a small JSON object body within `timeoutMs` of the handler starting: the deadline is for
 * the whole body, so a client dripping a byte at a time does not push it back.
 */
export function readJson(
  req: IncomingMessage,
  limit: number,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  return new Promise((ok, fail) => {
    let size = 0;
    let settled = false;
    const chunks: Buffer[] = [];
    const done = (err: RequestError | undefined, value?: Record<string, unknown>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      if (err) {
        req.pause(); // the rest of the body is not read: the connection closes after the answer
        fail(err);
      } else ok(value ?? {});
    };
    const timer = setTimeout(
      () =>
        done(
          new RequestError(
            'request_timeout',
            408,
            `The request body did not arrive within ${timeoutMs} ms.`,
          ),
        ),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done(new RequestError('bad_request', 400, `Request body larger than ${limit} bytes.`));
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      if (size === 0) return done(undefined, {});
      try {
        const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error();
        done(undefined, v as Record<string, unknown>);
      } catch {
        done(new RequestError('bad_request', 400, 'Request body must be a JSON object.'));
      }
    };
    const onError = () =>
      done(new RequestError('bad_request', 400, 'The request body could not be read.'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
