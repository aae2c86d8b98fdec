import type { LocaleMeta, Strings } from '../strings.js';

/** Written by a language model (issue 21 and before); not reviewed by a native speaker. */
export const meta: LocaleMeta = { translation: 'machine' };

const strings: Strings = {
  title: 'Reiseassistent',
  open: 'Reiseassistent öffnen',
  close: 'Schließen',
  start: 'Sprachgespräch starten',
  stop: 'Gespräch beenden',
  mute: 'Mikrofon stummschalten',
  muted: 'Mikrofon stumm',
  replying: 'Antwortet…',
  send: 'Senden',
  inputLabel: 'Nachricht eingeben',
  inputPlaceholder: 'Nachricht eingeben…',
  transcriptLabel: 'Gespräch',
  you: 'Sie',
  assistant: 'Assistent',
  person: 'Mitarbeiter',
  interrupted: 'unterbrochen',
  retry: 'Erneut versuchen',
  empty: 'Tippen Sie auf das Mikrofon und sagen Sie, wohin Sie fliegen möchten.',
  emptyText: 'Schreiben Sie, wohin Sie fliegen möchten.',
  states: {
    idle: 'Bereit',
    connecting: 'Verbinde…',
    listening: 'Hört zu',
    thinking: 'Denkt nach…',
    searching: 'Sucht Flüge…',
    speaking: 'Spricht',
    interrupted: 'Unterbrochen',
    reconnecting: 'Verbinde neu…',
    error: 'Etwas ist schiefgelaufen',
  },
  toolRunning: 'Flugsuche',
  toolDone: 'Suche beendet',
  toolFailed: 'Suche fehlgeschlagen',
  toolQuestion: 'Erst eine Rückfrage',
  flights: 'Flugangebote',
  flightCount: { one: '{n} Flug', other: '{n} Flüge' },
  nonstop: 'Direkt',
  stops: { one: '{n} Stopp', other: '{n} Stopps' },
  select: 'Auswählen',
  selected: 'Ausgewählt',
  departs: 'Abflug',
  arrives: 'Ankunft',
  handoff: 'Mit einem Menschen sprechen',
  sources: 'Quellen',
  textOnly:
    'Antworten auf {language} gibt es nur als Text: Für diese Sprache gibt es noch keine Stimme.',
  notHeard: 'Noch nicht verstanden: {language}. Verstandene Sprachen ({count}): {examples}…',
  errors: {
    connect_failed:
      'Der Assistent ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    mic_denied: 'Das Mikrofon ist blockiert. Erlauben Sie es im Browser oder schreiben Sie.',
    connection_lost: 'Die Verbindung zum Assistenten ist abgebrochen.',
    session_limit: 'Der Assistent ist ausgelastet. Versuchen Sie es in einer Minute erneut.',
    provider_unavailable:
      'Der Assistent ist gerade nicht verfügbar. Versuchen Sie es später erneut.',
    origin_not_allowed: 'Diese Website darf den Assistenten nicht verwenden.',
    generic: 'Etwas ist schiefgelaufen. Bitte erneut versuchen.',
  },
};
export default strings;
