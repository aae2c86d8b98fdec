/** Mounts a <polyglot-assistant> wired to fakes: no network, no microphone, no real time. */
import '../polyglot-assistant.js';
import type { PolyglotAssistant } from '../components/assistant/assistant.component.js';
import type { SessionDescriptor } from '../protocol/messages.js';
import type { AssistantState } from '../state/assistant-state.js';
import { FakeClock } from './fake-clock.js';
import { FakeTransport } from './fake-transport.js';

export interface Mounted {
  el: PolyglotAssistant;
  clock: FakeClock;
  transports: FakeTransport[];
  /** The latest transport. */
  readonly t: FakeTransport;
  states: AssistantState[];
  /** Makes the next session requests fail (resume attempts, Retry). */
  failSessions(n: number): void;
  shadow: ShadowRoot;
  $<T extends Element = HTMLElement>(selector: string): T | null;
  $$<T extends Element = HTMLElement>(selector: string): T[];
}

const LOCAL: SessionDescriptor = {
  transport: 'local',
  url: 'ws://fake/v1/session',
  token: 't',
  expiresAt: 0,
};

export async function mount(attrs: Record<string, string> = {}): Promise<Mounted> {
  const el = document.createElement('polyglot-assistant');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  const clock = new FakeClock();
  const transports: FakeTransport[] = [];
  const states: AssistantState[] = [];
  let failing = 0;
  el.addEventListener('polyglot-state-change', (e) => states.push(e.detail.newState));
  el.sessionDeps = {
    clock,
    requestSession: async () => {
      if (failing > 0) {
        failing--;
        throw Object.assign(new Error('offline'), { code: 'connect_failed' });
      }
      return LOCAL;
    },
    createLocal: (events) => {
      const t = new FakeTransport(events);
      transports.push(t);
      return t;
    },
    loadLiveKit: async () => {
      throw new Error('not in this test');
    },
  };
  document.body.append(el);
  await el.updateComplete;
  const shadow = el.shadowRoot!;
  return {
    el,
    clock,
    transports,
    get t() {
      return transports.at(-1)!;
    },
    states,
    failSessions: (n) => (failing = n),
    shadow,
    $: (s) => shadow.querySelector(s),
    $$: (s) => [...shadow.querySelectorAll(s)] as never,
  };
}

/** Resolves when the element enters `state` (now, if it is already there). */
export function untilState(el: PolyglotAssistant, state: AssistantState): Promise<void> {
  if (el.state === state) return Promise.resolve();
  return new Promise((resolve) => {
    const on = (e: CustomEvent<{ newState: AssistantState }>) => {
      if (e.detail.newState !== state) return;
      el.removeEventListener('polyglot-state-change', on);
      resolve();
    };
    el.addEventListener('polyglot-state-change', on);
  });
}

export function cleanup(): void {
  for (const el of document.querySelectorAll('polyglot-assistant')) el.remove();
}
