/**
 * A live conversation for the docs' screenshots: the real server and local runtime against the
 * protocol fakes (OpenAI for speech-to-text, the LLM and the voice; Duffel for flights), and the
 * real widget on the demo page in Chromium with a microphone the script speaks into (espeak-ng).
 * Nothing is scripted inside the widget: each state is photographed when the widget reaches it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from '../../agent/src/console/operators.js';
import { duffelEnv, startDuffelFake, type DuffelFake } from '../fakes/duffel.js';
import { speakPcm } from '../fakes/audio.js';
import type { LlmRule } from '../fakes/openai.js';
import { startStack, type Stack } from '../e2e/harness.js';
import { MIC_INIT_SCRIPT } from '../sim/mic.js';

/** What the caller says, and what the speech-to-text fake hears, per language. */
export const CALLER = {
  en: {
    voice: 'en-us',
    ask: 'I want to fly from Madrid to London next Monday',
    cut: 'Wait, make it Tuesday',
    cutReply: 'Tuesday then. Shall I search again?',
    typed: 'Flights from Madrid to London next Monday',
  },
  ar: {
    voice: 'ar',
    ask: 'أريد السفر من مدريد إلى لندن يوم الاثنين القادم',
    cut: 'لحظة، اجعلها يوم الثلاثاء',
    cutReply: 'حسناً، الثلاثاء. هل أبحث مرة أخرى؟',
    typed: 'رحلات من مدريد إلى لندن يوم الاثنين القادم',
  },
  fa: {
    voice: 'fa',
    ask: 'می‌خواهم دوشنبهٔ آینده از مادرید به لندن پرواز کنم',
    cut: 'صبر کنید، سه‌شنبه باشد',
    cutReply: 'باشه، سه‌شنبه. دوباره جستجو کنم؟',
    typed: 'پرواز از مادرید به لندن دوشنبهٔ آینده',
  },
  ur: {
    voice: 'ur',
    ask: 'میں اگلے پیر کو میڈرڈ سے لندن جانا چاہتا ہوں',
    cut: 'رکیں، منگل کر دیں',
    cutReply: 'ٹھیک ہے، منگل۔ کیا میں دوبارہ تلاش کروں؟',
    typed: 'اگلے پیر میڈرڈ سے لندن کی پروازیں',
  },
  th: {
    voice: 'th',
    ask: 'ฉันอยากบินจากมาดริดไปลอนดอนวันจันทร์หน้า',
    cut: 'เดี๋ยวก่อน ขอเป็นวันอังคาร',
    cutReply: 'วันอังคารนะครับ ให้ค้นหาอีกครั้งไหมครับ',
    typed: 'เที่ยวบินจากมาดริดไปลอนดอนวันจันทร์หน้า',
  },
  // Amharic: recognised (OpenAI transcription), but no provider here voices it.
  am: {
    voice: 'am',
    ask: 'በሚቀጥለው ሰኞ ከማድሪድ ወደ ለንደን መብረር እፈልጋለሁ',
    cut: 'ቆይ፣ ማክሰኞ ይሁን',
    cutReply: 'እሺ፣ ማክሰኞ። እንደገና ልፈልግ?',
    typed: 'በሚቀጥለው ሰኞ ከማድሪድ ወደ ለንደን በረራዎች',
  },
  // Cantonese: recognised, not voiced here; the UI follows it into Traditional Chinese.
  yue: {
    voice: 'yue',
    ask: '我想下個禮拜一由馬德里飛去倫敦',
    cut: '等等，改做禮拜二',
    cutReply: '好，禮拜二。要唔要再搵過？',
    typed: '下個禮拜一由馬德里去倫敦嘅航班',
  },
} as const;
export type Lang = keyof typeof CALLER;

/** How long the fakes hold a state, so a photograph can catch it. */
const THINK_MS = 1_500;
const SEARCH_MS = 2_000;

export interface Live {
  url: string;
  close(): Promise<void>;
}

/** The scripted model reads out what the tool returned (its summary, in the caller's language). */
const READS_TOOL_RESULT: LlmRule = {
  when: ({ lastTool }) => lastTool !== undefined,
  reply: ({ lastTool }) => ({ text: unquote(lastTool!) }),
};

/** Anything else the caller says is a search for Madrid → London next Monday, in `lang`. */
const searchesMadridLondon = (lang: string): LlmRule => ({
  when: () => true,
  reply: {
    toolCall: {
      name: 'search_flights',
      arguments: {
        origin: 'MAD',
        destination: 'LHR',
        departure_date: 'next Monday',
        language: lang,
      },
    },
  },
});

