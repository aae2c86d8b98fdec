// Only the protocol's constants: nothing of the widget (Lit, the element) may end up in this page.
import { MAX_USER_TEXT_CHARS, PROTOCOL_VERSION } from '@polyglot/assistant/protocol.js';

document.body.dataset.protocol = `${PROTOCOL_VERSION}/${MAX_USER_TEXT_CHARS}`;
