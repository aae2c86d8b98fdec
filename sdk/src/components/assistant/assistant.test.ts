import { expect } from '@esm-bundle/chai';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import {
  INTERRUPTED_HOLD_MS,
  RESUME_DELAYS_MS,
  requestSession,
} from '../../controllers/session-controller.js';
import type { ApiError } from '../../protocol/messages.js';
import type { PolyglotFlightResultsDetail, PolyglotHandoffDetail } from '../../events/events.js';
import { FakeTransport } from '../../testing/fake-transport.js';
import { routeAppMessage } from '../../transport/transport.js';
import { cleanup, mount, untilState } from '../../testing/mount.js';
import { madLgw, madLhr } from '../../testing/offers.js';

afterEach(cleanup);

const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Waits `n` animation frames (levels are drawn once per frame). */
async function frames(n = 4): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
}

describe('<polyglot-assistant> session and states', () => {
  it('connects from the mic button and follows the agent through a turn', async () => {
    const m = await mount({ lang: 'en' });
    m.$('[part="mic-button"]')!.click();
    await untilState(m.el, 'listening');
    expect(m.t.preparedWithMic, 'audio prepared inside the click').to.equal(true);
    expect(m.t.options).to.include({ withMic: true, audio: true, lang: 'en' });
    expect(m.t.options!.greet, 'a voice conversation starts with the greeting').to.equal(undefined);
    m.t.events.agentState('thinking');
    m.t.events.tool({ type: 'tool', id: 'c1', tool: 'search_flights', status: 'started' });
    m.t.events.agentState('speaking');
    m.t.events.agentState('listening');
    expect(m.states).to.deep.equal([
      'connecting',
      'listening',
      'thinking',
      'searching',
      'speaking',
      'searching',
    ]);
    await m.el.updateComplete;
    expect(m.el.getAttribute('state')).to.equal('searching');
    expect(text(m.$('[part="status"]'))).to.equal('Searching flights…');
  });

  it('shows a running search with its elapsed time, then how long it took', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    m.t.events.tool({ type: 'tool', id: 'c1', tool: 'search_flights', status: 'started' });
    m.clock.tick(3_000);
    await m.el.updateComplete;
    const tool = m.$('[part="tool"]')!;
    expect(tool.dataset.status).to.equal('started');
    expect(text(tool)).to.equal('Searching flights 3s');
    m.clock.tick(1_200);
    m.t.events.tool({
      type: 'tool',
      id: 'c1',
      tool: 'search_flights',
      status: 'finished',
      provider: 'duffel',
    });
    await m.el.updateComplete;
    expect(text(m.$('[part="tool"]'))).to.equal('Search done 4.2s');
    expect(m.clock.pending, 'the once-a-second ticker stops').to.equal(0);
  });

  it('shows a search that needs a question first as such, not as a failed search', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    m.t.events.tool({ type: 'tool', id: 'c1', tool: 'search_flights', status: 'started' });
    m.clock.tick(300);
    m.t.events.tool({ type: 'tool', id: 'c1', tool: 'search_flights', status: 'clarify' });
    expect(m.el.state, 'the search is over').to.not.equal('searching');
    m.t.events.tool({ type: 'tool', id: 'c2', tool: 'search_flights', status: 'started' });
    m.t.events.tool({ type: 'tool', id: 'c2', tool: 'search_flights', status: 'failed' });
    await m.el.updateComplete;
    const [question, failed] = m.$$('[part="tool"]');
    expect(question!.dataset.status).to.equal('clarify');
    expect(text(question!)).to.equal('One question first 0.3s');
    expect(text(failed!)).to.equal('Search failed 0.0s');
    const ring = (el: Element) => getComputedStyle(el.querySelector('.tool-icon')!).borderTopColor;
    expect(ring(question!), 'not the failure colour').to.not.equal(ring(failed!));
  });

  it('shows no progress line for a quick place lookup, only the searching state', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    m.t.events.tool({ type: 'tool', id: 'p1', tool: 'resolve_place', status: 'started' });
    await m.el.updateComplete;
    expect(m.el.state).to.equal('searching');
    expect(m.$('[part="tool"]')).to.equal(null);
  });

  it('renders flight cards in the turn that asked, and fires polyglot-flight-results', async () => {
    const m = await mount({ lang: 'en-GB' });
    await m.el.start();
    const got: PolyglotFlightResultsDetail[] = [];
    m.el.addEventListener('polyglot-flight-results', (e) => got.push(e.detail));
    m.t.events.transcript({ id: 'a0', role: 'assistant', turn: 0, text: 'Hi!', final: true });
    m.t.events.transcript({
      id: 'u1',
      role: 'user',
      turn: 1,
      text: 'Madrid to London',
      final: true,
    });
    m.t.events.flightResults({
      type: 'flight_results',
      id: 'r1',
      query: { origin: 'MAD', destination: 'LON' },
      offers: [madLhr, { broken: true }, madLgw],
      provider: 'duffel',
      turn: 1,
    });
    m.t.events.transcript({
      id: 'a2',
      role: 'assistant',
      turn: 1,
      text: 'Two flights.',
      final: true,
    });
    await m.el.updateComplete;
    const order = m.$$('[part="transcript"] > li').map((li) => li.getAttribute('part'));
    expect(order).to.deep.equal([
      'message message-assistant',
      'message message-user',
      'flight-results',
      'message message-assistant',
    ]);
    const cards = m.$$('[part="flight-card"]');
    expect(cards, 'the malformed offer is skipped').to.have.length(2);
    expect(text(cards[0]!)).to.include('British Airways').and.include('€123.45');
    expect(text(cards[0]!)).to.include('08:30').and.include('CEST').and.include('BST');
    expect(cards[0]!.getAttribute('aria-label')).to.include('Departs Madrid');
    expect(got).to.have.length(1);
    expect(got[0]!.offers.map((o) => o.id)).to.deep.equal(['off_mad_lhr', 'off_mad_lgw']);
  });

  it('marks the reply that was cut by a barge-in, then settles back to listening', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    m.t.events.agentState('speaking');
    m.t.events.transcript({
      id: 'a1',
      role: 'assistant',
      turn: 0,
      text: 'There are three fl',
      final: false,
    });
    m.t.events.interrupted();
    m.t.events.agentState('listening');
    await m.el.updateComplete;
    expect(m.el.state).to.equal('interrupted');
    const msg = m.$('[part~="message-assistant"]')!;
    expect(msg.hasAttribute('data-interrupted')).to.equal(true);
    expect(text(msg)).to.include('interrupted');
    // The server's final update carries the text that was heard, and decides the mark.
    m.t.events.transcript({
      id: 'a1',
      role: 'assistant',
      turn: 0,
      text: 'There are three',
      final: true,
      interrupted: true,
    });
    expect(m.el.transcript[0]).to.include({ text: 'There are three', interrupted: true });
    m.clock.tick(INTERRUPTED_HOLD_MS);
    expect(m.el.state).to.equal('listening');
  });

  it('resumes after a dropped connection and keeps the conversation', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    m.t.events.transcript({ id: 's1', role: 'assistant', turn: 0, text: 'Hello', final: true });
    m.t.events.transcript({ id: 's2', role: 'user', turn: 1, text: 'Paris', final: true });
    m.t.drop();
    expect(m.el.state).to.equal('reconnecting');
    m.clock.tick(RESUME_DELAYS_MS[0]);
    await untilState(m.el, 'listening');
    expect(m.transports).to.have.length(2);
    expect(m.transports[0]!.options!.resume, 'a first session is not a resume').to.equal(undefined);
    // The agent gets the conversation back, so it goes on instead of greeting again.
    expect(m.t.options!.resume).to.deep.equal({
      history: [
        { role: 'assistant', text: 'Hello' },
        { role: 'user', text: 'Paris' },
      ],
    });
    // The new session numbers its segments from scratch: they must not overwrite the old ones.
    m.t.events.transcript({
      id: 's1',
      role: 'assistant',
      turn: 0,
      text: 'Where were we?',
      final: true,
    });
    expect(m.el.transcript.map((s) => s.text)).to.deep.equal(['Hello', 'Paris', 'Where were we?']);
  });

  it('resumes with the dropped session’s own credential, not a new session token', async () => {
    const m = await mount({ lang: 'en' });
    let requests = 0;
    m.el.sessionDeps = {
      requestSession: async () => {
        requests++;
        return {
          transport: 'local',
          url: 'ws://fake/v1/session',
          token: `t${requests}`,
          expiresAt: 0,
        };
      },
    };
    await m.el.start();
    expect(requests).to.equal(1);
    m.t.events.transcript({ id: 's1', role: 'assistant', turn: 0, text: 'Hello', final: true });
    const credential = {
      transport: 'local',
      url: 'ws://fake/v1/session',
      token: 'resume-1',
      expiresAt: 0,
    } as const;
    m.t.resume = credential;
    m.t.drop();
    m.clock.tick(RESUME_DELAYS_MS[0]);
    await untilState(m.el, 'listening');
    expect(requests, 'no new session was requested').to.equal(1);
    expect(m.t.descriptor).to.deep.equal(credential);
    expect(m.t.options!.resume).to.deep.equal({ history: [{ role: 'assistant', text: 'Hello' }] });
    // The next drop resumes with the credential of the session that is live now: none here, so
    // a new session is requested (single use: the first credential is spent).
    m.t.drop();
    m.clock.tick(RESUME_DELAYS_MS[0]);
    await untilState(m.el, 'listening');
    expect(requests).to.equal(2);
    expect(m.t.descriptor!.token).to.equal('t2');
  });

  it('asks for a new session when the server refuses the resume credential', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    m.t.resume = { transport: 'local', url: 'ws://fake/v1/session', token: 'r', expiresAt: 0 };
    let attempt = 0;
    m.el.sessionDeps = {
      createLocal: (events) => {
        const t = new FakeTransport(events);
        m.transports.push(t);
        if (attempt++ === 0) {
          t.failWith = Object.assign(new Error('already resumed'), { code: 'token_used' });
        }
        return t;
      },
    };
    m.t.drop();
    m.clock.tick(RESUME_DELAYS_MS[0]);
    await new Promise((r) => setTimeout(r, 0));
    m.clock.tick(RESUME_DELAYS_MS[1]);
    await untilState(m.el, 'listening');
    expect(m.transports.map((t) => t.descriptor?.token)).to.deep.equal(['t', 'r', 't']);
  });

  it('gives up after the resume attempts and offers Retry, which works', async () => {
    const m = await mount({ lang: 'en' });
    const errors: string[] = [];
    m.el.addEventListener('polyglot-error', (e) =>
      errors.push(`${e.detail.code}:${e.detail.fatal}`),
    );
    await m.el.start();
    m.t.events.transcript({ id: 's1', role: 'assistant', turn: 0, text: 'Hello', final: true });
    m.failSessions(RESUME_DELAYS_MS.length);
    m.t.drop();
    for (const delay of RESUME_DELAYS_MS) {
      m.clock.tick(delay);
      await new Promise((r) => queueMicrotask(() => r(undefined)));
      await m.el.updateComplete;
    }
    await untilState(m.el, 'error');
    await m.el.updateComplete;
    expect(errors).to.deep.equal(['connection_lost:true']);
    expect(text(m.$('[part="error"]'))).to.include('The connection to the assistant was lost.');
    expect(m.el.transcript).to.have.length(1);
    m.$('[part="retry-button"]')!.click();
    await untilState(m.el, 'listening');
    await m.el.updateComplete;
    expect(m.$('[part="error"]')).to.equal(null);
    expect(m.el.transcript).to.have.length(1);
  });

  it('counts a resume attempt whose socket closes while connecting, and gives up after the last', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    m.el.sessionDeps = {
      createLocal: (events) => {
        const t = new FakeTransport(events);
        m.transports.push(t);
        t.connect = async () => {
          events.closed(false); // the socket closes before the session is ready
          throw Object.assign(new Error('closed'), { code: 'connect_failed' });
        };
        return t;
      },
    };
    const settled = async () => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
    };
    m.t.drop();
    for (const delay of RESUME_DELAYS_MS) {
      m.clock.tick(delay);
      await settled();
    }
    expect(m.el.state).to.equal('error');
    expect(m.clock.pending, 'no attempt left scheduled').to.equal(0);
    expect(m.transports).to.have.length(1 + RESUME_DELAYS_MS.length);
  });

  it('pressing End while reconnecting cancels the resume', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    m.t.drop();
    expect(m.el.state).to.equal('reconnecting');
    await m.el.updateComplete;
    m.$('[part="end-button"]')!.click();
    await untilState(m.el, 'idle');
    expect(m.clock.pending).to.equal(0);
    m.clock.tick(10_000);
    expect(m.transports).to.have.length(1);
  });

  it('does not resume after the server ended the session with a fatal error', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    m.t.events.error('idle_timeout', 'Closed after 5 minutes of silence.', true);
    m.t.drop();
    expect(m.el.state).to.equal('error');
    expect(m.clock.pending).to.equal(0);
  });

  it('shows a person’s message from the operator console as theirs, in the UI language', async () => {
    const m = await mount({ lang: 'es' });
    await m.el.start();
    m.t.events.transcript({ id: 'a1', role: 'assistant', turn: 0, text: 'Le paso', final: true });
    m.t.events.transcript({
      id: 'operator-1',
      role: 'operator',
      turn: 0,
      text: 'Hola, soy Ana',
      final: true,
    });
    await m.el.updateComplete;
    const line = m.el.shadowRoot!.querySelector('[part~="message"][data-role="operator"]');
    expect(text(line)).to.equal('Agente: Hola, soy Ana');
    // After the assistant's words of the same turn, and resumed as the agent's side.
    expect(m.el.transcript.map((t) => t.role)).to.deep.equal(['assistant', 'operator']);
    m.t.drop();
    m.clock.tick(RESUME_DELAYS_MS[0]);
    await untilState(m.el, 'listening');
    expect(m.t.options!.resume!.history.at(-1)).to.deep.equal({
      role: 'assistant',
      text: 'Hola, soy Ana',
    });
  });

  it('ends calmly, without reconnecting, when an operator ended the session', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    m.t.events.sessionEnded!('operator');
    await untilState(m.el, 'idle');
    m.t.drop();
    expect(m.el.state).to.equal('idle');
    expect(m.transports).to.have.length(1);
    expect(m.clock.pending).to.equal(0);
  });

  it('explains a blocked microphone in the UI language', async () => {
    const m = await mount({ lang: 'es' });
    m.el.sessionDeps = {
      createLocal: (events) => {
        const t = new FakeTransport(events);
        t.prepareAudio = () =>
          Promise.reject(
            Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' }),
          );
        return t;
      },
    };
    await m.el.start().catch(() => {});
    await m.el.updateComplete;
    expect(m.el.state).to.equal('error');
    expect(text(m.$('[part="error"]'))).to.include('micrófono');
  });

  /** Starts a session whose request gets the server's `status` and error body. */
  async function startAgainst(status: number, body: ApiError) {
    const m = await mount({ lang: 'en' });
    const realFetch = window.fetch;
    window.fetch = async () =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    try {
      m.el.sessionDeps = { requestSession };
      await m.el.start().catch(() => {});
      await m.el.updateComplete;
    } finally {
      window.fetch = realFetch;
    }
    return m;
  }

  it('says the assistant is unavailable, with no "Try again", when the server has no providers', async () => {
    // The real session request, against the server's 503 for a deployment without provider keys.
    const m = await startAgainst(503, {
      error: {
        code: 'providers_missing',
        message: 'The voice assistant is not configured on this server.',
        missing: ['OPENAI_API_KEY'],
      },
    });
    expect(m.el.state).to.equal('error');
    expect(text(m.$('[part="error"]'))).to.include('The assistant is unavailable right now');
    expect(m.$('[part="retry-button"]')).to.equal(null);
  });

  it('tells the visitor this site may not use the assistant when the server refuses its origin', async () => {
    // The server answers a refused origin's session request readably (CORS) with this body.
    const seen: { code: string; message: string; fatal: boolean }[] = [];
    document.addEventListener('polyglot-error', (e) => seen.push(e.detail), { once: true });
    const m = await startAgainst(403, {
      error: {
        code: 'origin_not_allowed',
        message: 'Pages on https://partner.example may not open sessions.',
      },
    });
    expect(m.el.state).to.equal('error');
    expect(text(m.$('[part="error"]'))).to.equal('This site is not allowed to use the assistant.');
    expect(m.$('[part="retry-button"]'), 'no retry: only the site owner can mend it').to.equal(
      null,
    );
    expect(seen).to.deep.equal([
      {
        code: 'origin_not_allowed',
        message: 'Pages on https://partner.example may not open sessions.',
        fatal: true,
      },
    ]);
  });

  it('says it in the UI language', async () => {
    const m = await mount({ lang: 'es' });
    m.el.sessionDeps = {
      requestSession: () =>
        Promise.reject(Object.assign(new Error('refused'), { code: 'origin_not_allowed' })),
    };
    await m.el.start();
    await m.el.updateComplete;
    expect(text(m.$('[part="error"]'))).to.equal(
      'Este sitio no tiene permiso para usar el asistente.',
    );
  });

  it('offers no "Try again" for an embedding mistake, and keeps it for a busy server', async () => {
    const wrongKey = await startAgainst(403, {
      error: { code: 'unknown_partner', message: 'No partner has the key "x".' },
    });
    expect(text(wrongKey.$('[part="error"]'))).to.include('The assistant is unavailable right now');
    expect(wrongKey.$('[part="retry-button"]')).to.equal(null);

    const busy = await startAgainst(429, {
      error: { code: 'rate_limited', message: 'Too many sessions from this address.' },
    });
    expect(text(busy.$('[part="error"]'))).to.include('The assistant is busy right now');
    expect(busy.$('[part="retry-button"]')).to.not.equal(null);
  });

  it('typing starts a session without the microphone and sends once connected', async () => {
    const m = await mount({ lang: 'en', mode: 'text' });
    expect(m.$('[part="mic-button"]')).to.equal(null);
    const input = m.$<HTMLInputElement>('[part="text-input"]')!;
    input.focus();
    await sendKeys({ type: 'Flights to Rome' });
    await sendKeys({ press: 'Enter' });
    await untilState(m.el, 'ready');
    // No greeting: the agent answers the typed words instead of talking over them.
    expect(m.t.options).to.include({ withMic: false, audio: false, greet: false });
    expect(m.t.sent).to.deep.equal(['Flights to Rome']);
    expect(input.value).to.equal('');
  });

  it('keeps what was typed when the session cannot start, and drops the empty-state hint', async () => {
    const m = await mount({ lang: 'en' });
    expect(text(m.$('.empty'))).to.include('Press the microphone');
    m.el.sessionDeps = {
      // The server without provider keys (its 503 body, as requestSession turns it).
      requestSession: () =>
        Promise.reject(Object.assign(new Error('not configured'), { code: 'providers_missing' })),
    };
    const input = m.$<HTMLInputElement>('[part="text-input"]')!;
    input.focus();
    await sendKeys({ type: 'Flights to Rome' });
    await sendKeys({ press: 'Enter' });
    await untilState(m.el, 'error');
    await m.el.updateComplete;
    expect(input.value, 'the unsent message is back in the field').to.equal('Flights to Rome');
    expect(text(m.$('[part="error"]'))).to.include('unavailable');
    expect(m.$('.empty'), 'no "press the microphone" hint beside the error').to.equal(null);
  });

  it('gives unsent text back when a resume fails, so Retry does not send it unseen', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    m.failSessions(RESUME_DELAYS_MS.length);
    m.t.drop();
    const input = m.$<HTMLInputElement>('[part="text-input"]')!;
    input.value = 'Paris please';
    input.form!.requestSubmit();
    expect(input.value).to.equal('');
    for (const delay of RESUME_DELAYS_MS) {
      m.clock.tick(delay);
      await new Promise((r) => setTimeout(r, 0));
    }
    await untilState(m.el, 'error');
    expect(input.value).to.equal('Paris please');
    m.$('[part="retry-button"]')!.click();
    await untilState(m.el, 'listening');
    expect(m.t.sent).to.deep.equal([]);
  });

  it('text mode says Ready, Thinking and Replying, never Listening', async () => {
    const m = await mount({ lang: 'en', mode: 'text' });
    const status = () => text(m.$('[part="status"]'));
    m.el.sendText('Flights to Rome');
    await untilState(m.el, 'ready');
    await m.el.updateComplete;
    expect(status()).to.equal('Ready');
    m.t.events.agentState('thinking');
    await m.el.updateComplete;
    expect(status()).to.equal('Thinking…');
    m.t.events.agentState('speaking');
    await m.el.updateComplete;
    expect(status(), 'no voice in text mode: it writes').to.equal('Replying…');
    m.t.events.agentState('listening');
    await m.el.updateComplete;
    expect(status()).to.equal('Ready');
    expect(m.states).to.deep.equal(['connecting', 'ready', 'thinking', 'speaking', 'ready']);
  });

  it('the mic button shows the microphone: off, on with its level, muted; End is apart', async () => {
    const m = await mount({ lang: 'en' });
    const mic = m.$('[part="mic-button"]')!;
    const status = () => text(m.$('[part="status"]'));
    expect(mic.dataset.mic).to.equal('off');
    expect(m.$('[part="end-button"]'), 'nothing to end yet').to.equal(null);
    mic.click();
    await untilState(m.el, 'listening');
    await m.el.updateComplete;
    expect(mic.dataset.mic).to.equal('on');
    expect(status()).to.equal('Listening');
    // The ring around the button follows what the microphone hears.
    mic.style.transition = 'none';
    const ring = () => Number(getComputedStyle(mic).boxShadow.match(/0px 0px 0px ([\d.]+)px/)![1]);
    const quiet = ring();
    m.t.events.micLevel(0.2);
    await frames();
    expect(ring()).to.be.greaterThan(quiet + 5);
    // Also while the agent speaks: the microphone stays open for a barge-in.
    m.t.events.agentState('speaking');
    m.t.events.micLevel(0.1);
    await frames(8);
    expect(ring()).to.be.greaterThan(quiet + 2);
    m.t.events.agentState('listening');
    mic.click();
    await m.el.updateComplete;
    expect(mic.dataset.mic).to.equal('muted');
    expect(mic.getAttribute('aria-pressed')).to.equal('true');
    expect(m.t.muted, 'the transport stops sending the microphone').to.equal(true);
    expect(m.el.state, 'nothing is heard: not "listening"').to.equal('ready');
    expect(status()).to.equal('Microphone muted');
    expect(getComputedStyle(mic).backgroundColor, 'not a red stop button').to.not.equal(
      getComputedStyle(m.$('[part="end-button"]')!).backgroundColor,
    );
    mic.click();
    await m.el.updateComplete;
    expect([mic.dataset.mic, m.el.state, m.t.muted]).to.deep.equal(['on', 'listening', false]);
    m.$('[part="end-button"]')!.click();
    await untilState(m.el, 'idle');
    await m.el.updateComplete;
    expect(mic.dataset.mic).to.equal('off');
    expect(m.t.closed).to.equal(true);
  });

  it('a typed conversation turns to voice from the mic button, and keeps its lines', async () => {
    const m = await mount({ lang: 'en' });
    m.el.sendText('Flights to Rome');
    await untilState(m.el, 'ready');
    m.t.events.transcript({
      id: 'u1',
      role: 'user',
      turn: 0,
      text: 'Flights to Rome',
      final: true,
    });
    m.t.events.transcript({
      id: 'a1',
      role: 'assistant',
      turn: 0,
      text: 'From where?',
      final: true,
    });
    await m.el.updateComplete;
    const typed = m.t;
    m.$('[part="mic-button"]')!.click();
    await untilState(m.el, 'listening');
    expect(typed.closed).to.equal(true);
    expect(m.t.preparedWithMic, 'the microphone is asked for inside the click').to.equal(true);
    expect(m.t.options!.resume, 'the agent goes on from the lines on screen').to.deep.equal({
      history: [
        { role: 'user', text: 'Flights to Rome' },
        { role: 'assistant', text: 'From where?' },
      ],
    });
    expect(m.el.transcript.map((t) => t.text)).to.deep.equal(['Flights to Rome', 'From where?']);
  });

  it('hides typing in voice mode', async () => {
    const m = await mount({ mode: 'voice' });
    expect(m.$('[part="text-input"]')).to.equal(null);
    expect(m.$('[part="mic-button"]')).to.not.equal(null);
  });

  it('fires a cancelable polyglot-handoff and shows the link unless canceled', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    const seen: PolyglotHandoffDetail[] = [];
    m.el.addEventListener('polyglot-handoff', (e) => seen.push(e.detail), { once: true });
    m.t.events.handoff({
      type: 'handoff',
      reason: 'human_requested',
      url: 'https://example.com/help',
    });
    await m.el.updateComplete;
    expect(seen[0]).to.include({ reason: 'human_requested' });
    expect(m.$<HTMLAnchorElement>('[part="handoff"]')!.href).to.equal('https://example.com/help');

    const m2 = await mount({ lang: 'en' });
    await m2.el.start();
    m2.el.addEventListener('polyglot-handoff', (e) => e.preventDefault());
    m2.t.events.handoff({
      type: 'handoff',
      reason: 'human_requested',
      url: 'https://example.com/book',
    });
    await m2.el.updateComplete;
    expect(m2.$('[part="handoff"]')).to.equal(null);
  });

  it('hands the whole handoff to the page, and offers the partner’s page and number as links', async () => {
    const m = await mount({ lang: 'de' });
    await m.el.start();
    const seen: PolyglotHandoffDetail[] = [];
    m.el.addEventListener('polyglot-handoff', (e) => seen.push(e.detail));
    m.t.events.handoff({
      type: 'handoff',
      reason: 'frustrated',
      url: 'https://help.acme.example/chat',
      phone: '+34911234567',
      queued: true,
      summary: 'Möchte einen Flug umbuchen; Kontakt [email].',
    });
    await m.el.updateComplete;
    expect(seen).to.deep.equal([
      {
        reason: 'frustrated',
        url: 'https://help.acme.example/chat',
        phone: '+34911234567',
        queued: true,
        summary: 'Möchte einen Flug umbuchen; Kontakt [email].',
      },
    ]);
    const page = m.$<HTMLAnchorElement>('[part="handoff"]')!;
    expect(page.href).to.equal('https://help.acme.example/chat');
    expect(page.textContent!.trim()).to.equal('Mit einem Menschen sprechen');
    const call = m.$<HTMLAnchorElement>('[part="handoff-phone"]')!;
    expect(call.href).to.equal('tel:+34911234567');
    expect(call.textContent!.trim()).to.equal('+34911234567');
    expect(call.getAttribute('aria-label')).to.equal('Mit einem Menschen sprechen: +34911234567');
  });

  it('shows no link for a handoff whose url is not a web page (the event still fires)', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    const seen: PolyglotHandoffDetail[] = [];
    m.el.addEventListener('polyglot-handoff', (e) => seen.push(e.detail));
    m.t.events.handoff({
      type: 'handoff',
      reason: 'human_requested',
      url: 'javascript:alert(1)',
      phone: '911 234 567',
    });
    await m.el.updateComplete;
    expect(seen.length).to.equal(1);
    expect(m.$('[part="handoff"]')).to.equal(null);
    expect(m.$('[part="handoff-phone"]')).to.equal(null);
  });

  it('follows new messages, but not while the traveller has scrolled up to read', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    const list = m.$('[part="transcript"]')!;
    const say = async (i: number) => {
      m.t.events.transcript({
        id: `a${i}`,
        role: 'assistant',
        turn: i,
        text: `Line ${i}`,
        final: true,
      });
      await m.el.updateComplete;
    };
    for (let i = 0; i < 30; i++) await say(i);
    const atEnd = () => list.scrollHeight - list.scrollTop - list.clientHeight < 2;
    expect(atEnd()).to.equal(true);
    list.scrollTop = 0;
    await say(30);
    expect(list.scrollTop).to.equal(0);
    list.scrollTop = list.scrollHeight;
    await say(31);
    expect(atEnd()).to.equal(true);
  });

  it('releases the session when removed from the page', async () => {
    const m = await mount();
    await m.el.start();
    m.el.remove();
    await Promise.resolve();
    expect(m.t.closed).to.equal(true);
  });
});

