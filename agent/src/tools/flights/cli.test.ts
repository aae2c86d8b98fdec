import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startDuffelFake, type DuffelFake } from '../../../../test/fakes/duffel.js';
import { run as flights } from '../../cli/flights.js';
import { run as resolve } from '../../cli/resolve.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
}
const now = () => new Date('2026-11-21T11:00:00Z');

describe('polyglot flights / resolve (CLI)', () => {
  let duffel: DuffelFake;
  before(async () => (duffel = await startDuffelFake({ token: 'duffel_test_cli' })));
  after(() => duffel.close());
  const env = () => ({ DUFFEL_ACCESS_TOKEN: 'duffel_test_cli', DUFFEL_BASE_URL: duffel.url });

  it('exits 3 and names the variables when no provider is configured', async () => {
    const c = capture();
    const code = await flights(['--from', 'Madrid', '--to', 'Paris', '--date', 'tomorrow'], {
      ...c.io,
      env: {},
      now,
      timeZone: 'UTC',
    });
    assert.equal(code, 3);
    assert.match(c.err.join('\n'), /DUFFEL_ACCESS_TOKEN.*AMADEUS_CLIENT_ID.*SERPAPI_API_KEY/s);
    const j = capture();
    assert.equal(
      await flights(['--from', 'Madrid', '--to', 'Paris', '--date', 'tomorrow', '--json'], {
        ...j.io,
        env: {},
        now,
        timeZone: 'UTC',
      }),
      3,
    );
    assert.equal(
      (JSON.parse(j.out[0] ?? '{}') as { error: { code: string } }).error.code,
      'no_provider',
    );
  });

  it('exits 0 with real results from the Duffel fake', async () => {
    const c = capture();
    const code = await flights(
      [
        '--from',
        'Londres',
        '--to',
        'Nueva York',
        '--date',
        'el próximo viernes',
        '--lang',
        'es',
        '--json',
      ],
      { ...c.io, env: env(), now, timeZone: 'Europe/Madrid' },
    );
    assert.equal(code, 0, c.err.join('\n'));
    const body = JSON.parse(c.out[0] ?? '{}') as {
      provider: string;
      offers: { id: string }[];
      query: { origin: string; destination: string; departureDate: string };
      summary: string;
    };
    assert.equal(body.provider, 'duffel');
    assert.equal(body.query.origin, 'LON');
    assert.equal(body.query.departureDate, '2026-11-27');
    assert.ok(body.offers.length > 0 && body.offers.every((o) => o.id.startsWith('off_')));
    assert.match(body.summary, /^\d+ vuelos de Londres a Nueva York el viernes, 27 de noviembre\./);
    const text = capture();
    assert.equal(
      await flights(['--from', 'MAD', '--to', 'JFK', '--date', '2026-12-01', '--adults', '2'], {
        ...text.io,
        env: env(),
        now,
        timeZone: 'UTC',
      }),
      0,
    );
    assert.match(text.out.join('\n'), /offers from duffel/);
  });

  it('exits 2 with a JSON error for requests that cannot be searched', async () => {
    const cases: [string[], string][] = [
      [['--from', 'Madrid', '--to', 'Madrid', '--date', 'tomorrow'], 'same_origin_destination'],
      [['--from', 'Madrid', '--to', 'Paris', '--date', '2027-02-30'], 'invalid_calendar_date'],
      [
        ['--from', 'Madrid', '--to', 'Paris', '--date', 'tomorrow', '--adults', '12'],
        'too_many_passengers',
      ],
      [
        ['--from', 'Madrid', '--to', 'Paris', '--date', 'tomorrow', '--adults', 'two'],
        'invalid_passenger_count',
      ],
      [['--from', 'Toronto', '--to', 'London', '--date', 'tomorrow'], 'ambiguous_place'],
      [
        ['--from', 'Madrid', '--to', 'Paris', '--date', 'tomorrow', '--cabin', 'rocket'],
        'invalid_cabin',
      ],
      [['--from', 'Madrid', '--to', 'Paris'], 'usage'],
      [['--bogus'], 'usage'],
    ];
    for (const [args, code] of cases) {
      const c = capture();
      const exit = await flights([...args, '--json'], {
        ...c.io,
        env: env(),
        now,
        timeZone: 'UTC',
      });
      assert.equal(exit, 2, args.join(' '));
      assert.equal(
        (JSON.parse(c.out[0] ?? '{}') as { error: { code: string } }).error.code,
        code,
        args.join(' '),
      );
    }
    assert.equal(duffel.searchCount, 2, 'no search was sent for a bad request');
  });

  it('searches London, United Kingdom from Madrid without asking (the demo’s example)', async () => {
    const c = capture();
    const code = await flights(
      ['--from', 'Madrid', '--to', 'London', '--date', 'tomorrow', '--json'],
      { ...c.io, env: env(), now, timeZone: 'Europe/Madrid' },
    );
    assert.equal(code, 0, c.out.join('\n') + c.err.join('\n'));
    const body = JSON.parse(c.out[0] ?? '{}') as {
      query: { origin: string; destination: string; destinationAirports: string[] };
      summary: string;
    };
    assert.deepEqual([body.query.origin, body.query.destination], ['MAD', 'LON']);
    assert.ok(body.query.destinationAirports.includes('LHR'));
    assert.match(body.summary, /from Madrid to London \(United Kingdom\) on Sunday, November 22\./);
  });

  it('exits 3 when every provider fails', async () => {
    duffel.failNext(500, 1);
    const c = capture();
    assert.equal(
      await flights(['--from', 'Madrid', '--to', 'Rome', '--date', 'tomorrow', '--json'], {
        ...c.io,
        env: env(),
        now,
        timeZone: 'UTC',
      }),
      3,
    );
    assert.equal(
      (JSON.parse(c.out[0] ?? '{}') as { error: { code: string } }).error.code,
      'all_providers_failed',
    );
  });

  it('resolve prints the code, or exits 2 for ambiguous and unknown names', async () => {
    const c = capture();
    assert.equal(await resolve(['München'], c.io), 0);
    assert.match(c.out[0] ?? '', /MUC/);
    const j = capture();
    assert.equal(await resolve(['北京', '--json'], j.io), 0);
    assert.equal((JSON.parse(j.out[0] ?? '{}') as { place: { code: string } }).place.code, 'BJS');
    const london = capture();
    assert.equal(await resolve(['London'], london.io), 0);
    assert.match(london.out[0] ?? '', /^London -> LON {2}London, United Kingdom/);
    assert.match(london.out[1] ?? '', /also: YXU London, Canada/);
    const amb = capture();
    assert.equal(await resolve(['Portland', '--json'], amb.io), 2);
    assert.equal(
      (JSON.parse(amb.out[0] ?? '{}') as { error: { code: string } }).error.code,
      'ambiguous_place',
    );
    assert.equal(await resolve(['Atlantis'], capture().io), 2);
  });
});
