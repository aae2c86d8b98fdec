export { PolyglotAssistant } from './components/assistant/assistant.component.js';
export type {
  AssistantLayout,
  AssistantMode,
  AssistantTheme,
} from './components/assistant/assistant.component.js';
export type { AssistantState } from './state/assistant-state.js';
export type * from './events/events.js';
export type { FlightOffer, LocalTime } from './protocol/flight-offer.js';
export type {
  TranscriptSegment,
  SessionDescriptor,
  KnowledgeCitation,
} from './protocol/messages.js';
export { TranscriptStore } from './transcript/transcript-store.js';
export type { TransportStats } from './transport/transport.js';
export { UI_LANGUAGES } from './i18n/locale.js';
export { VERSION } from './version.js';
