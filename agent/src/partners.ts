/**
 * Partners: the travel sites that embed the widget. Each is known by a public key plus the page
 * origins allowed to open sessions with it, and chooses its greeting, default language, the tools
 * its assistant may use, its session rate, how many sessions it may have open at once, and where
 * a caller who wants a person is handed over to.
 *
 * Read from `POLYGLOT_PARTNERS_FILE` (a JSON file) or `POLYGLOT_PARTNERS` (the same JSON inline);
 * see docs/configuration.md. The `demo` partner always exists for our own demo page: same-origin
 * only, plus `POLYGLOT_ALLOWED_ORIGINS`.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { OFFER_LINK_PLACEHOLDERS } from '../../sdk/src/protocol/messages.js';
import { REPO_ROOT } from './paths.js';

export const TOOL_NAMES = ['search_flights', 'resolve_place', 'search_knowledge'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];
export const DEMO_PARTNER_KEY = 'demo';

const languageTag = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP-47 tag');
const origin = z.string().refine((o) => URL.canParse(o) && new URL(o).origin === o, {
  message: 'an origin such as https://www.example.com (scheme and host, no path or slash)',
});

/**
 * Why `template` is not a usable offer link template, or undefined when it is: an https URL with
 * no credentials, whose scheme and host are literal (a placeholder's value can then only add to
 * the path, query or fragment: the widget URL-encodes it), using only known placeholders.
 */
