/**
 * PDF, through unpdf (a serverless build of Mozilla's PDF.js: pure JavaScript, no native canvas,
 * no install scripts). Each page's text is a section ("Page 3"), its paragraphs split at blank
 * lines, else at lines that end a sentence. Scanned PDFs (images only) have no text: reported.
 */
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { KnowledgeFileError, squash, type ParsedDocument, type ParsedSection } from '../types.js';

/** Beyond this many pages a PDF is cut (a manual, not a policy); said in `kb check`. */
export const MAX_PDF_PAGES = 500;

export async function parsePdf(data: Uint8Array): Promise<ParsedDocument & { pages: number }> {
  let pdf;
  try {
    // pdf.js takes the buffer over: give it a copy. verbosity 0: its warnings are not ours to log.
    pdf = await getDocumentProxy(new Uint8Array(data), {
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
    });
  } catch (err) {
    throw new KnowledgeFileError(`not a readable PDF (${(err as Error).message})`);
  }
  try {
    let title: string | undefined;
    try {
      const meta = await getMeta(pdf);
      const t = (meta.info as { Title?: unknown } | undefined)?.Title;
      if (typeof t === 'string' && squash(t)) title = squash(t);
    } catch {
      // No usable metadata: the file name serves.
    }
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    const sections: ParsedSection[] = [];
    text.slice(0, MAX_PDF_PAGES).forEach((page, i) => {
      const paragraphs = splitPage(page);
      if (paragraphs.length) sections.push({ heading: `Page ${i + 1}`, paragraphs });
    });
    return { title, sections, pages: totalPages };
  } finally {
    await pdf.destroy().catch(() => {});
  }
}

function splitPage(page: string): string[] {
  const blocks = page.split(/\n[ \t]*\n/);
  const out: string[] = [];
  for (const b of blocks) {
    // Lines that end a sentence close a paragraph; others are wrapped lines of one.
    let para = '';
    for (const line of b.split('\n')) {
      para += ` ${line}`;
      if (/[.!?:]\s*$/.test(line)) {
        if (squash(para)) out.push(squash(para));
        para = '';
      }
    }
    if (squash(para)) out.push(squash(para));
  }
  return out;
}
