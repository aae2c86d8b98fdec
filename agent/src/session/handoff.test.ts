/**
 * Escalation to a person, through `polyglot serve` as deployed (a session thread runs the
 * conversation; the store, the console queue and /metrics are the main thread's), with the
 * production OpenAI plugin against the OpenAI protocol fake. The fake plays the model: it decides
 * the tool calls, so these tests prove what the model is given (the tool, offered in every
 * session with a description that covers any language, and the instructions) and what the core
 * does with its call: the `handoff` message with its reason, the partner's targets and a masked
 * summary reaches the caller's socket, the session record and the console queue keep it, the
 * counter counts it; and what the model is told after two failed searches, or when the partner
 * has no one to hand to.
 */
import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServerMessage } from '../../../sdk/src/protocol/messages.js';
import {
  startOpenAIFake,
  type ChatMessageIn,
  type OpenAIFake,
} from '../../../test/fakes/openai.js';
import { loadConfig } from '../config.js';
import { connectTestClient, type TestClient } from '../runtimes/local/test-client.js';
import { startServer, type RunningServer } from '../server/http.js';

initializeLogger({ pretty: false, level: 'fatal' });

const ACME = {
  key: 'acme',
  name: 'Acme Travel',
  handoff: {
    url: 'https://help.acme.example/chat',
    phone: '+34911234567',
    queue: 'support',
  },
};

const SUMMARY_ES =
  'Quiere cambiar un vuelo Madrid–Londres. Contacto: ana.garcia@example.com, +34 612 345 678.';
const SUMMARY_DE = 'Will einen Flug nach Berlin umbuchen; Pass C01X00T47.';

/** The model: what it says and calls, per caller's line (scripted, as a model would). */
const RULES = [
  {
    when: ({ lastTool, lastUser }: { lastTool: string | undefined; lastUser: string }) =>
      lastTool !== undefined && /quiero hablar/i.test(lastUser),
    reply: { text: 'Le paso con una persona del equipo de Acme.' },
  },
  {
    when: ({ lastTool, lastUser }: { lastTool: string | undefined; lastUser: string }) =>
      lastTool !== undefined && /Menschen/.test(lastUser),
    reply: { text: 'Ich verbinde Sie mit einem Menschen.' },
  },
  {
    // Reads out what the search tool said (its error).
    when: ({ lastTool, lastUser }: { lastTool: string | undefined; lastUser: string }) =>
      lastTool !== undefined && /2020/.test(lastUser),
    reply: ({ lastTool }: { lastTool: string | undefined }) => ({ text: lastTool! }),
  },
  {
    when: ({ lastTool }: { lastTool: string | undefined }) => lastTool === '',
    reply: { text: 'Sorry about that. Let me try another way.' },
  },
  {
    when: ({ lastUser }: { lastUser: string }) => lastUser === 'quiero hablar con una persona',
    reply: {
      toolCall: {
        name: 'transfer_to_human',
        arguments: { reason: 'human_requested', summary: SUMMARY_ES },
      },
    },
  },
  {
    when: ({ lastUser }: { lastUser: string }) => lastUser === 'ich möchte einen Menschen sprechen',
    reply: {
      toolCall: {
        name: 'transfer_to_human',
        arguments: { reason: 'human_requested', summary: SUMMARY_DE },
      },
    },
  },
  {
    when: ({ lastUser }: { lastUser: string }) => /2020/.test(lastUser),
    reply: {
      toolCall: {
        name: 'search_flights',
        arguments: { origin: 'Madrid', destination: 'London, UK', departure_date: '2020-01-03' },
      },
    },
  },
  {
    when: ({ lastUser }: { lastUser: string }) => lastUser === 'This is useless!',
    reply: {
      text: 'I am sorry this is taking so long.',
      toolCall: { name: 'note_sentiment', arguments: { sentiment: 'frustrated' } },
    },
  },
  {
    when: ({ lastUser }: { lastUser: string }) => lastUser === 'Ugh.',
    reply: { toolCall: { name: 'note_sentiment', arguments: { sentiment: 'angry' } } },
  },
];

/** What the model read back from each tool (agents-js sends a string result JSON-encoded). */
const toolOutputs = (messages: ChatMessageIn[]) =>
  messages
    .filter((m) => m.role === 'tool')
    .map((m) => String(m.content))
    .map((t) => (t.startsWith('"') ? (JSON.parse(t) as string) : t));

