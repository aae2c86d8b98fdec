import type { LocaleMeta, Strings } from '../strings.js';

/** Written by a language model for issue 24; not reviewed by a native speaker. */
export const meta: LocaleMeta = { translation: 'machine' };

const strings: Strings = {
  title: 'Reiseassistent',
  open: 'Åpne reiseassistenten',
  close: 'Lukk',
  start: 'Start samtale med stemme',
  stop: 'Avslutt samtalen',
  mute: 'Slå av mikrofonen',
  muted: 'Mikrofonen er slått av',
  replying: 'Svarer…',
  send: 'Send',
  inputLabel: 'Skriv en melding',
  inputPlaceholder: 'Skriv en melding…',
  transcriptLabel: 'Samtale',
  you: 'Du',
  assistant: 'Assistent',
  person: 'Kundestøtte',
  interrupted: 'avbrutt',
  retry: 'Prøv igjen',
  empty: 'Trykk på mikrofonen og si hvor du vil fly.',
  emptyText: 'Skriv hvor du vil fly.',
  states: {
    idle: 'Klar',
    connecting: 'Kobler til…',
    listening: 'Lytter',
    thinking: 'Tenker…',
    searching: 'Søker etter fly…',
    speaking: 'Snakker',
    interrupted: 'Avbrutt',
    reconnecting: 'Kobler til igjen…',
    error: 'Noe gikk galt',
  },
  toolRunning: 'Søker etter fly',
  toolDone: 'Søket er ferdig',
  toolFailed: 'Søket mislyktes',
  toolQuestion: 'Først et spørsmål',
  flights: 'Flytilbud',
  flightCount: { one: '{n} flyvning', other: '{n} flyvninger' },
  nonstop: 'Direkte',
  stops: { one: '{n} mellomlanding', other: '{n} mellomlandinger' },
  select: 'Velg',
  selected: 'Valgt',
  departs: 'Avgang',
  arrives: 'Ankomst',
  handoff: 'Snakk med en person',
  sources: 'Kilder',
  textOnly:
    'Svar på {language} vises bare som tekst: det finnes ingen stemme for dette språket ennå.',
  errors: {
    connect_failed: 'Fikk ikke kontakt med assistenten. Sjekk tilkoblingen og prøv igjen.',
    mic_denied:
      'Tilgang til mikrofonen er blokkert. Tillat den i nettleseren, eller skriv i stedet.',
    connection_lost: 'Forbindelsen til assistenten ble brutt.',
    session_limit: 'Assistenten er opptatt akkurat nå. Prøv igjen om et minutt.',
    provider_unavailable: 'Assistenten er ikke tilgjengelig akkurat nå. Prøv igjen senere.',
    origin_not_allowed: 'Dette nettstedet har ikke lov til å bruke assistenten.',
    generic: 'Noe gikk galt. Prøv igjen.',
  },
};
export default strings;
