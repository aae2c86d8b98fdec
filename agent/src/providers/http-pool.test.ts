import { initializeLogger } from '@livekit/agents';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { OpenAI } from 'openai';
import { startOpenAIFake } from '../../../test/fakes/openai.js';
import { openAIClient } from './http-pool.js';

describe('the OpenAI connection pool', () => {
  it('keeps the connection between turns 4.5 s apart, where the built-in fetch opens a new one', async () => {
    initializeLogger({ pretty: false, level: 'fatal' });
    // Servers that send no Keep-Alive hint, so each client's own idle timeout decides; one per
    // client, so both conversations run at once and each count is its own client's.
    const start = () =>
      startOpenAIFake({
        keepAliveTimeoutMs: 0,
        rules: [{ when: () => true, reply: { text: 'Where would you like to fly?' } }],
      });
    const fakes = [await start(), await start()];
    const turn = async (client: OpenAI) => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'Hello' }],
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    };
    /** Two turns 4.5 s apart; the connections the second one opened. */
    const conversation = async (client: OpenAI, fake: (typeof fakes)[number]) => {
      assert.equal(await turn(client), 'Where would you like to fly?');
      const before = fake.connections;
      await sleep(4_500); // the caller listens to the answer, then speaks again
      await turn(client);
      return fake.connections - before;
    };
    const pooled = openAIClient({ apiKey: 'sk-test', baseURL: fakes[0]!.baseURL });
    const builtin = new OpenAI({ apiKey: 'sk-test', baseURL: fakes[1]!.baseURL, maxRetries: 0 });
    const [pooledOpened, builtinOpened] = await Promise.all([
      conversation(pooled, fakes[0]!),
      conversation(builtin, fakes[1]!),
    ]);
    assert.equal(pooledOpened, 0, 'the pooled client reused its connection');
    assert.equal(builtinOpened, 1, 'the built-in fetch had closed its idle connection');
    for (const f of fakes) await f.close();
  });
});