describe('escalation to a person, through serve', () => {
  let openai: OpenAIFake;
  let server: RunningServer;

  before(async () => {
    openai = await startOpenAIFake({ rules: RULES });
    const env = {
      PORT: '0',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: openai.baseURL,
      POLYGLOT_PARTNERS: JSON.stringify([ACME]),
      POLYGLOT_SESSION_THREADS: '1',
      POLYGLOT_SESSIONS_PER_IP_PER_MINUTE: '1000',
    };
    server = await startServer({ config: loadConfig(env), env, logger: log(), version: 't' });
  });
  after(async () => {
    await server.close();
    await openai.close();
  });

  async function session(partnerKey: string | undefined, lang: string) {
    const res = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...(partnerKey && { partnerKey }), lang }),
    });
    assert.equal(res.status, 200);
    const d = (await res.json()) as { url: string; token: string };
    const c = await connectTestClient(d.url);
    c.send({ type: 'hello', protocol: 1, token: d.token, lang, audio: false });
    const ready = await c.waitFor((m) => m.type === 'ready');
    await c.waitFor((m) => m.type === 'transcript' && m.role === 'assistant' && m.final);
    return { c, id: (ready as Extract<ServerMessage, { type: 'ready' }>).sessionId };
  }

  const said = (c: TestClient, re: RegExp) =>
    c.waitFor(
      (m) => m.type === 'transcript' && m.role === 'assistant' && m.final && re.test(m.text),
    );

  async function metric(name: string, reason: string): Promise<number> {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const m = new RegExp(`^${name}\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(text);
    assert.ok(m, `${name}{reason="${reason}"} missing from /metrics`);
    return Number(m[1]);
  }

  const record = (id: string) => server.runtime.store.get(id);

  it('"quiero hablar con una persona": the model is offered the tool; the caller gets handoff, the store and the console queue keep it, the counter counts it', async () => {
    const before = await metric('polyglot_handoffs_total', 'human_requested');
    const { c, id } = await session('acme', 'es');
    const asked = openai.chatRequests.length;
    c.send({ type: 'user_text', text: 'quiero hablar con una persona' });

    const handoff = await c.waitFor((m) => m.type === 'handoff');
    assert.deepEqual(handoff, {
      type: 'handoff',
      reason: 'human_requested',
      url: 'https://help.acme.example/chat',
      phone: '+34911234567',
      queued: true,
      summary: 'Quiere cambiar un vuelo Madrid–Londres. Contacto: [email], [phone].',
    });
    await said(c, /Le paso con una persona/);

    // What the model was given: the tool, described for any language, and the instructions.
    const first = openai.chatRequests[asked]!;
    const tool = first.toolSpecs.find((t) => t.name === 'transfer_to_human');
    assert.ok(tool, `tools offered: ${first.tools.join(', ')}`);
    assert.match(tool.description, /in any language/);
    assert.match(tool.description, /ich möchte einen Menschen sprechen/);
    assert.match(
      JSON.stringify(tool.parameters),
      /"human_requested","frustrated","repeated_failure","no_answer"/,
    );
    const system = String(first.messages[0]!.content);
    assert.match(system, /asks for a person, a human.*in any language/);
    // What it was told to say: the facts of this partner's targets, in the caller's language.
    const result = toolOutputs(openai.chatRequests[asked + 1]!.messages).at(-1)!;
    assert.match(result, /^Handed over\. .*\(es\)/);
    assert.match(result, /link to continue with a person is now shown on their screen/);
    assert.match(result, /call \+34911234567/);
    assert.match(result, /Acme Travel’s support queue/);

    await c.until(() => (record(id)?.handoffs.length ?? 0) > 0);
    assert.deepEqual(
      record(id)!.handoffs.map((h) => [h.reason, h.summary, h.targets]),
      [
        [
          'human_requested',
          'Quiere cambiar un vuelo Madrid–Londres. Contacto: [email], [phone].',
          ACME.handoff,
        ],
      ],
    );
    const queued = server.runtime.store.queue.waiting({ partner: 'acme' });
    assert.deepEqual(
      queued.map((q) => [q.sessionId, q.queue, q.reason, q.lang]),
      [[id, 'support', 'human_requested', 'es']],
    );
    assert.equal(await metric('polyglot_handoffs_total', 'human_requested'), before + 1);
    c.close();
  });

  it('"ich möchte einen Menschen sprechen": handed over too, in German, counted again', async () => {
    const before = await metric('polyglot_handoffs_total', 'human_requested');
    const { c, id } = await session('acme', 'de');
    const asked = openai.chatRequests.length;
    c.send({ type: 'user_text', text: 'ich möchte einen Menschen sprechen' });
    const handoff = await c.waitFor((m) => m.type === 'handoff');
    assert.equal(
      handoff.type === 'handoff' && handoff.summary,
      'Will einen Flug nach Berlin umbuchen; Pass [passport].',
    );
    await said(c, /Ich verbinde Sie mit einem Menschen/);
    assert.match(toolOutputs(openai.chatRequests[asked + 1]!.messages).at(-1)!, /\(de\)/);
    await c.until(() => (record(id)?.handoffs.length ?? 0) > 0);
    assert.equal(record(id)!.handoffs[0]!.reason, 'human_requested');
    assert.equal(await metric('polyglot_handoffs_total', 'human_requested'), before + 1);
    c.close();
  });

  it('a partner with no handoff target: no handoff is sent; the model is told no person is available and what to offer instead', async () => {
    const before = await metric('polyglot_handoffs_unavailable_total', 'human_requested');
    const handedBefore = await metric('polyglot_handoffs_total', 'human_requested');
    const { c, id } = await session(undefined, 'es'); // the demo partner: no targets
    const asked = openai.chatRequests.length;
    c.send({ type: 'user_text', text: 'quiero hablar con una persona' });
    await said(c, /Le paso/);
    const result = toolOutputs(openai.chatRequests[asked + 1]!.messages).at(-1)!;
    assert.match(result, /^No person is available/);
    assert.match(result, /keep helping them in this conversation/);
    assert.match(result, /Do not invent a phone number/);
    assert.equal(
      c.messages.find((m) => m.type === 'handoff'),
      undefined,
      'nothing to hand to, nothing sent',
    );
    await c.until(() => (record(id)?.handoffs.length ?? 0) > 0);
    assert.deepEqual(record(id)!.handoffs[0]!.targets, {});
    assert.equal(
      await metric('polyglot_handoffs_unavailable_total', 'human_requested'),
      before + 1,
    );
    assert.equal(await metric('polyglot_handoffs_total', 'human_requested'), handedBefore);
    c.close();
  });

  it('two failed flight searches for the same request: the second time, the model is told to offer a person', async () => {
    const { c } = await session('acme', 'en');
    const asked = openai.chatRequests.length;
    c.send({ type: 'user_text', text: 'Madrid to London on 3 January 2020' });
    await said(c, /already passed/);
    c.send({ type: 'user_text', text: 'Please try again, 3 January 2020' });
    await c.until(
      () =>
        c.messages.filter(
          (m) =>
            m.type === 'transcript' &&
            m.role === 'assistant' &&
            m.final &&
            /already passed/.test(m.text),
        ).length >= 2,
    );
    const outputs = toolOutputs(openai.chatRequests.at(-1)!.messages);
    assert.equal(openai.chatRequests.length - asked, 4, 'two searches, two replies');
    assert.equal(outputs.length, 2);
    assert.doesNotMatch(outputs[0]!, /transfer_to_human/, 'not after the first failure');
    assert.match(outputs[1]!, /failed 2 times in a row/);
    assert.match(
      outputs[1]!,
      /offer to pass the caller to a person.*transfer_to_human with reason repeated_failure/,
    );
    // The caller heard the model's words built on it (here: the fake reads the result out).
    await said(c, /failed 2 times in a row/);
    c.close();
  });

  it('the caller’s mood: noted beside a spoken reply with no second LLM request, and recorded for the console', async () => {
    const { c, id } = await session('acme', 'en');
    const asked = openai.chatRequests.length;
    c.send({ type: 'user_text', text: 'This is useless!' });
    await said(c, /I am sorry this is taking so long/);
    await c.until(() => (record(id)?.sentiments.length ?? 0) > 0);
    assert.deepEqual(
      record(id)!.sentiments.map((s) => s.sentiment),
      ['frustrated'],
    );
    // Give a second request the time it would take to arrive; none may.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(openai.chatRequests.length - asked, 1, 'one LLM request for the turn');
    c.close();
  });

  it('a response that only noted the mood is followed by a reply: the caller is not left in silence', async () => {
    const { c, id } = await session('acme', 'en');
    c.send({ type: 'user_text', text: 'Ugh.' });
    await said(c, /Sorry about that/);
    await c.until(() => (record(id)?.sentiments.length ?? 0) > 0);
    assert.equal(record(id)!.sentiments[0]!.sentiment, 'angry');
    c.close();
  });
});
