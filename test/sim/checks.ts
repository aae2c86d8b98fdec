/** Reusable checks: each names what a user would notice and says what went wrong. */
import type { Check } from './scenario.js';

type Role = 'user' | 'assistant';

/** The transcript, as the widget shows it, contains these (role, text) in this order. */
export function order(...expected: [Role, RegExp][]): Check {
  return {
    name: `transcript order: ${expected.map(([r, re]) => `${r} ${re}`).join(' → ')}`,
    verify({ snapshot }) {
      let i = 0;
      for (const seg of snapshot.transcript) {
        const [role, re] = expected[i] ?? [];
        if (role && seg.role === role && re!.test(seg.text)) i++;
      }
      if (i === expected.length) return undefined;
      return `missing ${expected[i]![0]} ${expected[i]![1]} after ${i} matches in ${JSON.stringify(snapshot.transcript.map((t) => `${t.role}: ${t.text}`))}`;
    },
  };
}

export function statesInclude(...states: string[]): Check {
  return {
    name: `states pass through ${states.join(' → ')}`,
    verify({ snapshot }) {
      let i = 0;
      for (const s of snapshot.states) if (s === states[i]) i++;
      return i === states.length ? undefined : `states were ${snapshot.states.join(' ')}`;
    },
  };
}

export function flightSearches(n: number): Check {
  return {
    name: `${n} flight search(es) reached the provider`,
    verify: ({ duffel }) =>
      (duffel?.searchCount ?? 0) === n
        ? undefined
        : `provider saw ${duffel?.searchCount ?? 0} searches`,
  };
}

/** Some assistant message or error shown to the user matches. */
export function told(re: RegExp): Check {
  return {
    name: `the user is told ${re}`,
    verify({ snapshot }) {
      const shown = [
        ...snapshot.transcript.filter((t) => t.role === 'assistant').map((t) => t.text),
        ...snapshot.errors.map((e) => e.message),
      ];
      return shown.some((t) => re.test(t)) ? undefined : `shown: ${JSON.stringify(shown)}`;
    },
  };
}

export function noUserTurns(): Check {
  return {
    name: 'no user turn appears',
    verify: ({ snapshot }) => {
      const u = snapshot.transcript.filter((t) => t.role === 'user');
      return u.length === 0 ? undefined : `user turns: ${JSON.stringify(u.map((t) => t.text))}`;
    },
  };
}

export function llmCalls(n: number): Check {
  return {
    name: `the LLM was called ${n} time(s)`,
    verify: ({ openai }) =>
      openai.chatRequests.length === n ? undefined : `${openai.chatRequests.length} calls`,
  };
}

/** The page asked the session endpoint `n` times (a resume with its credential asks nothing). */
export function sessionRequests(n: number): Check {
  return {
    name: `the page asked for ${n} session(s)`,
    verify: ({ sessionRequests: got }) =>
      got === n ? undefined : `${got} POST /api/session requests`,
  };
}

export function agentAudioPlayed(minMs: number): Check {
  return {
    name: `at least ${minMs} ms of agent audio played in the page`,
    verify: ({ snapshot }) =>
      snapshot.stats.playedMs >= minMs
        ? undefined
        : `${Math.round(snapshot.stats.playedMs)} ms played`,
  };
}

/** An assistant reply was cut by the caller: marked, and its text is a strict prefix of the full reply. */
export function interruptedAndTruncated(): Check {
  return {
    name: 'the interrupted reply is marked and cut where playback stopped',
    verify({ snapshot, llmReplies }) {
      const cut = snapshot.transcript.find((t) => t.role === 'assistant' && t.interrupted);
      if (!cut) return `no interrupted message in ${JSON.stringify(snapshot.transcript)}`;
      const full = llmReplies.find((r) => r.startsWith(cut.text) || cut.text === '');
      if (!full) return `"${cut.text}" is not a prefix of any reply`;
      if (cut.text.length >= full.length) return `not truncated: "${cut.text}"`;
      return undefined;
    },
  };
}

export function notInterrupted(): Check {
  return {
    name: 'no reply was cut',
    verify: ({ snapshot }) => {
      const cut = snapshot.transcript.filter((t) => t.interrupted);
      return cut.length === 0
        ? undefined
        : `interrupted: ${JSON.stringify(cut.map((t) => t.text))}`;
    },
  };
}

export function bargeInUnder(ms: number): Check {
  return {
    name: `agent audio stops within ${ms} ms of the caller's speech onset`,
    verify: ({ bargeInMs }) =>
      bargeInMs.length === 0
        ? 'the caller never spoke over playing audio'
        : bargeInMs.every((b) => b <= ms)
          ? undefined
          : `barge-in took ${bargeInMs.join(', ')} ms`,
  };
}

export function noErrorsShown(): Check {
  return {
    name: 'no error is shown',
    verify: ({ snapshot }) =>
      snapshot.errors.length === 0 ? undefined : JSON.stringify(snapshot.errors),
  };
}

export function assistantLanguage(lang: string): Check {
  return {
    name: `the last reply is tagged ${lang}`,
    verify: ({ snapshot }) => {
      const last = snapshot.transcript.filter((t) => t.role === 'assistant').at(-1) as
        | { language?: string }
        | undefined;
      return last?.language?.startsWith(lang)
        ? undefined
        : `last reply language: ${last?.language}`;
    },
  };
}

/**
 * The host page received one `polyglot-handoff` with this reason and the partner's targets, its
 * summary carries no personal data, and the widget shows the partner's page and number as links.
 */
export function handedOff(
  reason: string,
  targets: { url: string; phone: string; queued: boolean },
): Check {
  return {
    name: `handed to a person (${reason}): polyglot-handoff received, the handoff links shown`,
    verify({ snapshot }) {
      const h = snapshot.handoffs;
      if (h.length !== 1) return `${h.length} polyglot-handoff events: ${JSON.stringify(h)}`;
      const e = h[0]!;
      if (e.reason !== reason) return `reason ${e.reason}`;
      if (e.url !== targets.url || e.phone !== targets.phone || e.queued !== targets.queued)
        return `targets ${JSON.stringify(e)}`;
      if (!e.summary || /@|\d{6,}/.test(e.summary)) return `summary not masked: ${e.summary}`;
      const links = snapshot.handoffLinks;
      if (links.page !== targets.url || links.phone !== `tel:${targets.phone}`)
        return `links shown: ${JSON.stringify(links)}`;
      return undefined;
    },
  };
}

/**
 * The answer rests on the partner's documents: the host page got `polyglot-citations`, and the
 * widget lists the source under the answer, linked to the document's page.
 */
export function cited(title: RegExp, url: string): Check {
  return {
    name: `cited ${title}: polyglot-citations received, the source listed and linked`,
    verify({ snapshot }) {
      const events = snapshot.citationEvents;
      if (events.length !== 1) return `${events.length} polyglot-citations events`;
      if (!events[0]!.citations.some((c) => title.test(c.title)))
        return `citations ${JSON.stringify(events[0]!.citations)}`;
      const shown = snapshot.citations.find((c) => title.test(c.text));
      if (!shown) return `listed: ${JSON.stringify(snapshot.citations)}`;
      if (shown.href !== url) return `linked to ${shown.href}, not ${url}`;
      return undefined;
    },
  };
}
