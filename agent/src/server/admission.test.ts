/**
 * The admission's bookkeeping, on fake sockets and clocks: slots given back at close, teardowns
 * bounded in number and time, the resume window, the used-token ledger's bound, and the address
 * keys per-address limits count by. (Through the real server: security-review.test.ts.)
 */
import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { afterEach, describe, it, mock } from 'node:test';
import type { WebSocket } from 'ws';
import { RESUME_WINDOW_MS, type ServerMessage } from '../../../sdk/src/protocol/messages.js';
import { loadConfig } from '../config.js';
import { Admission, TEARDOWN_BOUND_MS, type AdmittedSession } from './admission.js';
import { addressKey } from './rate-limit.js';
import { issueToken } from './tokens.js';
import { UsedTokens } from './used-tokens.js';

initializeLogger({ pretty: false, level: 'fatal' });

/** The part of a `ws` socket the admission uses, recording what it is sent. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  sent: ServerMessage[] = [];
  closedWith: number | undefined;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ServerMessage);
  }
  close(code: number): void {
    if (this.readyState !== 1) return;
    this.closedWith = code;
    this.readyState = 3;
    this.emit('close', code);
  }
  terminate(): void {
    this.close(1006);
  }
  hello(token: string): void {
    this.emit('message', Buffer.from(JSON.stringify({ type: 'hello', protocol: 1, token })), false);
  }
}

function setup(env: Record<string, string> = {}) {
  let clock = 1_000_000;
  const config = loadConfig({ POLYGLOT_SESSION_SECRET: 'secret', ...env });
  const opened: AdmittedSession[] = [];
  const admission = new Admission({
    config,
    logger: log(),
    now: () => clock,
    open: (_ws, s) => opened.push(s),
  });
  const token = () =>
    issueToken(config.sessionSecret, { partner: 'demo', origin: null, lang: 'en' }, clock).token;
  /** A socket that says hello with `t` (a fresh token by default). */
  const socket = (t = token(), address = '127.0.0.1') => {
    const ws = new FakeSocket();
    admission.accept(ws as unknown as WebSocket, { origin: null, address });
    ws.hello(t);
    return ws;
  };
  return {
    admission,
    opened,
    token,
    socket,
    tick: (ms: number) => (clock += ms),
  };
}

afterEach(() => mock.timers.reset());

describe('admission', () => {
  it('gives a slot back at release, and counts the teardown until it ends', () => {
    const a = setup({ POLYGLOT_MAX_SESSIONS: '1' });
    a.socket();
    assert.equal(a.admission.live, 1);
    assert.equal(a.socket().closedWith, 4429, 'the cap is 1');
    a.admission.release(a.opened[0]!.sessionId);
    assert.deepEqual([a.admission.live, a.admission.closing], [0, 1]);
    a.socket();
    assert.equal(a.admission.live, 1, 'admitted while the first still tears down');
    a.admission.ended(a.opened[0]!.sessionId);
    assert.equal(a.admission.closing, 0);
  });

  it('stops counting a teardown that outlives its bound', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const a = setup();
    a.socket();
    a.admission.release(a.opened[0]!.sessionId);
    mock.timers.tick(TEARDOWN_BOUND_MS - 1);
    assert.equal(a.admission.closing, 1);
    mock.timers.tick(1);
    assert.equal(a.admission.closing, 0);
  });

  it('refuses new sessions while teardowns pile up beyond twice the cap', () => {
    const a = setup({ POLYGLOT_MAX_SESSIONS: '2' });
    for (let i = 0; i < 4; i++) {
      a.socket();
      a.admission.release(a.opened[i]!.sessionId);
    }
    assert.equal(a.admission.closing, 4);
    const refused = a.socket();
    assert.equal(refused.closedWith, 4429);
    a.admission.ended(a.opened[0]!.sessionId);
    a.socket();
    assert.equal(a.admission.live, 1);
  });

  it('resumes within the window after a session ends, not after', () => {
    const a = setup();
    a.socket();
    a.socket();
    const [first, second] = a.opened;
    a.admission.ended(first!.sessionId);
    a.tick(RESUME_WINDOW_MS - 1);
    a.admission.ended(second!.sessionId);
    const inTime = a.socket(first!.resumeToken);
    assert.equal(inTime.closedWith, undefined);
    assert.equal(a.opened.length, 3);
    a.tick(RESUME_WINDOW_MS + 1);
    const late = a.socket(second!.resumeToken);
    assert.equal(late.closedWith, 4401);
    assert.match(late.sent[0]?.type === 'error' ? late.sent[0].message : '', /no longer/);
  });

  it('hands a still-open session’s slot to the session that resumes it', () => {
    const a = setup({ POLYGLOT_MAX_SESSIONS: '1' });
    const first = a.socket();
    const back = a.socket(a.opened[0]!.resumeToken);
    assert.equal(back.closedWith, undefined, 'admitted at the cap');
    assert.equal(first.closedWith, 1006, 'the old socket is closed');
    assert.equal(a.admission.live, 1);
  });

  it('answers pings before the hello, and closes a socket that only sends junk', () => {
    const a = setup();
    const ws = new FakeSocket();
    a.admission.accept(ws as unknown as WebSocket, { origin: null, address: 'x' });
    ws.emit('message', Buffer.from('{"type":"ping","t":3}'), false);
    assert.deepEqual(ws.sent[0], { type: 'pong', t: 3 });
    for (let i = 0; i < 9; i++) ws.emit('message', Buffer.from('junk'), false);
    assert.equal(ws.closedWith, 4400);
    assert.equal(a.admission.pending, 0);
  });
});

describe('used tokens', () => {
  it('remembers an id until it expires, and refuses more ids than it can hold', () => {
    let now = 0;
    const used = new UsedTokens(() => now, 2);
    assert.ok(used.add('a', 100));
    assert.ok(used.add('b', 5_000));
    assert.ok(used.has('a'));
    assert.equal(used.add('c', 5_000), false, 'full of live ids: it refuses, it does not forget');
    now = 150; // 'a' has expired; a full ledger sweeps at most once a second
    now += 1_000;
    assert.ok(used.add('c', 5_000));
    assert.equal(used.has('a'), false);
    assert.equal(used.size, 2);
  });
});

describe('addressKey', () => {
  it('counts IPv4 as is and IPv6 by its /64', () => {
    assert.equal(addressKey('127.0.0.2'), '127.0.0.2');
    assert.equal(addressKey('::ffff:10.1.2.3'), '10.1.2.3');
    assert.equal(addressKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8::1:2:3:4:5'), '2001:db8:0:1::/64');
    assert.equal(addressKey('::1'), '0:0:0:0::/64');
    assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(addressKey(undefined), 'unknown');
  });
});
