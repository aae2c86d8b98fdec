/**
 * `/healthz` tells the demo page what the operator still has to set, by name only.
 */
import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../config.js';
import { startServer } from './http.js';

initializeLogger({ pretty: false, level: 'fatal' });

async function health(env: Record<string, string>): Promise<Record<string, unknown>> {
  // No session threads: nothing here opens a session, and each thread takes ~2 s to start.
  const full = { PORT: '0', POLYGLOT_SESSION_THREADS: '0', ...env };
  const s = await startServer({
    config: loadConfig(full),
    env: full,
    logger: log(),
    version: 'test',
  });
  try {
    return (await (await fetch(`${s.url}/healthz`)).json()) as Record<string, unknown>;
  } finally {
    await s.close();
  }
}

describe('/healthz setup', () => {
  it('names what to set for each missing part, as alternatives, and never a value', async () => {
    const body = await health({ FLIGHT_PROVIDERS: 'duffel,serpapi,amadeus' });
    assert.deepEqual(body.setup, [
      { role: 'llm', anyOf: [['OPENAI_API_KEY']] },
      { role: 'stt', anyOf: [['DEEPGRAM_API_KEY'], ['OPENAI_API_KEY']] },
      { role: 'tts', anyOf: [['CARTESIA_API_KEY'], ['OPENAI_API_KEY']] },
      {
        role: 'flights',
        anyOf: [
          ['DUFFEL_ACCESS_TOKEN'],
          ['SERPAPI_API_KEY'],
          ['AMADEUS_CLIENT_ID', 'AMADEUS_CLIENT_SECRET'],
        ],
      },
    ]);
  });

  it('is empty once the voice and a flight provider are configured, and shows no secret', async () => {
    const body = await health({
      OPENAI_API_KEY: 'sk-secret-value',
      DUFFEL_ACCESS_TOKEN: 'duffel_test_secret',
    });
    assert.deepEqual(body.setup, []);
    assert.equal(JSON.stringify(body).includes('secret'), false);
  });

  it('asks only for what is still missing', async () => {
    const body = await health({ OPENAI_API_KEY: 'sk-x', FLIGHT_PROVIDERS: 'amadeus' });
    assert.deepEqual(body.setup, [
      { role: 'flights', anyOf: [['AMADEUS_CLIENT_ID', 'AMADEUS_CLIENT_SECRET']] },
    ]);
  });
});