export function offerLinkTemplateProblem(template: string): string | undefined {
  const names = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
  const unknown = names.filter((n) => !(OFFER_LINK_PLACEHOLDERS as readonly string[]).includes(n));
  if (unknown.length)
    return `unknown placeholder {${unknown[0]}}: use ${OFFER_LINK_PLACEHOLDERS.map((n) => `{${n}}`).join(', ')}`;
  const bare = template.replace(/\{\w+\}/g, '');
  if (/[{}]/.test(bare)) return 'an unmatched { or }';
  let url: URL;
  try {
    url = new URL(template.replace(/\{\w+\}/g, 'x'));
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:') return 'must be an https:// URL';
  if (names.length && !/^https:\/\/[^/?#{}]+[/?#]/i.test(template))
    return 'the scheme and host must come before any placeholder (https://host/...{offerId})';
  if (url.username || url.password) return 'must not carry a user name or password';
  return undefined;
}

const offerLinkTemplate = z
  .string()
  .max(2000)
  .superRefine((t, ctx) => {
    const problem = offerLinkTemplateProblem(t);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });

/** E.164: `+`, a country code and the number, digits only, 7 to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/**
 * Where a caller who wants a person goes (any of them, at least one): the partner's chat or
 * contact page, its support number (for the widget's call link now, a SIP transfer later) and
 * the operator console's queue of this name.
 */
export const HandoffTargetsSchema = z
  .object({
    url: z
      .string()
      .max(2000)
      .refine((u) => URL.canParse(u) && new URL(u).protocol === 'https:', {
        message: 'an https:// URL (your chat or contact page)',
      })
      .refine((u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password), {
        message: 'must not carry a user name or password',
      })
      .optional(),
    phone: z
      .string()
      .regex(
        E164_PATTERN,
        'a phone number in E.164 form: + then the country code and number, digits only (+34911234567)',
      )
      .optional(),
    queue: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a queue name: 1 to 64 letters, digits, _ or -')
      .optional(),
  })
  .strict()
  .refine((t) => t.url !== undefined || t.phone !== undefined || t.queue !== undefined, {
    message: 'name at least one of url, phone or queue (or leave handoff out: no person then)',
  });
export type HandoffTargets = z.infer<typeof HandoffTargetsSchema>;

/**
 * A partner's documents for `search_knowledge` (docs/knowledge.md). Relative `sources` are
 * resolved against the partners file's folder (the working directory for POLYGLOT_PARTNERS).
 */
export const KnowledgeSchema = z
  .object({
    /** Files or folders: Markdown, HTML, plain text, PDF and FAQ JSON. */
    sources: z.array(z.string().min(1).max(1_000)).min(1).max(100),
    /** The documents' language (BCP-47): the model writes its queries in it. */
    language: languageTag.default('en'),
    /** Fuse OpenAI embeddings with the keyword ranking (needs OPENAI_API_KEY). */
    embeddings: z.boolean().default(false),
    /** Passages the tool returns to the model. */
    maxPassages: z.number().int().min(1).max(10).default(4),
  })
  .strict();
export type PartnerKnowledge = z.infer<typeof KnowledgeSchema>;

export const PartnerSchema = z
  .object({
    /** Public key the widget sends as `partnerKey` (not a secret: it is in the page). */
    key: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/, '3 to 64 letters, digits, _ or -'),
    name: z.string().min(1).max(100),
    allowedOrigins: z.array(origin).max(100).default([]),
    /** One greeting, or one per language (`{"en": "...", "es": "..."}`). */
    greeting: z
      .union([z.string().min(1).max(300), z.record(languageTag, z.string().min(1).max(300))])
      .optional(),
    defaultLanguage: languageTag.default('en'),
    tools: z.array(z.enum(TOOL_NAMES)).default([...TOOL_NAMES]),
    /** Sessions a minute this partner may open, across all its visitors (per process). */
    sessionsPerMinute: z.number().int().min(1).max(100_000).default(120),
    /** Sessions this partner may have open at once, across all its visitors (per process). */
    maxConcurrentSessions: z.number().int().min(1).max(100_000).optional(),
    /**
     * Where a chosen flight card leads: the partner's booking page for that offer, e.g.
     * `https://acme.example/book?offer={offerId}&from={origin}`. Sent to the widget with each
     * session; see OFFER_LINK_PLACEHOLDERS.
     */
    offerLinkTemplate: offerLinkTemplate.optional(),
    /**
     * Where `transfer_to_human` hands a caller over to. Without it the assistant tells the
     * caller that no person is available here.
     */
    handoff: HandoffTargetsSchema.optional(),

    /** The partner's documents; `search_knowledge` is given only to partners that have them. */
    knowledge: KnowledgeSchema.optional(),
  })
  .strict();

export type Partner = z.infer<typeof PartnerSchema>;

const PartnerListSchema = z.array(PartnerSchema).max(10_000);
const PartnersFileSchema = z.object({ partners: PartnerListSchema }).strict();

export class PartnersConfigError extends Error {
  readonly code = 'partners_invalid';
  constructor(
    readonly variable: string,
    readonly issues: string[],
  ) {
    super(`${variable}: ${issues.join('; ')}`);
    this.name = 'PartnersConfigError';
  }
}

/**
 * Parses partner JSON; every problem names the variable it came from and the field. Relative
 * knowledge sources are resolved against `baseDir`.
 */
export function parsePartners(json: string, variable: string, baseDir = process.cwd()): Partner[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new PartnersConfigError(variable, [`not valid JSON (${(err as Error).message})`]);
  }
  // A bare array, or {"partners": [...]}; parsed separately so errors point at the field.
  const parsed = Array.isArray(raw)
    ? PartnerListSchema.safeParse(raw)
    : PartnersFileSchema.transform((f) => f.partners).safeParse(raw);
  if (!parsed.success) {
    throw new PartnersConfigError(
      variable,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const list = parsed.data.map((p) =>
    p.knowledge
      ? {
          ...p,
          knowledge: {
            ...p.knowledge,
            sources: p.knowledge.sources.map((s) => (isAbsolute(s) ? s : resolve(baseDir, s))),
          },
        }
      : p,
  );
  const seen = new Set<string>();
  for (const p of list) {
    if (seen.has(p.key)) throw new PartnersConfigError(variable, [`duplicate key "${p.key}"`]);
    seen.add(p.key);
  }
  return list;
}

/** Our demo's policies (written by us for the demo: demo/policies/). */
export const DEMO_POLICIES_DIR = join(REPO_ROOT, 'demo', 'policies');

export function demoPartner(extraOrigins: string[] = []): Partner {
  return PartnerSchema.parse({
    key: DEMO_PARTNER_KEY,
    name: 'Polyglot demo',
    allowedOrigins: extraOrigins,
    knowledge: { sources: [DEMO_POLICIES_DIR] },
  });
}

export class PartnerRegistry {
  readonly #byKey = new Map<string, Partner>();

  /** `demo` is added unless the list defines it. */
  constructor(partners: Partner[], demoOrigins: string[] = []) {
    for (const p of partners) this.#byKey.set(p.key, p);
    if (!this.#byKey.has(DEMO_PARTNER_KEY)) {
      this.#byKey.set(DEMO_PARTNER_KEY, demoPartner(demoOrigins));
    }
  }

  get(key: string): Partner | undefined {
    return this.#byKey.get(key);
  }

  get all(): Partner[] {
    return [...this.#byKey.values()];
  }

  /**
   * May a page on `origin` open a session for `partner`? The demo partner also accepts this
   * server's own origins (`own`); other partners only their listed ones.
   */
  originAllowed(partner: Partner, origin: string, own: string[]): boolean {
    if (partner.allowedOrigins.includes(origin)) return true;
    return partner.key === DEMO_PARTNER_KEY && own.includes(origin);
  }

  /** Is `origin` allowed for any partner (the WebSocket upgrade, before the token is read)? */
  anyAllows(origin: string, own: string[]): boolean {
    return this.all.some((p) => this.originAllowed(p, origin, own));
  }
}

/** The partner's greeting for `lang` (its map, then its default language), if it set one. */
export function partnerGreeting(partner: Partner, lang: string): string | undefined {
  const g = partner.greeting;
  if (g === undefined || typeof g === 'string') return g;
  const base = (l: string) => l.toLowerCase().split(/[-_]/)[0] ?? l;
  const entries = Object.entries(g);
  return (
    entries.find(([l]) => l.toLowerCase() === lang.toLowerCase())?.[1] ??
    entries.find(([l]) => base(l) === base(lang))?.[1] ??
    entries.find(([l]) => base(l) === base(partner.defaultLanguage))?.[1]
  );
}