describe('<polyglot-assistant> a language without a voice', () => {
  /** The agent's `language` message, through the router both transports share. */
  const language = (m: Awaited<ReturnType<typeof mount>>, lang: string, voice?: false) =>
    routeAppMessage({ type: 'language', lang, ...(voice === false && { voice }) }, m.t.events);
  const notice = (m: Awaited<ReturnType<typeof mount>>) => m.$('[part="text-only"]');

  it('says that replies are text only, naming the language, and clears when a voiced one follows', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    await m.el.updateComplete;
    expect(notice(m), 'voiced by default').to.equal(null);
    language(m, 'am', false); // Amharic: no provider voices it
    m.t.events.agentState('speaking');
    await m.el.updateComplete;
    expect(text(notice(m))).to.equal(
      'Replies in Amharic are text only: no voice speaks this language yet.',
    );
    expect(notice(m)!.getAttribute('role')).to.equal('status');
    expect(text(m.$('[part="status"]')), 'not "Speaking": nothing is heard').to.equal('Replying…');
    // The caller switches to Spanish, which has a voice: the notice goes, the voice is back.
    language(m, 'es');
    await m.el.updateComplete;
    expect(notice(m)).to.equal(null);
    expect(text(m.$('[part="status"]'))).to.equal('Hablando');
  });

  it('says it in the UI language, right to left in Persian and Urdu', async () => {
    for (const [lang, expected] of [
      ['fa', 'پاسخ‌ها به زبان فارسی فقط متنی هستند: هنوز صدایی برای این زبان وجود ندارد.'],
      ['ur', 'اردو میں جوابات صرف تحریری ہیں: اس زبان کے لیے ابھی کوئی آواز نہیں ہے۔'],
    ] as const) {
      // A session that starts in a language this deployment cannot voice is told so at once.
      const m = await mount({ lang });
      await m.el.start();
      language(m, lang, false);
      await m.el.updateComplete;
      expect(text(notice(m)), lang).to.equal(expected);
      expect(getComputedStyle(notice(m)!).direction, lang).to.equal('rtl');
      cleanup();
    }
  });

  it('follows the conversation into a language whose UI it has (Cantonese: Traditional Chinese)', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    language(m, 'yue', false);
    await m.el.updateComplete;
    expect(m.$('.root')!.getAttribute('lang')).to.equal('zh-Hant');
    expect(text(notice(m))).to.equal('粵語的回覆僅以文字顯示：此語言尚無語音。');
  });

  it('is cleared by a new session until that session says the same', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    language(m, 'am', false);
    m.t.drop();
    m.clock.tick(RESUME_DELAYS_MS[0]);
    await untilState(m.el, 'listening');
    await m.el.updateComplete;
    expect(m.t.options!.lang, 'the resumed session asks for the same language').to.equal('am');
    expect(notice(m)).to.equal(null);
    language(m, 'am', false);
    await m.el.updateComplete;
    expect(text(notice(m))).to.include('Amharic');
  });

  it('dates the cards in the UI language where the browser has no data for the conversation’s', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    language(m, 'yue', false);
    m.t.events.flightResults({
      type: 'flight_results',
      id: 'r1',
      query: {},
      offers: [madLhr],
      provider: 'duffel',
    });
    await m.el.updateComplete;
    const date = text(m.$('[part="flight-card"] .date'));
    expect(date, 'Chinese, not the browser’s English').to.match(/月/);
  });

  it('is not shown in text mode, where nothing is voiced anyway', async () => {
    const m = await mount({ lang: 'en', mode: 'text' });
    await m.el.start();
    language(m, 'am', false);
    await m.el.updateComplete;
    expect(notice(m)).to.equal(null);
  });
});

