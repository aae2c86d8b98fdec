/**
 * The conversation so far, as a resumed session's `hello.resume.history`: what the traveller saw,
 * so the agent goes on where it was instead of greeting again. Bounded to what the server
 * accepts (40 lines of ≤ 2,000 characters) and to well under its 16 KB text frame limit; the
 * most recent lines are kept.
 */
import {
  MAX_TEXT_FRAME_BYTES,
  MAX_USER_TEXT_CHARS,
  type Role,
  type SegmentRole,
} from '../protocol/messages.js';

export const MAX_RESUME_LINES = 40;
/** Leaves room in the hello frame for the token, context and JSON overhead. */
export const MAX_RESUME_BYTES = MAX_TEXT_FRAME_BYTES - 4_096;

export function resumeHistory(
  segments: readonly { role: SegmentRole; text: string; final: boolean }[],
): { role: Role; text: string }[] {
  const lines = segments
    .filter((s) => s.final && s.text.trim())
    // A person's words reach the resumed agent as its side of the conversation (the wire knows
    // two roles: the server accepts no one else's words from the browser).
    .map((s) => ({
      role: s.role === 'user' ? ('user' as const) : ('assistant' as const),
      text: s.text.trim().slice(0, MAX_USER_TEXT_CHARS),
    }))
    .slice(-MAX_RESUME_LINES);
  const encoder = new TextEncoder();
  let bytes = encoder.encode(JSON.stringify(lines)).length;
  while (lines.length > 0 && bytes > MAX_RESUME_BYTES)
    bytes -= encoder.encode(JSON.stringify(lines.shift())).length + 1;
  return lines;
}
