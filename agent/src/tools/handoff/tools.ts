/**
 * Escalation tools the model is given in every session, whatever the partner's other tools:
 *
 * - `transfer_to_human` hands the caller to a person (the partner's contact page, phone number
 *   or console queue). The model decides when, in any language, from its description and the
 *   instructions (`ESCALATION_INSTRUCTIONS`); its result tells the model what to say will happen,
 *   and the model says it in the caller's language. Nothing is said on the model's behalf.
 * - `note_sentiment` records the caller's mood when it changes noticeably. It returns nothing, so
 *   a response that carries it beside its spoken text costs no second LLM request (agents-js asks
 *   for a reply only after tools that return output): the judgement rides on a turn the model
 *   was answering anyway. The session core covers a response that carried only this call.
 */
import { llm } from '@livekit/agents';
import { z } from 'zod';
import { HANDOFF_REASONS, type HandoffReason } from '../../../../sdk/src/protocol/messages.js';
import type { HandoffTargets } from '../../partners.js';
import { SENTIMENTS, type Sentiment } from '../../../../sdk/src/protocol/console.js';

export const TRANSFER_TOOL = 'transfer_to_human';
export const SENTIMENT_TOOL = 'note_sentiment';

/** What the core does with a `transfer_to_human` call; returns the tool's result for the model. */
export type TransferHandler = (req: { reason: HandoffReason; summary: string }) => string;

export interface HandoffToolsOptions {
  transfer: TransferHandler;
  noteSentiment(sentiment: Sentiment): void;
}

/** The system prompt's part on escalation (agent.ts joins it into the instructions). */
export const ESCALATION_INSTRUCTIONS = [
  'If the caller asks for a person, a human, a live agent or a representative, in any language',
  'or words, call transfer_to_human with reason human_requested at once; do not try to talk',
  'them out of it. If the caller is clearly frustrated or angry with you, call',
  'transfer_to_human with reason frustrated. If a tool result says a request has failed again,',
  'apologise and offer a person; if the caller agrees, call transfer_to_human with reason',
  'repeated_failure. If you cannot answer a question about a rule or policy (baggage, refunds,',
  'changes, cancellations) from what a tool returned, never guess: say so, offer a person, and',
  'call transfer_to_human with reason no_answer if they agree. After transfer_to_human, tell the',
  'caller in their language what its result says will happen, and nothing else.',
  'When the caller’s mood changes noticeably (they become frustrated, angry, confused, or',
  'pleased), call note_sentiment in the same response as your spoken reply, never instead of it.',
].join(' ');

const transferParameters = z.object({
  reason: z
    .enum(HANDOFF_REASONS)
    .describe(
      'human_requested: the caller asked for a person (in any language). frustrated: the caller is frustrated or angry. repeated_failure: you failed the same request twice. no_answer: you have no answer to a policy question.',
    ),
  summary: z
    .string()
    .describe(
      'One or two sentences in English for the person who takes over: what the caller wants and what was tried. No names, emails, phone, card or passport numbers.',
    ),
});

const sentimentParameters = z.object({
  sentiment: z.enum(SENTIMENTS).describe('The caller’s mood now, as you judge it.'),
});

export function createHandoffTools(opts: HandoffToolsOptions) {
  const transfer_to_human = llm.tool({
    description:
      'Hand the caller over to a person from the travel site’s team. Call it when the caller asks for a human, a person, an agent or a representative in any language (e.g. "quiero hablar con una persona", "ich möchte einen Menschen sprechen", "je veux parler à quelqu’un", "人と話したい"), when they are frustrated, when you failed the same request twice, or when you have no answer to a policy question. The result says what will happen (or that no person is available): tell the caller that, in their language.',
    parameters: transferParameters,
    execute: async (args) => opts.transfer({ reason: args.reason, summary: args.summary }),
  });

  const note_sentiment = llm.tool({
    description:
      'Note the caller’s mood when it changes noticeably (frustrated, angry, confused, pleased). Call it together with your spoken reply, in the same response; it returns nothing.',
    parameters: sentimentParameters,
    execute: async (args) => {
      opts.noteSentiment(args.sentiment);
      // No output: agents-js then asks the model for no further reply.
      return undefined;
    },
  });

  return { transfer_to_human, note_sentiment };
}

/**
 * The `transfer_to_human` result: what will happen, as facts for the model to tell the caller in
 * `lang`, or that no person is available and what the caller can do instead.
 */
export function transferResult(opts: {
  targets: HandoffTargets | undefined;
  partnerName: string;
  lang: string;
  again: boolean;
}): string {
  const { targets, partnerName, lang } = opts;
  const tell = `Tell the caller briefly, in the conversation’s language (${lang}),`;
  if (!targets) {
    return (
      `No person is available: ${partnerName} has no human support connected to this assistant. ` +
      `${tell} that you cannot pass them to a person here, and offer the alternative: you can ` +
      `keep helping them in this conversation, or they can use the contact options on ` +
      `${partnerName}’s own website. Do not invent a phone number, address or link.`
    );
  }
  const facts: string[] = [];
  if (targets.url)
    facts.push(
      'a link to continue with a person is now shown on their screen (do not read the web address aloud)',
    );
  if (targets.phone)
    facts.push(`they can call ${targets.phone} (read the number digit by digit, in groups)`);
  if (targets.queue)
    facts.push(
      `their request and a summary of this conversation are now in ${partnerName}’s support queue, and a person from the team will pick it up (do not promise a time)`,
    );
  return (
    `${opts.again ? 'Already handed over; say it again. ' : 'Handed over. '}${tell} what happens ` +
    `next, from these facts only: ${facts.join('; ')}.`
  );
}

/**
 * Appended to a tool's error when the same request has failed `failures` times in a row, so the
 * model offers a person instead of trying the same thing again.
 */
export function repeatedFailureHint(failures: number): string {
  return (
    `[This request has now failed ${failures} times in a row. Apologise, and offer to pass the ` +
    'caller to a person; if they agree, call transfer_to_human with reason repeated_failure.]'
  );
}
