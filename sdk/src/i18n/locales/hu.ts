import type { LocaleMeta, Strings } from '../strings.js';

/** Written by a language model for issue 24; not reviewed by a native speaker. */
export const meta: LocaleMeta = { translation: 'machine' };

const strings: Strings = {
  title: 'Utazási asszisztens',
  open: 'Utazási asszisztens megnyitása',
  close: 'Bezárás',
  start: 'Hangos beszélgetés indítása',
  stop: 'Beszélgetés befejezése',
  mute: 'Mikrofon némítása',
  muted: 'Mikrofon némítva',
  replying: 'Válaszol…',
  send: 'Küldés',
  inputLabel: 'Írjon üzenetet',
  inputPlaceholder: 'Írjon üzenetet…',
  transcriptLabel: 'Beszélgetés',
  you: 'Ön',
  assistant: 'Asszisztens',
  person: 'Ügyfélszolgálat',
  interrupted: 'megszakítva',
  retry: 'Újra',
  empty: 'Nyomja meg a mikrofont, és mondja el, hová szeretne repülni.',
  emptyText: 'Írja meg, hová szeretne repülni.',
  states: {
    idle: 'Kész',
    connecting: 'Kapcsolódás…',
    listening: 'Figyel',
    thinking: 'Gondolkodik…',
    searching: 'Járatokat keres…',
    speaking: 'Beszél',
    interrupted: 'Megszakítva',
    reconnecting: 'Újracsatlakozás…',
    error: 'Hiba történt',
  },
  toolRunning: 'Járatkeresés',
  toolDone: 'Keresés kész',
  toolFailed: 'A keresés nem sikerült',
  toolQuestion: 'Előbb egy kérdés',
  flights: 'Repülőjárat-ajánlatok',
  flightCount: { one: '{n} járat', other: '{n} járat' },
  nonstop: 'Közvetlen',
  stops: { one: '{n} átszállás', other: '{n} átszállás' },
  select: 'Kiválasztás',
  selected: 'Kiválasztva',
  departs: 'Indulás',
  arrives: 'Érkezés',
  handoff: 'Beszéljen egy munkatárssal',
  sources: 'Források',
  textOnly:
    'Az ezen a nyelven ({language}) adott válaszok csak szövegesek: ehhez a nyelvhez még nincs hang.',
  errors: {
    connect_failed:
      'Nem sikerült elérni az asszisztenst. Ellenőrizze a kapcsolatot, és próbálja újra.',
    mic_denied: 'A mikrofon le van tiltva. Engedélyezze a böngészőben, vagy írjon.',
    connection_lost: 'Megszakadt a kapcsolat az asszisztenssel.',
    session_limit: 'Az asszisztens most foglalt. Próbálja újra egy perc múlva.',
    provider_unavailable: 'Az asszisztens most nem érhető el. Próbálja újra később.',
    origin_not_allowed: 'Ez a webhely nem használhatja az asszisztenst.',
    generic: 'Hiba történt. Próbálja újra.',
  },
};
export default strings;
