/**
 * FAQ JSON: `{"title"?, "url"?, "faqs": [{"question", "answer", "url"?, "section"?}]}` or a bare
 * array of entries. Each entry is one passage, its question as its section.
 */
import { z } from 'zod';
import { httpUrl, KnowledgeFileError, squash, type ParsedDocument } from '../types.js';

const Entry = z.object({
  question: z.string().min(1).max(2_000),
  answer: z.string().min(1).max(20_000),
  url: z.string().optional(),
  section: z.string().max(200).optional(),
});
const Entries = z.array(Entry).max(10_000);
const FaqFile = z.object({
  title: z.string().max(300).optional(),
  url: z.string().optional(),
  faqs: Entries,
});

export function parseFaq(text: string): ParsedDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new KnowledgeFileError(`not valid JSON (${(err as Error).message})`);
  }
  // Parsed by shape, so the error names the field (a union would only say "invalid input").
  const parsed = Array.isArray(raw)
    ? Entries.transform((faqs) => ({ faqs, title: undefined, url: undefined })).safeParse(raw)
    : FaqFile.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new KnowledgeFileError(
      `not an FAQ file: ${i.path.join('.') || '(root)'}: ${i.message} (expected {"faqs": [{"question", "answer", "url"?}]})`,
    );
  }
  const doc = parsed.data;
  return {
    title: doc.title ? squash(doc.title) : undefined,
    url: httpUrl(doc.url),
    sections: doc.faqs.map((e) => ({
      heading: squash(e.section ? `${e.section} › ${e.question}` : e.question),
      url: httpUrl(e.url),
      // The question stays in the passage: it is what a traveller's words are most like.
      paragraphs: [`Q: ${squash(e.question)}\nA: ${e.answer.trim()}`],
    })),
  };
}