describe('<polyglot-assistant> a language no recogniser covers', () => {
  /** The agent's `language` message naming the languages it hears, through the shared router. */
  const unheard = (m: Awaited<ReturnType<typeof mount>>, lang: string, hears: unknown[]) =>
    // Untyped on purpose: the widget must drop entries that are not tags.
    routeAppMessage({ type: 'language', lang, hears: hears as string[] }, m.t.events);
  const notice = (m: Awaited<ReturnType<typeof mount>>) => m.$('[part="not-heard"]');

  it('tells the caller the language is not understood, how many are, and names a few, theirs first', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    await m.el.updateComplete;
    expect(notice(m), 'nothing while the language is heard').to.equal(null);
    // Irish; the page's language (English) is heard, then Spanish (widely spoken).
    unheard(m, 'ga', ['sw', 'es', 'en']);
    await m.el.updateComplete;
    expect(text(notice(m))).to.equal(
      'Not understood yet: Irish. Languages understood (3): English, Spanish…',
    );
    expect(notice(m)!.getAttribute('role')).to.equal('status');
    expect(m.$('[part="text-only"]'), 'it is voiced (by the fallback language)').to.equal(null);
    // The caller speaks a language that is heard: the notice goes.
    routeAppMessage({ type: 'language', lang: 'es' }, m.t.events);
    await m.el.updateComplete;
    expect(notice(m)).to.equal(null);
  });

  it('says it in the UI language, right to left in Persian, and ignores tags that are not BCP-47', async () => {
    const m = await mount({ lang: 'fa' });
    await m.el.start();
    unheard(m, 'ga', ['fa', 42, '<b>', 'en']);
    await m.el.updateComplete;
    const said = text(notice(m));
    expect(said.startsWith('هنوز فهمیده نمی‌شود:'), said).to.equal(true);
    expect(said, 'two languages, in Persian digits').to.contain('(۲)');
    expect(said, 'Persian first: the UI’s language').to.contain('فارسی');
    expect(getComputedStyle(notice(m)!).direction).to.equal('rtl');
    expect(m.$('.root')!.getAttribute('lang'), 'the UI stays in the page’s language').to.equal(
      'fa',
    );
  });

  it('is cleared by a new session until that session says the same', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    unheard(m, 'ga', ['en']);
    await m.el.updateComplete;
    expect(notice(m)).to.not.equal(null);
    m.t.drop();
    m.clock.tick(RESUME_DELAYS_MS[0]);
    await untilState(m.el, 'listening');
    await m.el.updateComplete;
    expect(notice(m)).to.equal(null);
    unheard(m, 'ga', ['en']);
    await m.el.updateComplete;
    expect(text(notice(m))).to.include('Irish');
  });
});

