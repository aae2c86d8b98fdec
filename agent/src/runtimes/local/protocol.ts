/**
 * Validation of the browser's messages, in both runtimes: on the local socket, and the `start` and
 * `offer_selected` messages in a LiveKit room (see sdk/src/protocol/messages.ts for the types and docs/protocol.md
 * for the wire format). Anything that does not parse is answered with a
 * `bad_message` error; the session goes on.
 */
import { z } from 'zod';
import {
  LANGUAGE_TAG_PATTERN,
  MAX_CONTEXT_ENTRIES,
  MAX_OFFER_ID_CHARS,
  MAX_RESUME_HISTORY,
  MAX_TEXT_FRAME_BYTES,
  MAX_USER_TEXT_CHARS,
  type ClientMessage,
  type OfferSelectedMessage,
  type StartMessage,
} from '../../../../sdk/src/protocol/messages.js';

const contextValue = z.union([z.string().max(200), z.number().finite(), z.boolean()]);

/**
 * What opens a conversation in either runtime (`hello` on the socket, `start` in a LiveKit room):
 * the page's language and context, whether it plays audio, and the conversation to resume.
 */
const sessionStartFields = {
  lang: z.string().regex(LANGUAGE_TAG_PATTERN, 'a BCP-47 language tag').optional(),
  context: z
    .record(z.string().max(40), contextValue)
    .refine((r) => Object.keys(r).length <= MAX_CONTEXT_ENTRIES, 'at most 20 context entries')
    .optional(),
  audio: z.boolean().optional(),
  greet: z.boolean().optional(),
  // Resuming after a dropped connection: the conversation so far, as the widget showed it.
  resume: z
    .object({
      history: z
        .array(
          z
            .object({
              role: z.enum(['user', 'assistant']),
              text: z.string().max(MAX_USER_TEXT_CHARS),
            })
            .strict(),
        )
        .max(MAX_RESUME_HISTORY),
    })
    .strict()
    .optional(),
};

/** The caller chose one of the offers shown as cards (either runtime). */
const OfferSelectedSchema = z
  .object({
    type: z.literal('offer_selected'),
    offerId: z.string().min(1).max(MAX_OFFER_ID_CHARS),
  })
  .strict();

const ClientMessageSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('hello'),
      protocol: z.number().int(),
      token: z.string().min(1).max(2048),
      ...sessionStartFields,
    })
    .strict(),
  z
    .object({
      type: z.literal('user_text'),
      text: z.string().trim().min(1).max(MAX_USER_TEXT_CHARS),
    })
    .strict(),
  z
    .object({
      type: z.literal('playback_finished'),
      segment: z.number().int().positive(),
      playedSamples: z.number().int().nonnegative(),
      interrupted: z.boolean(),
    })
    .strict(),
  z.object({ type: z.literal('ping'), t: z.number().finite() }).strict(),
  OfferSelectedSchema,
]);

// Compile-time check that the schema and the shared types agree.
type Parsed = z.infer<typeof ClientMessageSchema>;
const _sameShape: (m: Parsed) => ClientMessage = (m) => m;
void _sameShape;

const StartMessageSchema = z
  .object({ type: z.literal('start'), protocol: z.number().int(), ...sessionStartFields })
  .strict();

/** What the widget sends the worker on `polyglot.client` in a LiveKit room. */
const RoomClientMessageSchema = z.discriminatedUnion('type', [
  StartMessageSchema,
  OfferSelectedSchema,
]);
export type RoomClientMessage = StartMessage | OfferSelectedMessage;

export type ParseResult<T = ClientMessage> =
  | { ok: true; message: T }
  | { ok: false; reason: string };

/** A message from the widget on the local socket. */
export function parseClientMessage(raw: string): ParseResult {
  return parseWith(ClientMessageSchema, raw);
}

/** A message from the widget on `polyglot.client` in a LiveKit room (`start`, `offer_selected`). */
export function parseRoomClientMessage(raw: string): ParseResult<RoomClientMessage> {
  return parseWith(RoomClientMessageSchema, raw);
}

function parseWith<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, raw: string): ParseResult<T> {
  if (Buffer.byteLength(raw) > MAX_TEXT_FRAME_BYTES) {
    return { ok: false, reason: `message larger than ${MAX_TEXT_FRAME_BYTES} bytes` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, reason: `${issue?.message ?? 'invalid message'}${where}` };
  }
  return { ok: true, message: parsed.data };
}
