/**
 * What a person in the operator console can do to a live conversation. Sent from the main
 * thread to the session's thread (runtimes/local/shards.ts) and applied by the voice-session core.
 */
export type OperatorAction =
  /** The person has the conversation: the assistant stops answering (the caller still heard). */
  | { type: 'take_over'; operator: string }
  /** A message from the person to the caller (takes the conversation over if not yet). */
  | { type: 'say'; operator: string; text: string }
  /** The assistant answers again. */
  | { type: 'hand_back'; operator: string }
  /** The conversation ends for the caller. */
  | { type: 'end'; operator: string };

/** Longest message an operator may send (as the caller's own). */
export const MAX_OPERATOR_TEXT_CHARS = 2_000;
