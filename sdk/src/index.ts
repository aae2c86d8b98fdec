export { PolyglotAssistant } from './components/assistant/assistant.component.js';
export type { AssistantState } from './state/assistant-state.js';
export type * from './events/events.js';
export type { TranscriptSegment, SessionDescriptor } from './protocol/messages.js';
export { TranscriptStore } from './transcript/transcript-store.js';
export type { TransportStats } from './transport/transport.js';