/** The server with the fakes, ready for one conversation in `lang`. */
export async function startLive(lang: Lang): Promise<Live> {
  const c = CALLER[lang];
  const duffel: DuffelFake = await startDuffelFake({ offerCount: 3 });
  // Duffel's answers take SEARCH_MS here, so "Searching flights" stays on screen long enough.
  const slow = await delayed(duffel.url, SEARCH_MS);
  const rules: LlmRule[] = [
    READS_TOOL_RESULT,
    {
      when: ({ lastUser }) => lastUser === c.cut,
      reply: { text: c.cutReply },
    },
    searchesMadridLondon(lang),
  ];
  const stack: Stack = await startStack(
    {
      rules,
      transcripts: [
        { text: c.ask, language: lang },
        { text: c.cut, language: lang },
      ],
      latencyMs: { llm: THINK_MS },
    },
    {
      ...duffelEnv(slow.url),
    },
  );
  return {
    url: stack.server.url,
    async close() {
      await stack.close();
      await new Promise((r) => slow.server.close(r));
      await duffel.close();
    },
  };
}

/** The operator console's screenshots: an operator account, and a partner whose handoffs queue. */
export const CONSOLE = {
  username: 'ana',
  password: 'a console passphrase for the docs',
  askPerson: 'Can I talk to a person? My email is ana@example.com',
  handed: 'I am passing you to a person from our team.',
  operatorSays: 'Hello, this is Ana from support. I can change that booking for you.',
};

/**
 * The server with the fakes for the console's screenshots: the caller asks for flights by voice
 * (the model searches them and reads the result), then types that they want a person (the model
 * calls `transfer_to_human`; the demo partner's handoff goes to the console's queue).
 */
export async function startConsoleLive(): Promise<Live & { holdSearch(): () => void }> {
  const c = CALLER.en;
  const duffel: DuffelFake = await startDuffelFake({ offerCount: 3 });
  const rules: LlmRule[] = [
    {
      when: ({ lastUser, lastTool }) => lastTool !== undefined && /person/.test(lastUser),
      reply: { text: CONSOLE.handed },
    },
    READS_TOOL_RESULT,
    {
      when: ({ lastUser }) => /person/.test(lastUser),
      reply: {
        toolCall: {
          name: 'transfer_to_human',
          arguments: {
            reason: 'human_requested',
            summary:
              'Wants to change a booking after a Madrid–London search; wrote ana@example.com.',
          },
        },
      },
    },
    searchesMadridLondon('en'),
  ];
  const stack: Stack = await startStack(
    { rules, transcripts: [{ text: c.ask, language: 'en' }] },
    {
      ...duffelEnv(duffel.url),
      POLYGLOT_PARTNERS: JSON.stringify([
        { key: 'demo', name: 'Polyglot demo', handoff: { queue: 'support' } },
      ]),
      POLYGLOT_OPERATORS: JSON.stringify([
        {
          username: CONSOLE.username,
          passwordHash: hashPassword(CONSOLE.password),
          role: 'operator',
          partner: 'demo',
        },
      ]),
    },
  );
  return {
    url: stack.server.url,
    // The console's "Searching flights" while the screenshot is taken (no timer).
    holdSearch: () => duffel.hold(),
    async close() {
      await stack.close();
      await duffel.close();
    },
  };
}

/** The question the policy screenshot types, and the answer the scripted model gives from it. */
export const POLICY = {
  ask: 'How much cabin baggage can I bring?',
  answer:
    'One cabin bag of up to 8 kg, no larger than 55 × 40 × 20 cm, plus one personal item under the seat.',
};

/**
 * The server with the demo partner's policies (demo/policies, its default knowledge base): the
 * scripted model searches them, and answers only once the passage with the rule came back.
 */
export async function startPolicyLive(): Promise<Live> {
  const rules: LlmRule[] = [
    {
      when: ({ lastTool }) => lastTool !== undefined && /8 kg/.test(lastTool),
      reply: { text: POLICY.answer },
    },
    {
      when: ({ lastUser, lastTool }) => lastTool === undefined && /baggage/i.test(lastUser),
      reply: {
        toolCall: { name: 'search_knowledge', arguments: { query: 'cabin baggage allowance' } },
      },
    },
  ];
  // Flights configured too (the Duffel fake), as on a partner's site: no setup banner.
  const duffel = await startDuffelFake({ offerCount: 3 });
  const stack: Stack = await startStack(
    { rules, latencyMs: { llm: THINK_MS } },
    {
      ...duffelEnv(duffel.url),
    },
  );
  return {
    url: stack.server.url,
    async close() {
      await stack.close();
      await duffel.close();
    },
  };
}

/**
 * What a model says of the tool's output: the spoken summary, without the note the tool adds for
 * the model alone ("(Not to read out: …)"), as the instructions tell the real model.
 */
