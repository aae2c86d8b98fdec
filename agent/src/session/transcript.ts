/**
 * The conversation's transcript as the widget shows it, decided once on the server for both
 * runtimes: every segment carries the turn it belongs to, so a user turn sorts before the reply
 * it caused however late its final text arrives, and a reply's text is updated in place.
 *
 * A turn opens with the first user segment after the assistant has spoken; everything the
 * assistant says until the next such segment (replies, tool progress, cards) shares its number.
 */
import type { Role, TranscriptSegment } from '../../../sdk/src/protocol/messages.js';

export class TranscriptBook {
  #turn = 0;
  #assistantSpokeInTurn = false;
  #seq = 0;
  #openUser: TranscriptSegment | undefined;
  #openAssistant: TranscriptSegment | undefined;
  /** Assistant segments whose final (possibly truncated) text has not arrived yet. */
  #awaitingFinal: TranscriptSegment[] = [];

  /** The current turn: tool progress and cards are placed in it. */
  get turn(): number {
    return this.#turn;
  }

  #newSegment(role: Role, language: string | undefined): TranscriptSegment {
    if (role === 'user' && this.#assistantSpokeInTurn) {
      this.#turn++;
      this.#assistantSpokeInTurn = false;
    }
    if (role === 'assistant') this.#assistantSpokeInTurn = true;
    this.#seq++;
    return {
      id: `${role === 'user' ? 'u' : 'a'}${this.#seq}`,
      role,
      turn: this.#turn,
      text: '',
      final: false,
      language,
    };
  }

  /** Speech recognition's interim or final text for the caller's open utterance. */
  userTranscribed(text: string, final: boolean, language?: string): TranscriptSegment | undefined {
    if (!text.trim() && !final) return undefined;
    const seg = this.#openUser ?? this.#newSegment('user', undefined);
    this.#openUser = final ? undefined : seg;
    seg.text = text;
    seg.final = final;
    if (language) seg.language = language;
    return seg;
  }

  /** A typed message: one final segment at once. */
  userTyped(text: string): TranscriptSegment {
    const seg = this.#newSegment('user', undefined);
    seg.text = text;
    seg.final = true;
    return seg;
  }

  /** More of the assistant's reply as it is generated (or played, where the runtime syncs it). */
  assistantText(delta: string, language: string): TranscriptSegment {
    if (!this.#openAssistant) {
      this.#openAssistant = this.#newSegment('assistant', language);
      this.#awaitingFinal.push(this.#openAssistant);
    }
    this.#openAssistant.text += delta;
    return this.#openAssistant;
  }

  /** The reply's text stream ended; its final text comes with {@link assistantCommitted}. */
  assistantFlushed(): void {
    this.#openAssistant = undefined;
  }

  /**
   * The framework committed a reply to the conversation: its final text, cut where playback
   * stopped when the caller interrupted it.
   */
  assistantCommitted(
    text: string | undefined,
    interrupted: boolean,
    language: string,
  ): TranscriptSegment {
    const seg = this.#awaitingFinal.shift() ?? this.#newSegment('assistant', language);
    if (seg === this.#openAssistant) this.#openAssistant = undefined;
    // Word-timed transcripts (Cartesia's) carry each word's trailing space, the last one too.
    seg.text = (text ?? seg.text).trimEnd();
    seg.final = true;
    seg.interrupted = interrupted || undefined;
    return seg;
  }
}