describe('<polyglot-assistant> layout and accessibility', () => {
  it('lays out each message by its own words, not by the label in the UI language', async () => {
    const m = await mount({ lang: 'fa' });
    await m.el.start();
    m.t.events.transcript({
      id: 'a1',
      role: 'assistant',
      turn: 0,
      text: '3 flights from MAD to LHR.',
      final: true,
    });
    await m.el.updateComplete;
    const reply = m.$('[part~="message"]')!;
    expect(getComputedStyle(reply).direction, 'English in a Persian panel').to.equal('ltr');
    expect(getComputedStyle(reply.querySelector('.visually-hidden')!).direction).to.equal('rtl');
    cleanup();
    const en = await mount({ lang: 'en' });
    await en.el.start();
    en.t.events.transcript({
      id: 'u1',
      role: 'user',
      turn: 1,
      text: 'أريد السفر إلى لندن',
      final: true,
    });
    await en.el.updateComplete;
    expect(
      getComputedStyle(en.$('[part~="message"]')!).direction,
      'Arabic in an English panel',
    ).to.equal('rtl');
  });

  it('floating: the launcher opens a labelled dialog, focus moves in, Escape returns it', async () => {
    const m = await mount({ layout: 'floating', lang: 'en' });
    const launcher = m.$('[part="launcher"]')!;
    const panel = m.$('[part="panel"]')!;
    expect(panel.hidden).to.equal(true);
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    expect(launcher.getAttribute('aria-label')).to.equal('Open the travel assistant');
    launcher.focus();
    await sendKeys({ press: 'Enter' });
    await m.el.updateComplete;
    expect(m.el.opened).to.equal(true);
    expect(m.el.hasAttribute('open')).to.equal(true);
    expect(panel.hidden).to.equal(false);
    expect(panel.getAttribute('role')).to.equal('dialog');
    expect(m.shadow.activeElement?.getAttribute('part')).to.equal('mic-button');
    await sendKeys({ press: 'Escape' });
    await m.el.updateComplete;
    expect(m.el.opened).to.equal(false);
    expect(m.shadow.activeElement?.getAttribute('part')).to.equal('launcher');
  });

  it('open() and close() drive the open attribute', async () => {
    const m = await mount({ layout: 'floating' });
    m.el.open();
    await m.el.updateComplete;
    expect(m.el.getAttribute('open')).to.equal('');
    m.el.close();
    await m.el.updateComplete;
    expect(m.el.hasAttribute('open')).to.equal(false);
  });

  it('labels every control and announces the conversation politely', async () => {
    const m = await mount({ lang: 'en' });
    for (const b of m.$$('button'))
      expect(b.getAttribute('aria-label') || text(b), b.outerHTML).to.not.equal('');
    expect(m.$('[part="text-input"]')!.getAttribute('aria-label')).to.equal('Type a message');
    const list = m.$('[part="transcript"]')!;
    expect(list.getAttribute('aria-live')).to.equal('polite');
    expect(list.getAttribute('aria-label')).to.equal('Conversation');
    expect(m.$('[part="status"]')!.getAttribute('role')).to.equal('status');
    const mic = m.$('[part="mic-button"]')!;
    expect(mic.getAttribute('aria-label')).to.equal('Start voice conversation');
    expect(mic.hasAttribute('aria-pressed'), 'not a toggle until a microphone is open').to.equal(
      false,
    );
    await m.el.start();
    await m.el.updateComplete;
    expect(mic.getAttribute('aria-label')).to.equal('Mute microphone');
    expect(mic.getAttribute('aria-pressed')).to.equal('false');
    expect(m.$('[part="end-button"]')!.getAttribute('aria-label')).to.equal('End conversation');
  });

  it('stops every animation under prefers-reduced-motion', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    m.t.events.agentState('thinking');
    await m.el.updateComplete;
    const orb = m.$('[part="indicator"]')!;
    expect(getComputedStyle(orb, '::before').animationName).to.equal('spin');
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      expect(getComputedStyle(orb, '::before').animationName).to.equal('none');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});

describe('<polyglot-assistant> presence', () => {
  /** The orb's drawn size (its scale), and its halo's spread in px. */
  const orb = (m: Awaited<ReturnType<typeof mount>>) => {
    const el = m.$('[part="indicator"]')!;
    const style = getComputedStyle(el);
    const matrix = new DOMMatrixReadOnly(style.transform === 'none' ? undefined : style.transform);
    const halo = style.boxShadow.match(/0px 0px 0px ([\d.]+)px/);
    return { scale: matrix.a, halo: halo ? Number(halo[1]) : 0, shadow: style.boxShadow };
  };
  const noTransitions = (m: Awaited<ReturnType<typeof mount>>) =>
    (m.$('[part="indicator"]')!.style.transition = 'none');

  it('breathes with the real microphone while listening, and with the voice while speaking', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    noTransitions(m);
    await frames();
    const quiet = orb(m);
    m.t.events.micLevel(0.2);
    await frames(8);
    const loud = orb(m);
    expect(loud.scale, 'bigger with the caller’s voice').to.be.greaterThan(quiet.scale + 0.2);
    expect(loud.halo).to.be.greaterThan(quiet.halo + 5);
    m.t.events.agentState('thinking');
    m.t.events.micLevel(0.2); // the caller's level is not the thinking agent's
    await frames();
    expect(orb(m).scale).to.be.closeTo(quiet.scale, 0.01);
    m.t.events.agentState('speaking');
    m.t.events.outputLevel(0.25, true);
    await frames(8);
    expect(orb(m).scale, 'bigger with the agent’s voice').to.be.greaterThan(quiet.scale + 0.2);
    // Silence: it settles back, and stops asking for frames.
    m.t.events.outputLevel(0, false);
    await frames(30);
    expect(orb(m).scale).to.be.closeTo(quiet.scale, 0.01);
  });

  it('draws levels at most once per animation frame, not on every level message', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    await frames();
    const root = m.$('.root')!;
    let writes = 0;
    const seen = new MutationObserver((records) => (writes += records.length));
    seen.observe(root, { attributes: true, attributeFilter: ['style'] });
    for (let i = 0; i < 30; i++) m.t.events.micLevel(0.1 + (i % 3) * 0.05); // ~0.6 s of levels
    await Promise.resolve();
    expect(writes, 'nothing drawn between frames').to.equal(0);
    await frames(1);
    await Promise.resolve();
    expect(writes, 'one frame: the orb and the mic ring, once each').to.be.at.most(2);
    seen.disconnect();
  });

  it('looks different in each state', async () => {
    const m = await mount({ lang: 'en' });
    const look = async () => {
      await m.el.updateComplete;
      const el = m.$('[part="indicator"]')!;
      const [s, before, after] = [null, '::before', '::after'].map((p) => getComputedStyle(el, p));
      return [
        s!.backgroundImage,
        s!.transform,
        s!.animationName,
        before!.borderTopStyle,
        before!.borderTopColor,
        before!.animationName,
        after!.borderTopColor,
        after!.animationName,
      ].join(' | ');
    };
    const seen = new Map<string, string>();
    const record = async () => seen.set(m.el.state, await look());
    await record(); // idle
    await m.el.start();
    await record(); // listening
    m.$('[part="mic-button"]')!.click();
    await record(); // ready (muted)
    m.$('[part="mic-button"]')!.click();
    m.t.events.agentState('thinking');
    await record();
    m.t.events.tool({ type: 'tool', id: 't', tool: 'search_flights', status: 'started' });
    await record(); // searching
    m.t.events.tool({ type: 'tool', id: 't', tool: 'search_flights', status: 'finished' });
    m.t.events.agentState('speaking');
    await record();
    m.t.events.interrupted();
    await record();
    expect([...seen.keys()]).to.deep.equal([
      'idle',
      'listening',
      'ready',
      'thinking',
      'searching',
      'speaking',
      'interrupted',
    ]);
    const looks = [...seen.values()];
    expect(new Set(looks).size, looks.join('\n')).to.equal(looks.length);
  });

  it('under reduced motion nothing moves: the level shows in the halo’s strength', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      const m = await mount({ lang: 'en' });
      await m.el.start();
      await frames();
      const quiet = orb(m);
      m.t.events.micLevel(0.2);
      await frames(8);
      const loud = orb(m);
      expect(loud.scale, 'same size').to.equal(quiet.scale);
      expect(loud.shadow, 'a stronger halo').to.not.equal(quiet.shadow);
      for (const state of ['thinking', 'speaking'] as const) {
        m.t.events.agentState(state);
        await m.el.updateComplete;
        for (const p of [null, '::before', '::after'])
          expect(getComputedStyle(m.$('[part="indicator"]')!, p).animationName).to.equal('none');
      }
      m.t.events.tool({ type: 'tool', id: 't', tool: 'search_flights', status: 'started' });
      m.t.events.agentState('listening');
      await m.el.updateComplete;
      for (const p of [null, '::before', '::after'])
        expect(getComputedStyle(m.$('[part="indicator"]')!, p).animationName).to.equal('none');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});
