import type { LocaleMeta, Strings } from '../strings.js';

/** Written by a language model for issue 24; not reviewed by a native speaker. */
export const meta: LocaleMeta = { translation: 'machine' };

const strings: Strings = {
  title: 'Assistent de viatges',
  open: 'Obre l’assistent de viatges',
  close: 'Tanca',
  start: 'Comença una conversa de veu',
  stop: 'Acaba la conversa',
  mute: 'Silencia el micròfon',
  muted: 'Micròfon silenciat',
  replying: 'Responent…',
  send: 'Envia',
  inputLabel: 'Escriu un missatge',
  inputPlaceholder: 'Escriu un missatge…',
  transcriptLabel: 'Conversa',
  you: 'Tu',
  assistant: 'Assistent',
  person: 'Agent d’atenció',
  interrupted: 'interromput',
  retry: 'Torna-ho a provar',
  empty: 'Prem el micròfon i digues on vols volar.',
  emptyText: 'Escriu on vols volar.',
  states: {
    idle: 'A punt',
    connecting: 'Connectant…',
    listening: 'Escoltant',
    thinking: 'Pensant…',
    searching: 'Cercant vols…',
    speaking: 'Parlant',
    interrupted: 'Interromput',
    reconnecting: 'Reconnectant…',
    error: 'Alguna cosa ha fallat',
  },
  toolRunning: 'Cerca de vols',
  toolDone: 'Cerca feta',
  toolFailed: 'La cerca ha fallat',
  toolQuestion: 'Primer, una pregunta',
  flights: 'Ofertes de vols',
  flightCount: { one: '{n} vol', many: '{n} de vols', other: '{n} vols' },
  nonstop: 'Directe',
  stops: { one: '{n} escala', many: '{n} d’escales', other: '{n} escales' },
  select: 'Tria',
  selected: 'Triat',
  departs: 'Sortida',
  arrives: 'Arribada',
  handoff: 'Parla amb una persona',
  sources: 'Fonts',
  textOnly:
    'Les respostes en {language} són només de text: encara no hi ha cap veu per a aquesta llengua.',
  errors: {
    connect_failed:
      'No s’ha pogut contactar amb l’assistent. Comprova la connexió i torna-ho a provar.',
    mic_denied: 'L’accés al micròfon està bloquejat. Permet-lo al navegador o escriu.',
    connection_lost: 'S’ha perdut la connexió amb l’assistent.',
    session_limit: 'L’assistent està ocupat ara mateix. Torna-ho a provar d’aquí a un minut.',
    provider_unavailable: 'L’assistent no està disponible ara mateix. Torna-ho a provar més tard.',
    origin_not_allowed: 'Aquest lloc web no té permís per utilitzar l’assistent.',
    generic: 'Alguna cosa ha fallat. Torna-ho a provar.',
  },
};
export default strings;
