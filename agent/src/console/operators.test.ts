/**
 * Operator accounts as an administrator writes them: a mistake stops the server at start with
 * the variable, the account and what to change, and a password is never accepted in a hash's place.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../config.js';
import { hashPassword, parseOperators, verifyPassword } from './operators.js';

const HASH = hashPassword('twelve chars or more');
const PARTNERS = new Set(['demo', 'acme']);
const parse = (list: unknown) =>
  parseOperators(JSON.stringify(list), 'POLYGLOT_OPERATORS', PARTNERS);

describe('operator accounts', () => {
  it('accepts an admin and a partner operator, and their hash checks the password', async () => {
    const ops = parse([
      { username: 'root', passwordHash: HASH, role: 'admin' },
      { username: 'ana', passwordHash: HASH, role: 'operator', partner: 'acme' },
    ]);
    assert.equal(ops.length, 2);
    assert.equal(await verifyPassword('twelve chars or more', ops[0]!.passwordHash), true);
    assert.equal(await verifyPassword('twelve chars or mor', ops[0]!.passwordHash), false);
  });

  it('names each mistake', () => {
    const cases: [unknown, RegExp][] = [
      [
        [{ username: 'a', passwordHash: 'hunter2hunter2', role: 'admin' }],
        /a scrypt hash from `polyglot operator add`, not a password/,
      ],
      [
        [{ username: 'a', passwordHash: HASH, role: 'operator' }],
        /0: an operator needs the partner/,
      ],
      [
        [{ username: 'a', passwordHash: HASH, role: 'operator', partner: 'globex' }],
        /no partner has the key "globex"/,
      ],
      [
        [{ username: 'a', passwordHash: HASH, role: 'admin', partner: 'acme' }],
        /an admin sees every partner/,
      ],
      [[{ username: 'a', passwordHash: HASH, role: 'boss' }], /role/],
      [
        [
          { username: 'a', passwordHash: HASH, role: 'admin' },
          { username: 'a', passwordHash: HASH, role: 'admin' },
        ],
        /username "a" appears twice/,
      ],
    ];
    for (const [list, message] of cases) assert.throws(() => parse(list), message);
    assert.throws(() => parseOperators('[{', 'POLYGLOT_OPERATORS', PARTNERS), /not valid JSON/);
  });

  it('stops the configuration naming the variable, and refuses both sources at once', () => {
    assert.throws(
      () => loadConfig({ POLYGLOT_OPERATORS: JSON.stringify([{ username: 'a' }]) }),
      (err: unknown) => err instanceof ConfigError && /POLYGLOT_OPERATORS: /.test(err.message),
    );
    assert.throws(
      () => loadConfig({ POLYGLOT_OPERATORS: '[]', POLYGLOT_OPERATORS_FILE: '/x.json' }),
      /not both/,
    );
    const config = loadConfig(
      { POLYGLOT_OPERATORS_FILE: '/etc/ops.json' },
      { readFile: () => JSON.stringify([{ username: 'root', passwordHash: HASH, role: 'admin' }]) },
    );
    assert.deepEqual(
      config.operators.map((o) => o.username),
      ['root'],
    );
  });
});
