/**
 * What the knowledge base is made of: documents cut into sections of paragraphs, then into
 * passages (chunks) that keep their document's title, section and source URL.
 */

/** A document as a format parser reads it: a title, a URL, and sections of paragraphs. */
export interface ParsedDocument {
  /** The document's own title (front matter, `<title>`, the first heading, PDF metadata). */
  title?: string | undefined;
  /** Where a traveller can read it (front matter `url`, canonical link, FAQ `url`). */
  url?: string | undefined;
  sections: ParsedSection[];
}

export interface ParsedSection {
  /** The heading path inside the document ("Checked baggage › Weight"); empty before any heading. */
  heading: string;
  /** A URL of the section's own (an FAQ entry's), else the document's. */
  url?: string | undefined;
  paragraphs: string[];
}

/** One passage of the index: what search returns, with where it comes from. */
export interface Chunk {
  /** Position in its index (0-based). */
  id: number;
  text: string;
  /** The document's title (the file name when it has none). */
  title: string;
  /** The section's heading path; empty when the document has no headings. */
  section: string;
  /** Only http(s) URLs are kept. */
  url?: string | undefined;
  /** The file it came from, relative to the source the configuration names. */
  source: string;
}

/** A passage as the tool and `polyglot kb search` return it. */
export interface Passage {
  text: string;
  title: string;
  section: string;
  url?: string | undefined;
  source: string;
  /** Rank fusion score (higher is better); comparable only within one result. */
  score: number;
  /**
   * Strong enough to show the caller as a source of the answer: its keyword score is at least
   * half the best one's (the first passage when only embeddings matched). The others go to the
   * model as context, not under the answer.
   */
  cited: boolean;
}

/** A file the loader read, or could not. */
export interface LoadedFile {
  path: string;
  format: KnowledgeFormat;
  bytes: number;
  chunks: number;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export type KnowledgeFormat = 'markdown' | 'html' | 'text' | 'pdf' | 'faq';

/** Keeps http(s) URLs only: anything else (javascript:, data:, relative) is dropped. */
export function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  try {
    const u = new URL(value.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Collapses runs of whitespace, as the text is read aloud or shown, not laid out. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A file the knowledge base cannot use; its message is the reason `kb check` prints. */
export class KnowledgeFileError extends Error {
  readonly code = 'knowledge_file_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'KnowledgeFileError';
  }
}
