/**
 * Passages from sections: consecutive paragraphs of one section are joined up to about
 * {@link TARGET_CHARS}; a paragraph longer than {@link MAX_CHARS} is cut between sentences. A
 * passage never spans two sections, so its section heading always says what it is about.
 */
import type { Chunk, ParsedDocument } from './types.js';

/** About a spoken answer's worth of text: small enough to quote, large enough to hold a rule. */
export const TARGET_CHARS = 700;
export const MAX_CHARS = 1_200;

export function chunkDocument(
  doc: ParsedDocument,
  meta: { title: string; source: string },
  firstId: number,
): Chunk[] {
  const chunks: Chunk[] = [];
  for (const section of doc.sections) {
    const url = section.url ?? doc.url;
    let text = '';
    const push = () => {
      if (!text.trim()) return;
      chunks.push({
        id: firstId + chunks.length,
        text: text.trim(),
        title: meta.title,
        section: section.heading,
        ...(url && { url }),
        source: meta.source,
      });
      text = '';
    };
    for (const para of section.paragraphs.flatMap(splitLong)) {
      if (text && text.length + para.length + 1 > TARGET_CHARS) push();
      text = text ? `${text}\n${para}` : para;
    }
    push();
  }
  return chunks;
}

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

function splitLong(para: string): string[] {
  if (para.length <= MAX_CHARS) return [para];
  const out: string[] = [];
  let cur = '';
  for (const { segment } of sentences.segment(para)) {
    // A "sentence" longer than the cap (a table row, a list without stops) is cut hard.
    for (let s = segment; s.length; s = s.slice(MAX_CHARS)) {
      const piece = s.slice(0, MAX_CHARS);
      if (cur && cur.length + piece.length > TARGET_CHARS) {
        out.push(cur.trim());
        cur = '';
      }
      cur += piece;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
