import type { LocaleMeta, Strings } from '../strings.js';

/** Written by a language model (issue 21 and before); not reviewed by a native speaker. */
export const meta: LocaleMeta = { translation: 'machine' };

const strings: Strings = {
  title: 'Ταξιδιωτικός βοηθός',
  open: 'Άνοιγμα του ταξιδιωτικού βοηθού',
  close: 'Κλείσιμο',
  start: 'Έναρξη φωνητικής συνομιλίας',
  stop: 'Τέλος συνομιλίας',
  mute: 'Σίγαση μικροφώνου',
  muted: 'Μικρόφωνο σε σίγαση',
  replying: 'Απαντά…',
  send: 'Αποστολή',
  inputLabel: 'Γράψτε ένα μήνυμα',
  inputPlaceholder: 'Γράψτε ένα μήνυμα…',
  transcriptLabel: 'Συνομιλία',
  you: 'Εσείς',
  assistant: 'Βοηθός',
  person: 'Υπάλληλος',
  interrupted: 'διακόπηκε',
  retry: 'Δοκιμάστε ξανά',
  empty: 'Πατήστε το μικρόφωνο και πείτε πού θέλετε να πετάξετε.',
  emptyText: 'Γράψτε πού θέλετε να πετάξετε.',
  states: {
    idle: 'Έτοιμο',
    connecting: 'Σύνδεση…',
    listening: 'Ακούει',
    thinking: 'Σκέφτεται…',
    searching: 'Αναζήτηση πτήσεων…',
    speaking: 'Μιλάει',
    interrupted: 'Διακόπηκε',
    reconnecting: 'Επανασύνδεση…',
    error: 'Κάτι πήγε στραβά',
  },
  toolRunning: 'Αναζήτηση πτήσεων',
  toolDone: 'Η αναζήτηση ολοκληρώθηκε',
  toolFailed: 'Η αναζήτηση απέτυχε',
  toolQuestion: 'Πρώτα μια ερώτηση',
  flights: 'Προσφορές πτήσεων',
  flightCount: { one: '{n} πτήση', other: '{n} πτήσεις' },
  nonstop: 'Απευθείας',
  stops: { one: '{n} στάση', other: '{n} στάσεις' },
  select: 'Επιλογή',
  selected: 'Επιλέχθηκε',
  departs: 'Αναχώρηση',
  arrives: 'Άφιξη',
  handoff: 'Μιλήστε με άνθρωπο',
  sources: 'Πηγές',
  textOnly:
    'Οι απαντήσεις στα {language} είναι μόνο γραπτές: δεν υπάρχει ακόμη φωνή για αυτή τη γλώσσα.',
  errors: {
    connect_failed:
      'Δεν ήταν δυνατή η σύνδεση με τον βοηθό. Ελέγξτε τη σύνδεσή σας και δοκιμάστε ξανά.',
    mic_denied: 'Το μικρόφωνο είναι αποκλεισμένο. Επιτρέψτε το στον browser ή γράψτε.',
    connection_lost: 'Η σύνδεση με τον βοηθό χάθηκε.',
    session_limit: 'Ο βοηθός είναι απασχολημένος. Δοκιμάστε ξανά σε ένα λεπτό.',
    provider_unavailable: 'Ο βοηθός δεν είναι διαθέσιμος τώρα. Δοκιμάστε αργότερα.',
    origin_not_allowed: 'Αυτός ο ιστότοπος δεν επιτρέπεται να χρησιμοποιεί τον βοηθό.',
    generic: 'Κάτι πήγε στραβά. Δοκιμάστε ξανά.',
  },
};
export default strings;
