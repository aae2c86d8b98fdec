/**
 * Validation of the browser's messages (see sdk/src/protocol/messages.ts for the types and
 * docs/protocol.md for the wire format). Anything that does not parse is answered with a
 * `bad_message` error; the session goes on.
 */
import { z } from 'zod';
import {
  MAX_TEXT_FRAME_BYTES,
  MAX_USER_TEXT_CHARS,
  type ClientMessage,
} from '../../../../sdk/src/protocol/messages.js';

/** Most transcript lines a resumed session carries over. */
export const MAX_RESUME_HISTORY = 40;

const contextValue = z.union([z.string().max(200), z.number().finite(), z.boolean()]);

const ClientMessageSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('hello'),
      protocol: z.number().int(),
      token: z.string().min(1).max(2048),
      lang: z
        .string()
        .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP-47 language tag')
        .optional(),
      context: z
        .record(z.string().max(40), contextValue)
        .refine((r) => Object.keys(r).length <= 20, 'at most 20 context entries')
        .optional(),
      audio: z.boolean().optional(),
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
]);

// Compile-time check that the schema and the shared types agree.
type Parsed = z.infer<typeof ClientMessageSchema>;
const _sameShape: (m: Parsed) => ClientMessage = (m) => m;
void _sameShape;

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; reason: string };

export function parseClientMessage(raw: string): ParseResult {
  if (Buffer.byteLength(raw) > MAX_TEXT_FRAME_BYTES) {
    return { ok: false, reason: `message larger than ${MAX_TEXT_FRAME_BYTES} bytes` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  const parsed = ClientMessageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, reason: `${issue?.message ?? 'invalid message'}${where}` };
  }
  return { ok: true, message: parsed.data };
}
