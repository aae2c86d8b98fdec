/**
 * A person in the operator console takes a conversation over, through `polyglot serve` as
 * deployed (the conversation on a session thread, the action relayed from the main thread): the
 * assistant stops answering the caller, the person's words reach the caller as `operator` lines
 * and the masked record, the assistant answers again once handed back — knowing what the person
 * said — and an ended conversation tells the caller so before its socket closes.
 */
import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServerMessage } from '../../../sdk/src/protocol/messages.js';
import { startOpenAIFake, type OpenAIFake } from '../../../test/fakes/openai.js';
import { loadConfig } from '../config.js';
import { connectTestClient } from '../runtimes/local/test-client.js';
import { startServer, type RunningServer } from '../server/http.js';

initializeLogger({ pretty: false, level: 'fatal' });

describe('a conversation taken over from the operator console', () => {
  let openai: OpenAIFake;
  let server: RunningServer;

  before(async () => {
    openai = await startOpenAIFake({});
    const env = {
      PORT: '0',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: openai.baseURL,
      POLYGLOT_SESSION_THREADS: '1',
    };
    server = await startServer({ config: loadConfig(env), env, logger: log(), version: 't' });
  });
  after(async () => {
    await server.close();
    await openai.close();
  });

  it('silences the assistant, carries the person’s words, hands back, and ends', async () => {
    const res = await fetch(`${server.url}/api/session`, { method: 'POST', body: '{}' });
    const d = (await res.json()) as { url: string; token: string };
    const c = await connectTestClient(d.url);
    c.send({ type: 'hello', protocol: 1, token: d.token, lang: 'en', audio: false, greet: false });
    const ready = (await c.waitFor((m) => m.type === 'ready')) as Extract<
      ServerMessage,
      { type: 'ready' }
    >;
    const id = ready.sessionId;
    await c.until(() => server.runtime.store.get(id) !== undefined);

    assert.equal(server.runtime.operator(id, { type: 'take_over', operator: 'ana' }), true);
    const asked = openai.chatRequests.length;
    c.send({ type: 'user_text', text: 'is anyone there?' });
    await c.waitFor(
      (m) => m.type === 'transcript' && m.role === 'user' && m.text === 'is anyone there?',
    );

    const words = 'Yes, Ana here. Write to me at ana@example.com if we get cut off.';
    server.runtime.operator(id, { type: 'say', operator: 'ana', text: words });
    const line = await c.waitFor((m) => m.type === 'transcript' && m.role === 'operator');
    assert.equal(line.type === 'transcript' && line.text, words);
    assert.equal(openai.chatRequests.length, asked, 'the assistant answered while taken over');
    await c.until(() =>
      server.runtime.store.get(id)!.transcript.some((l) => l.role === 'operator'),
    );
    const kept = server.runtime.store.get(id)!.transcript.find((l) => l.role === 'operator')!;
    assert.doesNotMatch(kept.text, /ana@example\.com/, 'the record is masked');

    server.runtime.operator(id, { type: 'hand_back', operator: 'ana' });
    c.send({ type: 'user_text', text: 'thanks, back to flights' });
    await c.waitFor(
      (m) =>
        m.type === 'transcript' &&
        m.role === 'assistant' &&
        m.final &&
        /back to flights/.test(m.text),
    );
    const context = JSON.stringify(openai.chatRequests.at(-1)!.messages);
    assert.match(context, /Yes, Ana here/, 'the assistant knows what the person said');
    assert.match(context, /is anyone there\?/, 'and what the caller said to them');
    // Replies come in order: one to the line typed while taken over would have come first.
    const replies = c.messages.filter((m) => m.type === 'transcript' && m.role === 'assistant');
    assert.ok(
      replies.every((m) => m.type === 'transcript' && !/anyone there/.test(m.text)),
      'the assistant answered while taken over',
    );

    assert.equal(server.runtime.operator(id, { type: 'end', operator: 'ana' }), true);
    await c.waitFor((m) => m.type === 'session_ended');
    assert.equal(await c.closed, 1000);
    await c.until(() => server.runtime.store.get(id)?.endedAt !== undefined);
    assert.equal(server.runtime.operator(id, { type: 'take_over', operator: 'ana' }), false);
  });
});
