/**
 * Which `Host` names the server answers for, and the public URLs it builds from them.
 *
 * A browser sends whatever name it resolved in `Host`. A DNS-rebinding page on evil.example, once
 * its name resolves to 127.0.0.1, reaches a development server with `Host: evil.example` and
 * `Origin: http://evil.example`: trusting Host made that page "same origin" (a demo-partner token,
 * and a socket URL on the attacker's name). So every route that matters checks Host against an
 * allow-list first, and URLs are built only from PUBLIC_URL or an allowed Host.
 */
import { isIP } from 'node:net';
import type { ApiErrorCode } from '../../../sdk/src/protocol/messages.js';

/** Allowed when POLYGLOT_ALLOWED_HOSTS is unset: a development server on this machine. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

export interface ParsedHost {
  /** Lower case, without a trailing dot; IPv6 in brackets. */
  hostname: string;
  /** Undefined when the header names no port. */
  port: number | undefined;
}

const NAME = /^([a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*)\.?$/;

/** Parses a `Host` header (or an allow-list entry): `name`, `name:port`, `[v6]`, `[v6]:port`. */
export function parseHost(value: string): ParsedHost | undefined {
  if (value.length === 0 || value.length > 260) return undefined;
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/i.exec(value);
  let hostname: string;
  let portText: string | undefined;
  if (v6) {
    if (isIP(v6[1]!) !== 6) return undefined;
    hostname = `[${v6[1]!.toLowerCase()}]`;
    portText = v6[2];
  } else {
    const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(value);
    const name = m && NAME.exec(m[1]!.toLowerCase());
    if (!m || !name) return undefined;
    hostname = name[1]!;
    portText = m[2];
  }
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65_535)) return undefined;
  return { hostname, port };
}

export type HostCheck =
  | { ok: true; host: string }
  | { ok: false; status: 400 | 421; code: ApiErrorCode; message: string };

export class HostPolicy {
  readonly #allowed: ParsedHost[];
  readonly #publicUrl: URL | undefined;

  /**
   * @param allowedHosts POLYGLOT_ALLOWED_HOSTS (`name` allows any port); undefined: loopback names.
   * @param publicUrl PUBLIC_URL, whose host is always allowed (any port: behind a proxy the
   *   Host may or may not carry it).
   */
  constructor(opts: {
    allowedHosts?: readonly string[] | undefined;
    publicUrl?: string | undefined;
  }) {
    const entries = [...(opts.allowedHosts ?? LOOPBACK_HOSTS)];
    this.#publicUrl = opts.publicUrl ? new URL(opts.publicUrl) : undefined;
    if (this.#publicUrl) entries.push(this.#publicUrl.hostname);
    this.#allowed = entries.map((e) => {
      const parsed = parseHost(e);
      if (!parsed) throw new Error(`Not a host name: ${JSON.stringify(e)}`);
      return parsed;
    });
  }

  /** Is this request's Host one we answer for? A refusal carries the status and JSON error. */
  check(header: string | undefined): HostCheck {
    const parsed = header === undefined ? undefined : parseHost(header);
    if (!parsed) {
      return {
        ok: false,
        status: 400,
        code: 'bad_request',
        message: `The Host header ${JSON.stringify((header ?? '').slice(0, 100))} is not a host name.`,
      };
    }
    const ok = this.#allowed.some(
      (a) => a.hostname === parsed.hostname && (a.port === undefined || a.port === parsed.port),
    );
    if (!ok) {
      return {
        ok: false,
        status: 421,
        code: 'host_not_allowed',
        message: `This server does not answer for ${JSON.stringify(parsed.hostname)}: set PUBLIC_URL or add it to POLYGLOT_ALLOWED_HOSTS.`,
      };
    }
    return {
      ok: true,
      host: parsed.port === undefined ? parsed.hostname : `${parsed.hostname}:${parsed.port}`,
    };
  }

  /** Where links the server hands out point: PUBLIC_URL, else the request's (checked) Host. */
  baseUrl(host: string): URL {
    return this.#publicUrl ?? new URL(`http://${host}`);
  }

  /** The origins a page served by this server has, for the same-origin check (checked Host). */
  ownOrigins(host: string): string[] {
    const own = [`http://${host}`, `https://${host}`];
    if (this.#publicUrl) own.push(this.#publicUrl.origin);
    return own;
  }
}
