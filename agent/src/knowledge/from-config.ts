/** The process's knowledge library, as the configuration describes it. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { OpenAIEmbedder } from './embeddings.js';
import { KnowledgeLibrary } from './library.js';

export function knowledgeLibraryFromConfig(config: Config, logger?: Logger): KnowledgeLibrary {
  const { apiKey, baseURL, embeddingModel } = config.openai;
  return new KnowledgeLibrary({
    partners: () => config.partners.all,
    embedder: apiKey ? new OpenAIEmbedder({ apiKey, baseURL, model: embeddingModel }) : undefined,
    embedderMissing: 'OPENAI_API_KEY is not set: keyword search only',
    logger,
  });
}
