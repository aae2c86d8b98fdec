/** Routes in words, the same in `polyglot languages` and docs/languages.md. */
import type { SttRoute, TtsRoute } from './capabilities.js';

export function describeStt(r: SttRoute): string {
  if (r.provider === 'deepgram')
    return r.language === 'multi'
      ? `Deepgram ${r.model} multi (detects)`
      : `Deepgram ${r.model} ${r.language}`;
  return `OpenAI ${r.model} (${r.language}${r.quality === 'limited' ? ', limited' : ''})`;
}

export function describeTts(r: TtsRoute): string {
  switch (r.provider) {
    case 'cartesia':
      return `Cartesia ${r.model} (${r.language})`;
    case 'openai':
      return `OpenAI ${r.model} ${r.voice}`;
    case 'espeak':
      return `espeak-ng (${r.language}, development)`;
  }
}

/** "A → B", or what the caller gets when there is no route. */
export function describeChain<T>(routes: T[], describe: (r: T) => string, none: string): string {
  return routes.length ? routes.map(describe).join(' → ') : none;
}
