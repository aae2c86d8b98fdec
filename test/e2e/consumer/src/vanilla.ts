// docs/embedding.md § npm: the side-effect import registers the tag.
import '@polyglot/assistant/polyglot-assistant.js';
import type { AssistantState } from '@polyglot/assistant';

const el = document.querySelector('polyglot-assistant')!;
// The endpoint comes from the page's query (the test's `serve`); typed as the package says.
el.endpoint = new URLSearchParams(location.search).get('endpoint') ?? '';
el.addEventListener('polyglot-state-change', (e) => {
  const state: AssistantState = e.detail.newState;
  document.body.dataset.state = state;
});
