/**
 * Derives the widget's state from the signals a session produces. Pure and synchronous: the
 * session controller feeds it and calls `setState(machine.state)`; timers live outside.
 *
 * Precedence, while a session is up: interrupted (a short hold after a barge-in) > speaking >
 * searching (a tool is running) > thinking > listening (a microphone is heard) or ready (none).
 */
import type { AgentState, ToolStatus } from '../protocol/messages.js';
import type { AssistantState } from './assistant-state.js';

export type Phase = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'error';

export type Signal =
  | { type: 'connect' }
  | { type: 'connected' }
  | { type: 'agent'; state: AgentState }
  | { type: 'tool'; id: string; status: ToolStatus }
  | { type: 'interrupted' }
  /** Whether the agent hears a microphone: open and not muted. */
  | { type: 'mic'; hearing: boolean }
  /** The interrupted hold elapsed. */
  | { type: 'settled' }
  | { type: 'dropped' }
  | { type: 'failed' }
  | { type: 'stopped' };

export class StateMachine {
  phase: Phase = 'idle';
  agent: AgentState = 'listening';
  interrupted = false;
  /** A microphone is open and not muted. */
  hearing = false;
  readonly #tools = new Set<string>();

  get toolsRunning(): number {
    return this.#tools.size;
  }

  /** Applies one signal and returns the resulting state. */
  apply(signal: Signal): AssistantState {
    switch (signal.type) {
      case 'connect':
        this.phase = 'connecting';
        this.#reset();
        break;
      case 'connected':
        this.phase = 'live';
        break;
      case 'agent':
        this.agent = signal.state;
        // The agent moving on to a new answer ends the "interrupted" hold.
        if (signal.state === 'thinking' || signal.state === 'speaking') this.interrupted = false;
        break;
      case 'tool':
        if (signal.status === 'started') this.#tools.add(signal.id);
        else this.#tools.delete(signal.id);
        break;
      case 'interrupted':
        if (this.phase === 'live') this.interrupted = true;
        break;
      case 'mic':
        this.hearing = signal.hearing;
        break;
      case 'settled':
        this.interrupted = false;
        break;
      case 'dropped':
        this.phase = 'reconnecting';
        this.#reset();
        break;
      case 'failed':
        this.phase = 'error';
        this.#reset();
        break;
      case 'stopped':
        this.phase = 'idle';
        this.#reset();
        break;
    }
    return this.state;
  }

  get state(): AssistantState {
    if (this.phase !== 'live') return this.phase;
    if (this.interrupted) return 'interrupted';
    if (this.agent === 'speaking') return 'speaking';
    if (this.#tools.size > 0) return 'searching';
    if (this.agent === 'thinking') return 'thinking';
    return this.hearing ? 'listening' : 'ready';
  }

  #reset(): void {
    this.agent = 'listening';
    this.interrupted = false;
    this.hearing = false;
    this.#tools.clear();
  }
}
