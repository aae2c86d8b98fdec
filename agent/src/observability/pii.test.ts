import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { installPiiMasking, maskPii } from './pii.js';

describe('maskPii: personal data never reaches a log line', () => {
  const cases: [string, string][] = [
    ['write to ana.garcia+trips@example.co.uk please', 'write to [email] please'],
    ['mi correo es josé@correo.es', 'mi correo es [email]'],
    ['call me on +34 612 345 678', 'call me on [phone]'],
    ['my number is (415) 555-0132', 'my number is [phone]'],
    ['0044 20 7946 0958 is the office', '[phone] is the office'],
    ['card 4111 1111 1111 1111 exp 12/28', 'card [card] exp 12/28'],
    ['5500-0000-0000-0004', '[card]'],
    ['passport number X1234567', 'passport number [passport]'],
    ['mi pasaporte es PAB123456', 'mi pasaporte es [passport]'],
    ['Reisepass Nr. C01X00T47', 'Reisepass Nr. [passport]'],
    ['numéro de passeport: 12AB34567', 'numéro de passeport: [passport]'],
  ];
  for (const [input, expected] of cases) {
    it(`masks "${input}"`, () => assert.equal(maskPii(input), expected));
  }

  it('keeps what operators need: flight numbers, dates, times, prices, IATA codes, ids', () => {
    const text =
      'IB3170 MAD→LON on 2026-03-09 at 09:45 for 1,234.56 EUR, 2 adults, session 123e4567-e89b-12d3-a456-426614174000';
    assert.equal(maskPii(text), text);
  });

  it('does not mask a 16-digit number that fails the card checksum as a card', () => {
    assert.notEqual(maskPii('4111 1111 1111 1112'), '[card]');
  });
});

describe('installPiiMasking: the framework’s pino and every child', () => {
  function capture() {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        cb();
      },
    });
    return { lines, stream };
  }

  it('masks objects logged by children created after installation, nested and in errors', () => {
    const { lines, stream } = capture();
    const root = installPiiMasking(pino({ level: 'info' }, stream));
    const child = root.child({ component: 'session' });
    child.info(
      {
        transcript: 'I am ana@example.com, card 4111111111111111',
        'lk.pii.message': { words: ['call', '+1 415 555 0132'] },
        err: new Error('lookup failed for passport X7654321'),
      },
      'final transcript',
    );
    const line = lines[0]!;
    assert.equal(line.transcript, 'I am [email], card [card]');
    assert.deepEqual(line['lk.pii.message'], { words: ['call', '[phone]'] });
    assert.match(JSON.stringify(line.err), /passport \[passport\]/);
    assert.doesNotMatch(JSON.stringify(line), /ana@example|4111111111111111|X7654321|555 0132/);
    assert.equal(line.msg, 'final transcript');
    assert.equal(line.component, 'session');
  });

  it('applies to the agents framework’s own root logger, as plugins use it', () => {
    initializeLogger({ pretty: false, level: 'info' });
    installPiiMasking(log());
    installPiiMasking(log()); // idempotent
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      lines.push(chunk.toString());
      return true;
    }) as typeof process.stdout.write;
    try {
      // What the Deepgram plugin does with an unexpected message.
      log()
        .child({ 'lk.pii.message': { transcript: 'my email is x@y.com' } })
        .warn('received unexpected message from Deepgram');
      log().info({ transcript: 'call +33 6 12 34 56 78' }, 'final transcript');
    } finally {
      process.stdout.write = write;
      initializeLogger({ pretty: false, level: 'fatal' });
    }
    const out = lines.join('');
    assert.match(out, /call \[phone\]/);
    assert.match(out, /my email is \[email\]/);
    assert.doesNotMatch(out, /x@y\.com/);
    assert.doesNotMatch(out, /\+33 6 12/);
  });
});
