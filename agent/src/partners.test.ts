import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';
import { partnerGreeting, PartnerSchema } from './partners.js';

const ACME = {
  key: 'acme-travel',
  name: 'Acme Travel',
  allowedOrigins: ['https://www.acme.example'],
  greeting: { es: '¡Hola! Soy el asistente de Acme.', en: 'Hi! I am Acme’s assistant.' },
  defaultLanguage: 'es',
  tools: ['search_flights'],
};

describe('partners from configuration', () => {
  it('reads POLYGLOT_PARTNERS inline and keeps the demo partner', () => {
    const c = loadConfig({ POLYGLOT_PARTNERS: JSON.stringify([ACME]) });
    assert.equal(c.partnersSource, 'POLYGLOT_PARTNERS');
    assert.deepEqual(c.partners.get('acme-travel')?.tools, ['search_flights']);
    assert.equal(c.partners.get('acme-travel')?.sessionsPerMinute, 120);
    assert.ok(c.partners.get('demo'), 'the demo partner is always there');
  });

  it('reads POLYGLOT_PARTNERS_FILE ({"partners": [...]})', () => {
    const c = loadConfig(
      { POLYGLOT_PARTNERS_FILE: '/etc/polyglot/partners.json' },
      {
        readFile: (f) => {
          assert.equal(f, '/etc/polyglot/partners.json');
          return JSON.stringify({ partners: [ACME] });
        },
      },
    );
    assert.equal(c.partnersSource, 'POLYGLOT_PARTNERS_FILE');
    assert.equal(c.partners.get('acme-travel')?.name, 'Acme Travel');
  });

  it('the demo partner is same-origin only, plus POLYGLOT_ALLOWED_ORIGINS', () => {
    const c = loadConfig({ POLYGLOT_ALLOWED_ORIGINS: 'https://staging.example' });
    const demo = c.partners.get('demo')!;
    const own = ['http://localhost:8787'];
    assert.ok(c.partners.originAllowed(demo, 'http://localhost:8787', own));
    assert.ok(c.partners.originAllowed(demo, 'https://staging.example', own));
    assert.ok(!c.partners.originAllowed(demo, 'https://evil.example', own));
  });

  it('a partner never inherits this server’s own origin', () => {
    const c = loadConfig({ POLYGLOT_PARTNERS: JSON.stringify([ACME]) });
    const acme = c.partners.get('acme-travel')!;
    assert.ok(!c.partners.originAllowed(acme, 'http://localhost:8787', ['http://localhost:8787']));
    assert.ok(c.partners.originAllowed(acme, 'https://www.acme.example', []));
  });

  const rejects = (env: Record<string, string>, pattern: RegExp, readFile?: () => string) =>
    assert.throws(
      () => loadConfig(env, readFile ? { readFile } : {}),
      (err: unknown) => err instanceof ConfigError && pattern.test(err.message),
    );

  it('names the variable and the field of an invalid partner', () => {
    const bad = { ...ACME, allowedOrigins: ['https://www.acme.example/'] };
    rejects(
      { POLYGLOT_PARTNERS: JSON.stringify([bad]) },
      /POLYGLOT_PARTNERS: 0\.allowedOrigins\.0: an origin/,
    );
    rejects(
      { POLYGLOT_PARTNERS: JSON.stringify([{ ...ACME, tools: ['book_hotel'] }]) },
      /POLYGLOT_PARTNERS: 0\.tools\.0/,
    );
    rejects({ POLYGLOT_PARTNERS: JSON.stringify([{ ...ACME, secret: 'x' }]) }, /Unrecognized key/);
    rejects({ POLYGLOT_PARTNERS: JSON.stringify([ACME, ACME]) }, /duplicate key "acme-travel"/);
    rejects({ POLYGLOT_PARTNERS: '{oops' }, /POLYGLOT_PARTNERS: not valid JSON/);
    rejects({ POLYGLOT_PARTNERS_FILE: '/nope.json' }, /POLYGLOT_PARTNERS_FILE: cannot read/, () => {
      throw new Error('ENOENT');
    });
    rejects({ POLYGLOT_PARTNERS_FILE: '/a.json', POLYGLOT_PARTNERS: '[]' }, /not both/);
  });

  it('picks the greeting for the page language, then the partner default language', () => {
    const acme = PartnerSchema.parse(ACME);
    assert.equal(partnerGreeting(acme, 'en-GB'), 'Hi! I am Acme’s assistant.');
    assert.equal(partnerGreeting(acme, 'es'), '¡Hola! Soy el asistente de Acme.');
    assert.equal(partnerGreeting(acme, 'ja'), '¡Hola! Soy el asistente de Acme.');
    assert.equal(
      partnerGreeting(PartnerSchema.parse({ ...ACME, greeting: undefined }), 'en'),
      undefined,
    );
  });

  it('takes an https offer link template with known placeholders, and names what is wrong with others', () => {
    const template =
      'https://acme.example/book?offer={offerId}&from={origin}&to={destination}&date={departureDate}';
    const c = loadConfig({
      POLYGLOT_PARTNERS: JSON.stringify([{ ...ACME, offerLinkTemplate: template }]),
    });
    assert.equal(c.partners.get('acme-travel')?.offerLinkTemplate, template);
    assert.equal(PartnerSchema.parse(ACME).offerLinkTemplate, undefined, 'optional');
    const bad = (t: string, why: RegExp) =>
      rejects(
        { POLYGLOT_PARTNERS: JSON.stringify([{ ...ACME, offerLinkTemplate: t }]) },
        new RegExp(`POLYGLOT_PARTNERS: 0\\.offerLinkTemplate: .*${why.source}`),
      );
    bad('http://acme.example/book?offer={offerId}', /must be an https/);
    bad('javascript:alert({offerId})', /must be an https/);
    bad(
      'https://acme.example/book?offer={offer_id}',
      /unknown placeholder \{offer_id\}: use \{offerId\}/,
    );
    bad('https://acme.example/book?offer={offerId', /an unmatched \{ or \}/);
    // A placeholder where it could change the host or the credentials.
    bad('https://{origin}.acme.example/book', /scheme and host must come before/);
    bad('https://acme.example{offerId}/book', /scheme and host must come before/);
    bad('https://{offerId}@acme.example/book', /scheme and host must come before/);
    bad('https://user:pw@acme.example/book/{offerId}', /user name or password/);
    bad('not a url', /not a URL/);
  });

  it('takes handoff targets (a page, an E.164 number, a console queue) and names what is wrong with others', () => {
    const handoff = {
      url: 'https://help.acme.example/chat',
      phone: '+34911234567',
      queue: 'support',
    };
    const c = loadConfig({ POLYGLOT_PARTNERS: JSON.stringify([{ ...ACME, handoff }]) });
    assert.deepEqual(c.partners.get('acme-travel')?.handoff, handoff);
    assert.deepEqual(
      PartnerSchema.parse({ ...ACME, handoff: { queue: 'support' } }).handoff,
      { queue: 'support' },
      'any one target is enough',
    );
    assert.equal(PartnerSchema.parse(ACME).handoff, undefined, 'optional: no person then');
    const bad = (h: unknown, why: RegExp) =>
      rejects(
        { POLYGLOT_PARTNERS: JSON.stringify([{ ...ACME, handoff: h }]) },
        new RegExp(`POLYGLOT_PARTNERS: 0\\.handoff.*${why.source}`),
      );
    bad({ phone: '+34 911 234 567' }, /E\.164 form/);
    bad({ phone: '0911234567' }, /E\.164 form/);
    bad({ phone: '+0911234567' }, /E\.164 form/);
    bad({ phone: '+1234567890123456' }, /E\.164 form/);
    bad({ url: 'http://help.acme.example' }, /an https:\/\/ URL/);
    bad({ url: 'javascript:alert(1)' }, /an https:\/\/ URL/);
    bad({ url: 'https://me:pw@help.acme.example' }, /user name or password/);
    bad({ queue: 'support queue' }, /a queue name/);
    bad({}, /name at least one of url, phone or queue/);
    bad({ email: 'help@acme.example' }, /Unrecognized key/);
  });
});
