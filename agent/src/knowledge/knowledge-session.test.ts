/**
 * The knowledge base in a running server, through the local runtime's socket as the widget uses
 * it: a Spanish baggage question, searched in English by the (scripted) model on a session
 * thread, reaches the client with its citations (`knowledge`); the documents reload on the admin
 * command while a session stays open, and its next search sees them; bad files never stop the
 * server from starting.
 */
import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KnowledgeMessage, ServerMessage } from '../../../sdk/src/protocol/messages.js';
import { startOpenAIFake, type OpenAIFake } from '../../../test/fakes/openai.js';
import { loadConfig } from '../config.js';
import { DEMO_POLICIES_DIR } from '../partners.js';
import { connectTestClient, type TestClient } from '../runtimes/local/test-client.js';
import { startServer, type RunningServer } from '../server/http.js';

initializeLogger({ pretty: false, level: 'fatal' });

const SPANISH = '¿Cuánto equipaje facturado puedo llevar?';
const ADMIN = 'admin-token-0123456789';

describe('knowledge in a running server (local runtime, session thread)', () => {
  let openai: OpenAIFake;
  let server: RunningServer;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kb-session-'));
    await writeFile(
      join(dir, 'pets.md'),
      '# Pets\n\n## Cabin\n\nCats up to 6 kg travel in the cabin.',
    );
    await writeFile(join(dir, 'scan.pdf'), Buffer.from('%PDF-1.7\n\x00\x01\x02 garbage'));
    await writeFile(join(dir, 'notes.txt'), Buffer.from([0xe9, 0x74, 0xe9])); // Latin-1 "été"
    openai = await startOpenAIFake({
      rules: [
        {
          when: ({ lastUser, lastTool }) => lastUser === SPANISH && !lastTool,
          reply: {
            toolCall: {
              name: 'search_knowledge',
              arguments: { query: 'checked baggage allowance' },
            },
          },
        },
        {
          when: ({ lastUser, lastTool }) => /gato/.test(lastUser) && !lastTool,
          reply: { toolCall: { name: 'search_knowledge', arguments: { query: 'cats cabin' } } },
        },
        {
          when: ({ lastTool }) => lastTool !== undefined,
          reply: { text: 'Puede facturar una maleta de 23 kg (política de equipaje).' },
        },
      ],
    });
    const partners = [
      {
        key: 'acme-travel',
        name: 'Acme Travel',
        allowedOrigins: ['https://www.acme.example'],
        knowledge: { sources: [DEMO_POLICIES_DIR, dir] },
      },
    ];
    const env = {
      PORT: '0',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: openai.baseURL,
      POLYGLOT_PARTNERS: JSON.stringify(partners),
      POLYGLOT_SESSION_THREADS: '1',
      POLYGLOT_ADMIN_TOKEN: ADMIN,
    };
    server = await startServer({ config: loadConfig(env), env, logger: log(), version: 't' });
  });
  after(async () => {
    await server?.close();
    await openai?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function open(): Promise<TestClient> {
    const res = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { origin: 'https://www.acme.example', 'content-type': 'application/json' },
      body: JSON.stringify({ partnerKey: 'acme-travel', lang: 'es' }),
    });
    assert.equal(res.status, 200);
    const d = (await res.json()) as { url: string; token: string };
    const c = await connectTestClient(d.url, { origin: 'https://www.acme.example' });
    c.send({ type: 'hello', protocol: 1, token: d.token, lang: 'es', audio: false });
    await c.waitFor((m) => m.type === 'ready');
    return c;
  }

  it('starts with the bad files reported and the good ones loaded', () => {
    const [report] = server.knowledge.reports;
    assert.equal(report!.files.length, 5);
    assert.deepEqual(report!.skipped.map((s) => s.path.split('/').pop()).sort(), [
      'notes.txt',
      'scan.pdf',
    ]);
  });

  it('a Spanish baggage question: the English passage is found and its citation reaches the client, in the turn of the answer', async () => {
    const c = await open();
    try {
      c.send({ type: 'user_text', text: SPANISH });
      const k = (await c.waitFor((m) => m.type === 'knowledge')) as KnowledgeMessage;
      assert.deepEqual(k.citations[0], {
        title: 'Baggage policy',
        section: 'Checked baggage',
        url: 'https://demo.polyglot.example/help/baggage',
      });
      const answer = await c.waitFor(
        (m) => m.type === 'transcript' && m.role === 'assistant' && m.final && /23 kg/.test(m.text),
      );
      assert.equal(k.turn, answer.type === 'transcript' ? answer.turn : -1);
      const tool = c.messages.filter(
        (m): m is Extract<ServerMessage, { type: 'tool' }> => m.type === 'tool',
      );
      assert.deepEqual(
        tool.map((t) => [t.tool, t.status]),
        [
          ['search_knowledge', 'started'],
          ['search_knowledge', 'finished'],
        ],
      );
      // What the model got: the English passage, from the search on the main thread's index.
      const req = openai.chatRequests.at(-1)!;
      assert.match(JSON.stringify(req.messages), /one checked bag of up to 23 kg per passenger/);
    } finally {
      c.close();
    }
  });

  it('reloads on the admin command while a session is open; the session goes on and finds the new text', async () => {
    const c = await open();
    try {
      c.send({ type: 'user_text', text: '¿Puede viajar mi gato en cabina?' });
      await c.waitFor((m) => m.type === 'knowledge');
      const modelSaw = (text: string) => () =>
        openai.chatRequests.some((r) => JSON.stringify(r.messages).includes(text));
      await c.until(modelSaw('Cats up to 6 kg'), 15_000, 'the passage reaches the model');

      await writeFile(
        join(dir, 'pets.md'),
        '# Pets\n\n## Cabin\n\nCats up to 9 kg travel in the cabin.',
      );
      const refused = await fetch(`${server.url}/admin/knowledge/reload`, { method: 'POST' });
      assert.equal(refused.status, 401);
      const res = await fetch(`${server.url}/admin/knowledge/reload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { knowledge: { partner: string; files: number }[] };
      assert.equal(body.knowledge[0]!.files, 5);

      const seen = c.messages.length;
      c.send({ type: 'user_text', text: '¿Y mi gato otra vez?' });
      await c.until(
        () => c.messages.slice(seen).some((m) => m.type === 'knowledge'),
        15_000,
        'second knowledge message',
      );
      await c.until(modelSaw('Cats up to 9 kg'), 15_000, 'the reloaded passage reaches the model');
      assert.ok(!c.messages.some((m) => m.type === 'error'), 'the session saw an error');
    } finally {
      c.close();
    }
  });
});
