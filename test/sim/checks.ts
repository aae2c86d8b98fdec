/** Reusable checks: each names what a user would notice and says what went wrong. */
import { loadStrings, stringsFor, UI_LANGUAGES } from '../../sdk/src/i18n/locale.js';
import { fill } from '../../sdk/src/i18n/strings.js';
import type { Check } from './scenario.js';

// Every UI language's strings, so the checks (synchronous) can read what the widget should say.
await Promise.all(UI_LANGUAGES.map(loadStrings));

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

/** When the first agent sample after `at` played (Date.now() ms), or NaN if none did. */
function firstSampleAfter(played: [number, number][], at: number): number {
  let prev = played.filter(([t]) => t <= at).at(-1)?.[1] ?? 0;
  for (const [t, samples] of played) {
    if (t <= at) continue;
    if (samples > prev) return t;
    prev = samples;
  }
  return NaN;
}

/** The widget is laid out in this direction (its root's `dir`), as its language is written. */
export function widgetDir(dir: 'ltr' | 'rtl'): Check {
  return {
    name: `the widget reads ${dir}`,
    verify: ({ snapshot }) =>
      snapshot.dir === dir ? undefined : `dir=${snapshot.dir} (UI language ${snapshot.uiLang})`,
  };
}

/** What a speech-to-text request must carry for the real API: the fake saw exactly this. */
export type SttExpect =
  | { provider: 'deepgram'; model: string; language: string }
  | { provider: 'openai'; model: string; language: string };

/**
 * The recogniser the route names heard `text`: Deepgram over a socket whose query carries the
 * model and `language` (every socket of the call, as all of this call's Deepgram routes are the
 * same), or OpenAI with the model and language hint in its transcription form.
 */
export function heardBy(text: string, expect: SttExpect): Check {
  return {
    name: `"${text.slice(0, 24)}" heard by ${expect.provider} ${expect.model} (${expect.language})`,
    verify({ deepgram, openai }) {
      if (expect.provider === 'deepgram') {
        if (!deepgram) return 'no Deepgram fake (speech: routed)';
        if (!deepgram.utterances.some((u) => u.returned === text))
          return `Deepgram returned ${JSON.stringify(deepgram.utterances.map((u) => u.returned))}`;
        const wrong = deepgram.connections.filter(
          (c) => c.query.model?.[0] !== expect.model || c.query.language?.[0] !== expect.language,
        );
        return wrong.length === 0
          ? undefined
          : `Deepgram sockets asked for ${JSON.stringify(wrong.map((c) => [c.query.model, c.query.language]))}`;
      }
      const t = openai.transcriptions.find((r) => r.returned === text);
      if (!t)
        return `OpenAI transcribed ${JSON.stringify(openai.transcriptions.map((r) => r.returned))}`;
      return t.model === expect.model && t.language === expect.language
        ? undefined
        : `OpenAI was asked for model ${t.model}, language ${t.language}`;
    },
  };
}

/** What a voice request must carry for the real API. */
export type TtsExpect =
  | { provider: 'cartesia'; model: string; language: string }
  | { provider: 'openai'; model: string; voice: string };

/**
 * The reply `text` was voiced by the provider the route names: every request that carried a
 * piece of it went there, with the model and language (Cartesia) or voice (OpenAI speech, which
 * takes no language), and none went to the other provider.
 */
export function voicedBy(text: string, expect: TtsExpect): Check {
  const partOf = (piece: string) => piece.trim() !== '' && text.includes(piece.trim());
  return {
    name: `"${text.slice(0, 24)}" voiced by ${expect.provider} ${expect.model} (${'language' in expect ? expect.language : expect.voice})`,
    verify({ cartesia, openai }) {
      const atCartesia = (cartesia?.requests ?? []).filter((r) => partOf(r.transcript));
      const atOpenAI = openai.speechRequests.filter((r) => partOf(r.input));
      if (expect.provider === 'cartesia') {
        if (atCartesia.length === 0) return 'Cartesia got none of it';
        if (atOpenAI.length > 0)
          return `OpenAI spoke ${JSON.stringify(atOpenAI.map((r) => r.input))}`;
        const wrong = atCartesia.filter(
          (r) => r.model_id !== expect.model || r.language !== expect.language,
        );
        return wrong.length === 0
          ? undefined
          : `Cartesia was asked for ${JSON.stringify(wrong.map((r) => [r.model_id, r.language]))}`;
      }
      if (atOpenAI.length === 0) return 'OpenAI speech got none of it';
      if (atCartesia.length > 0)
        return `Cartesia spoke ${JSON.stringify(atCartesia.map((r) => r.transcript))}`;
      const wrong = atOpenAI.filter((r) => r.model !== expect.model || r.voice !== expect.voice);
      return wrong.length === 0
        ? undefined
        : `OpenAI speech was asked for ${JSON.stringify(wrong.map((r) => [r.model, r.voice]))}`;
    },
  };
}

