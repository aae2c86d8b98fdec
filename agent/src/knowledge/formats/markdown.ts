/**
 * Markdown, with optional YAML front matter (`title`, `url`): cut at its headings, each block
 * (paragraph, list, table, quote, code) a paragraph. The lexer is `marked`'s, so code fences,
 * setext headings and lists are read as CommonMark reads them, not by line patterns.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';
import { httpUrl, squash, type ParsedDocument, type ParsedSection } from '../types.js';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

export function parseMarkdown(text: string): ParsedDocument {
  let body = text;
  let meta: Record<string, unknown> = {};
  const fm = FRONT_MATTER.exec(text);
  if (fm) {
    body = text.slice(fm[0].length);
    try {
      const parsed: unknown = parseYaml(fm[1]!, { maxAliasCount: 10 });
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        meta = parsed as Record<string, unknown>;
    } catch {
      // Not YAML after all: read the block as text rather than lose the document.
      body = text;
    }
  }
  const tokens = new Lexer({ gfm: true }).lex(body);
  const sections: ParsedSection[] = [];
  const path: { depth: number; text: string }[] = [];
  let current: ParsedSection = { heading: '', paragraphs: [] };
  let firstH1: string | undefined;
  for (const token of tokens) {
    if (token.type === 'heading') {
      const h = token as Tokens.Heading;
      const title = squash(inline(h.tokens));
      if (h.depth === 1 && firstH1 === undefined) firstH1 = title;
      if (current.paragraphs.length) sections.push(current);
      while (path.length && path.at(-1)!.depth >= h.depth) path.pop();
      path.push({ depth: h.depth, text: title });
      // The document's own title heading is not a section of it.
      const heading = path.filter((p) => !(p.depth === 1 && p.text === firstH1)).map((p) => p.text);
      current = { heading: heading.join(' › '), paragraphs: [] };
      continue;
    }
    const text = block(token).trim();
    if (text) current.paragraphs.push(text);
  }
  if (current.paragraphs.length) sections.push(current);
  const title = typeof meta.title === 'string' ? squash(meta.title) : firstH1;
  return { title, url: httpUrl(meta.url ?? meta.source_url ?? meta.source), sections };
}

function block(token: Token): string {
  switch (token.type) {
    case 'paragraph':
    case 'text':
      return squash(inline((token as Tokens.Paragraph).tokens ?? [], (token as Tokens.Text).text));
    case 'list':
      return (token as Tokens.List).items
        .map((item) => `- ${squash(item.tokens.map(block).join(' '))}`)
        .join('\n');
    case 'blockquote':
      return (token as Tokens.Blockquote).tokens.map(block).join('\n');
    case 'table': {
      const t = token as Tokens.Table;
      const row = (cells: Tokens.TableCell[]) =>
        cells.map((c) => squash(inline(c.tokens))).join(' | ');
      return [row(t.header), ...t.rows.map(row)].join('\n');
    }
    case 'code':
      return (token as Tokens.Code).text;
    case 'html':
      // Raw HTML in Markdown: its text only, tags dropped (never rendered anywhere).
      return squash((token as Tokens.HTML).text.replace(/<[^>]*>/g, ' '));
    default:
      return '';
  }
}

function inline(tokens: Token[] | undefined, fallback = ''): string {
  if (!tokens) return fallback;
  return tokens
    .map((t) => {
      if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length) return inline(t.tokens);
      if (t.type === 'br') return ' ';
      if (t.type === 'html') return '';
      return 'text' in t && typeof t.text === 'string' ? t.text : '';
    })
    .join('');
}