function unquote(output: string): string {
  let text = output;
  try {
    const v: unknown = JSON.parse(output);
    if (typeof v === 'string') text = v;
  } catch {
    // not JSON: the output as it is
  }
  return text.replace(/\s*\(Not to read out:[\s\S]*$/, '');
}

/** An HTTP forwarder to `target` that answers `ms` late. */
async function delayed(target: string, ms: number): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length'),
      ) as Record<string, string>;
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      setTimeout(() => {
        fetch(new URL(req.url ?? '/', target), { method: req.method, headers, body })
          .then(async (r) => {
            res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? '' });
            res.end(Buffer.from(await r.arrayBuffer()));
          })
          .catch(() => res.writeHead(502).end());
      }, ms);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export interface PageOptions {
  width: number;
  height: number;
  lang: Lang;
  theme: 'light' | 'dark';
  layout?: 'inline' | 'floating';
  mode?: 'voice' | 'text' | 'both';
  /** Serve the widget's CDN files from this folder instead (an older build, for "before"). */
  cdn?: string;
}

/** The demo page at `url`, with a microphone the script controls. */
export async function openDemo(browser: Browser, url: string, o: PageOptions): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: o.width, height: o.height },
    colorScheme: o.theme,
  });
  await page.addInitScript(MIC_INIT_SCRIPT);
  if (o.cdn) {
    const dir = o.cdn;
    await page.route(/\/[\w.-]+\.js(\.map)?$/, async (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      const body = await readFile(join(dir, name)).catch(() => undefined);
      if (body) await route.fulfill({ body, contentType: 'text/javascript' });
      else await route.fulfill({ status: 404 });
    });
  }
  const q = new URLSearchParams({ lang: o.lang, theme: o.theme, layout: o.layout ?? 'inline' });
  await page.goto(`${url}/?${q}`);
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => customElements.whenDefined('polyglot-assistant'));
  if (o.mode) {
    await page.evaluate(
      (mode) => document.querySelector('polyglot-assistant')!.setAttribute('mode', mode),
      o.mode,
    );
  }
  if (o.layout === 'floating')
    await page.evaluate(() =>
      (document.querySelector('polyglot-assistant') as unknown as { open(): void }).open(),
    );
  return page;
}

interface WidgetView {
  state: string;
  playedMs: number;
  finals: number;
}

/** Resolves once the widget's view passes `pred` (polled each animation frame). */
export async function until(page: Page, pred: string, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    (src) => {
      const el = document.querySelector('polyglot-assistant') as unknown as {
        state: string;
        stats: { playedMs: number };
        transcript: { role: string; final: boolean }[];
      };
      const view: WidgetView = {
        state: el.state,
        playedMs: el.stats.playedMs,
        finals: el.transcript.filter((t) => t.role === 'assistant' && t.final).length,
      };
      return (new Function('w', `return ${src}`) as (w: WidgetView) => boolean)(view);
    },
    pred,
    { timeout: timeoutMs },
  );
}

/**
 * Waits (up to 3 s) for a loud moment: the level the widget shows (`--_level`, the microphone's
 * while listening, the voice's while speaking) at `min` or more, so a photograph shows the
 * presence visual moving rather than between two syllables. The old build has no such level
 * for its orb, and simply waits.
 */
export async function loud(page: Page, min = 0.5): Promise<void> {
  await page
    .waitForFunction(
      (min) => {
        const root = document
          .querySelector('polyglot-assistant')
          ?.shadowRoot?.querySelector<HTMLElement>('.root');
        return Number(root?.style.getPropertyValue('--_level') || 0) >= min;
      },
      min,
      { timeout: 3_000 },
    )
    .catch(() => {});
}

/** Speaks `text` into the page's microphone; resolves when it has been played in. */
export async function say(page: Page, text: string, voice: string): Promise<void> {
  const pcm = await speakPcm(text, voice, 16_000);
  const samples = Array.from(new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2));
  await page.evaluate(
    (samples) =>
      (window as unknown as { __sim: { say(s: number[], r: number): Promise<number> } }).__sim.say(
        samples,
        16_000,
      ),
    samples,
  );
}

/** Starts speaking `text`; resolves once `afterMs` of it has been played in. */
export async function startSaying(
  page: Page,
  text: string,
  voice: string,
  afterMs: number,
): Promise<void> {
  const pcm = await speakPcm(text, voice, 16_000);
  const samples = Array.from(new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2));
  await page.evaluate(
    (samples) =>
      void (
        window as unknown as { __sim: { say(s: number[], r: number): Promise<number> } }
      ).__sim.say(samples, 16_000),
    samples,
  );
  await page.waitForTimeout(afterMs);
}