/** A language no provider voices: nothing was sent to a voice, and nothing played. */
export function textOnly(): Check {
  return {
    name: 'answered in text only: no voice request, no agent audio',
    verify({ cartesia, openai, snapshot }) {
      const asked = (cartesia?.requests.length ?? 0) + openai.speechRequests.length;
      if (asked > 0) return `${asked} voice requests`;
      return snapshot.stats.playedMs === 0 ? undefined : `${snapshot.stats.playedMs} ms played`;
    },
  };
}

/**
 * The widget says that replies in `tag` are text only, in its UI language: the notice
 * (`part="text-only"`) names the language, and reads as the UI language's string with the
 * language's name in that language.
 */
export function textOnlyNotice(tag: string): Check {
  return {
    name: `the widget says replies in ${tag} are text only, in its UI language`,
    verify({ snapshot }) {
      const notice = snapshot.textOnly;
      if (!notice) return 'no text-only notice shown';
      if (notice.lang !== tag) return `the notice names ${notice.lang}`;
      const ui = snapshot.uiLang ?? 'en';
      const strings = stringsFor(ui);
      if (!strings) return `the widget's UI language ${ui} is not one of the SDK's`;
      const name = new Intl.DisplayNames([ui], { type: 'language' }).of(tag) ?? tag;
      const expected = fill(strings.textOnly, { language: name });
      return notice.text === expected
        ? undefined
        : `"${notice.text}" (UI ${ui}), not "${expected}"`;
    },
  };
}

/**
 * The widget says that `tag` is not understood, in its UI language, with the number of languages
 * that are (`count`) and at least one of them named.
 */
export function notHeardNotice(tag: string, count: number): Check {
  return {
    name: `the widget says ${tag} is not understood, and that ${count} languages are`,
    verify({ snapshot }) {
      const notice = snapshot.notHeard;
      if (!notice) return 'no not-heard notice shown';
      if (notice.lang !== tag) return `the notice names ${notice.lang}`;
      const ui = snapshot.uiLang ?? 'en';
      const strings = stringsFor(ui);
      if (!strings) return `the widget's UI language ${ui} is not one of the SDK's`;
      const name = new Intl.DisplayNames([ui], { type: 'language' }).of(tag) ?? tag;
      const [head] = fill(strings.notHeard, {
        language: name,
        count: new Intl.NumberFormat(ui).format(count),
      }).split('{examples}');
      return notice.text.startsWith(head!) && notice.text.length > head!.length + 2
        ? undefined
        : `"${notice.text}" (UI ${ui}), not "${head}…"`;
    },
  };
}

/**
 * After the `n`th outage, the caller heard the agent again: audio played after it. Notes how
 * long after the model's answer to the first turn after the outage its first sample played,
 * and the same for the turn before, as figures (not asserted: timing on a shared machine).
 */
export function heardAfterOutage(n = 0): Check {
  return {
    name: 'the caller hears the agent after the provider went down',
    verify({ outageAt, played, openai, note }) {
      const down = outageAt[n];
      if (down === undefined) return 'no outage happened';
      const before = played.filter(([t]) => t <= down).at(-1)?.[1] ?? 0;
      if (!played.some(([t, samples]) => t > down && samples > before))
        return 'no agent audio played after the outage';
      const answered = openai.chatRequests
        .map((r) => r.repliedAt)
        .filter((t): t is number => t !== undefined);
      const last = answered.filter((t) => t < down).at(-1);
      const next = answered.find((t) => t > down);
      const ms = (t: number | undefined) =>
        t === undefined ? 'n/a' : `${Math.round(firstSampleAfter(played, t) - t)} ms`;
      note(
        `model's answer → first sample heard: before the outage ${ms(last)}, after it ${ms(next)}`,
      );
      return undefined;
    },
  };
}

/** Notes, per `say` step from `from` on, the time from the end of the words to the reply's first sample. */
export function voiceToVoiceNotes(label: string, from = 0): Check {
  return {
    name: `figures: ${label}`,
    verify({ saidEndAt, played, note }) {
      const out = saidEndAt.slice(from).map((end) => {
        const t = firstSampleAfter(played, end);
        return Number.isNaN(t) ? 'none' : `${Math.round(t - end)} ms`;
      });
      note(`${label}: end of words → first reply sample, per turn: ${out.join(', ')}`);
      return undefined;
    },
  };
}
