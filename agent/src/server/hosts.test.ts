/** Host parsing and the allow-list (through the real server: security-review.test.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../config.js';
import { HostPolicy, parseHost } from './hosts.js';

describe('parseHost', () => {
  it('reads names, IPv4 and bracketed IPv6, with or without a port', () => {
    assert.deepEqual(parseHost('LocalHost.:8787'), { hostname: 'localhost', port: 8787 });
    assert.deepEqual(parseHost('127.0.0.1'), { hostname: '127.0.0.1', port: undefined });
    assert.deepEqual(parseHost('[::1]:80'), { hostname: '[::1]', port: 80 });
  });

  it('refuses what is not a host', () => {
    for (const bad of ['', '[::1', '@@@', 'a b', 'x:0', 'x:65536', 'a@b', 'a/b', '[zz]', '-a']) {
      assert.equal(parseHost(bad), undefined, bad);
    }
  });
});

describe('HostPolicy', () => {
  it('allows the loopback names on any port by default, and nothing else', () => {
    const p = new HostPolicy({});
    for (const ok of ['localhost:1234', '127.0.0.1', '[::1]:8787']) assert.ok(p.check(ok).ok, ok);
    const evil = p.check('evil.example:8787');
    assert.ok(!evil.ok && evil.status === 421 && evil.code === 'host_not_allowed');
    const bad = p.check(undefined);
    assert.ok(!bad.ok && bad.status === 400);
  });

  it('with POLYGLOT_ALLOWED_HOSTS and PUBLIC_URL, allows exactly those; URLs come from PUBLIC_URL', () => {
    const p = new HostPolicy({
      allowedHosts: ['assistant.example:8443', 'internal.example'],
      publicUrl: 'https://public.example',
    });
    assert.ok(p.check('assistant.example:8443').ok);
    assert.ok(!p.check('assistant.example:9000').ok, 'a listed port is the only one');
    assert.ok(p.check('internal.example:1').ok);
    assert.ok(p.check('public.example').ok);
    assert.ok(!p.check('localhost:8787').ok, 'loopback is only the default');
    assert.equal(p.baseUrl('internal.example:1').href, 'https://public.example/');
    assert.ok(p.ownOrigins('internal.example:1').includes('https://public.example'));
  });

  it('names a bad POLYGLOT_ALLOWED_HOSTS entry at startup', () => {
    assert.throws(
      () => loadConfig({ POLYGLOT_ALLOWED_HOSTS: 'ok.example, bad host' }),
      (e: unknown) =>
        e instanceof ConfigError && /POLYGLOT_ALLOWED_HOSTS: "bad host"/.test(e.message),
    );
  });
});
