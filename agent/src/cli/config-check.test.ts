import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run } from './config-check.js';

function check(env: Record<string, string>, readFile?: (f: string) => string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(
    env,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    readFile ? { readFile } : {},
  );
  return { code, text: out.join('\n'), err: err.join('\n') };
}
const row = (text: string, label: string) =>
  text.split('\n').find((l) => l.trimStart().slice(2).startsWith(label)) ?? '';

describe('polyglot config check', () => {
  it('with nothing set: exit 1, and each gap names its variable', () => {
    const { code, text } = check({});
    assert.equal(code, 1);
    assert.match(row(text, 'speech-to-text'), /✗ .*.*DEEPGRAM_API_KEY or OPENAI_API_KEY/);
    assert.match(row(text, 'LLM'), /✗ .*.*OPENAI_API_KEY/);
    assert.match(row(text, 'text-to-speech'), /✗ .*.*CARTESIA_API_KEY or OPENAI_API_KEY/);
    assert.match(row(text, 'duffel'), /✗ .*.*DUFFEL_ACCESS_TOKEN/);
    assert.match(row(text, 'amadeus'), /✗ .*.*AMADEUS_CLIENT_ID and AMADEUS_CLIENT_SECRET/);
    assert.match(row(text, 'order'), /✗ .*no provider/);
    assert.match(text, /Something is missing/);
  });

  it('OpenAI alone runs the voice pipeline; without a flight provider it still says so', () => {
    const { code, text } = check({ OPENAI_API_KEY: 'sk-secret-value' });
    assert.match(row(text, 'speech-to-text'), /✓ .*OpenAI gpt-4o-transcribe/);
    assert.match(row(text, 'LLM'), /✓ .*gpt-4o/);
    assert.match(row(text, 'text-to-speech'), /✓ .*OpenAI gpt-4o-mini-tts/);
    assert.equal(code, 1, 'flight search is not configured');
    assert.doesNotMatch(text, /sk-secret-value/);
  });

  it('the full production set: exit 0, Deepgram, Cartesia, LiveKit worker, partners; no secrets printed', () => {
    const secrets = {
      OPENAI_API_KEY: 'sk-AAA',
      DEEPGRAM_API_KEY: 'dg-BBB',
      CARTESIA_API_KEY: 'ca-CCC',
      DUFFEL_ACCESS_TOKEN: 'duffel_test_DDD',
      LIVEKIT_API_KEY: 'APIEEE',
      LIVEKIT_API_SECRET: 'FFFsecret',
      POLYGLOT_SESSION_SECRET: 'GGGsecret',
    };
    const { code, text } = check(
      {
        ...secrets,
        LLM_MODEL: 'gpt-4o-2024-11-20',
        OPENAI_BASE_URL: 'https://llm.internal.example/v1',
        LIVEKIT_URL: 'wss://polyglot.livekit.cloud',
        POLYGLOT_PARTNERS_FILE: '/etc/partners.json',
      },
      () =>
        JSON.stringify([
          {
            key: 'acme',
            name: 'Acme',
            allowedOrigins: ['https://acme.example'],
            handoff: { phone: '+34911234567', queue: 'support' },
          },
          { key: 'nowhere', name: 'No origins' },
        ]),
    );
    assert.equal(code, 0, text);
    assert.match(row(text, 'speech-to-text'), /✓ .*Deepgram nova-3, multi/);
    assert.match(row(text, 'LLM'), /✓ .*gpt-4o-2024-11-20 via llm\.internal\.example/);
    assert.match(row(text, 'text-to-speech'), /✓ .*Cartesia/);
    assert.match(row(text, 'worker'), /✓ .*.*agent name "polyglot"/);
    assert.match(row(text, 'transport'), /LiveKit polyglot\.livekit\.cloud/);
    assert.match(row(text, 'amadeus'), /^ {2}- /, 'an unneeded alternative is not an error');
    assert.match(row(text, 'source'), /from POLYGLOT_PARTNERS_FILE/);
    assert.match(row(text, 'acme'), /✓ .*.*origins: https:\/\/acme\.example/);
    assert.match(row(text, 'acme'), /handoff: phone \+34911234567, console queue support$/);
    assert.match(row(text, 'nowhere'), /! .*.*no page can open a session/);
    assert.match(row(text, 'nowhere'), /handoff: none \(callers are told no person is available\)/);
    for (const v of Object.values(secrets)) assert.ok(!text.includes(v), `${v} printed`);
  });

  it('reports flight configuration problems and invalid configuration by variable', () => {
    const bad = check({ OPENAI_API_KEY: 'k', FLIGHT_PROVIDERS: 'duffel,kayak' });
    assert.equal(bad.code, 1);
    assert.match(row(bad.text, 'problem'), /FLIGHT_PROVIDERS: unknown provider "kayak"/);
    const invalid = check({ PORT: 'eighty', POLYGLOT_PARTNERS: '[{"key":"x"}]' });
    assert.equal(invalid.code, 2);
    assert.match(invalid.err, /PORT/);
  });
});
