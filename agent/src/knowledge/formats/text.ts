/** Plain text: paragraphs are separated by blank lines; the document has no sections. */
import { squash, type ParsedDocument } from '../types.js';

export function parseText(text: string): ParsedDocument {
  const paragraphs = text
    .split(/\r?\n[ \t]*\r?\n/)
    .map(squash)
    .filter(Boolean);
  return { sections: paragraphs.length ? [{ heading: '', paragraphs }] : [] };
}
