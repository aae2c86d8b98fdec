// A React app: registers the element itself (docs/embedding.md: `import { PolyglotAssistant }`),
// then renders it as a custom element with its attributes.
import { PolyglotAssistant, VERSION } from '@polyglot/assistant';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

if (!customElements.get('polyglot-assistant')) {
  customElements.define('polyglot-assistant', PolyglotAssistant);
}

function App({ endpoint }: { endpoint: string }) {
  return (
    <main>
      <h1>React site, widget {VERSION}</h1>
      <polyglot-assistant endpoint={endpoint} mode="text"></polyglot-assistant>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App endpoint={new URLSearchParams(location.search).get('endpoint') ?? ''} />
  </StrictMode>,
);
