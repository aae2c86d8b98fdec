/**
 * HTML, parsed by parse5 (the WHATWG parsing algorithm browsers use, so broken markup is read as
 * a browser would read it): the text of the page's main content, cut at its headings, each block
 * element a paragraph. Scripts, styles, navigation, forms and hidden elements are dropped.
 * Title: `<title>`, else the first `<h1>`; URL: `<link rel="canonical">`, else `og:url`.
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { httpUrl, squash, type ParsedDocument, type ParsedSection } from '../types.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'canvas',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'textarea',
  'head',
]);
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'li',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'tr',
  'table',
  'ul',
  'ol',
  'dl',
  'figure',
  'figcaption',
  'address',
  'details',
  'summary',
  'hr',
]);
const HEADING = /^h([1-6])$/;

const isElement = (n: Node): n is Element => 'tagName' in n;
const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;

export function parseHtml(text: string): ParsedDocument {
  const doc = parse(text);
  let title: string | undefined;
  let url: string | undefined;
  let firstH1: string | undefined;
  const sections: ParsedSection[] = [];
  const path: { depth: number; text: string }[] = [];
  let current: ParsedSection = { heading: '', paragraphs: [] };
  let buffer = '';

  const flush = () => {
    const p = squash(buffer);
    if (p) current.paragraphs.push(p);
    buffer = '';
  };

  // Metadata first: the head is skipped when reading text.
  const visitHead = (n: Node): void => {
    if (isElement(n)) {
      if (n.tagName === 'title' && title === undefined) title = squash(textOf(n)) || undefined;
      if (n.tagName === 'link' && /\bcanonical\b/i.test(attr(n, 'rel') ?? ''))
        url ??= httpUrl(attr(n, 'href'));
      if (n.tagName === 'meta' && attr(n, 'property') === 'og:url')
        url ??= httpUrl(attr(n, 'content'));
    }
    if ('childNodes' in n) for (const c of n.childNodes) visitHead(c);
  };
  visitHead(doc);

  const visit = (n: Node): void => {
    if (n.nodeName === '#text') {
      buffer += (n as DefaultTreeAdapterMap['textNode']).value;
      return;
    }
    if (!isElement(n)) {
      if ('childNodes' in n) for (const c of n.childNodes) visit(c);
      return;
    }
    if (SKIP.has(n.tagName) || n.attrs.some((a) => a.name === 'hidden')) return;
    if (attr(n, 'aria-hidden') === 'true') return;
    const h = HEADING.exec(n.tagName);
    if (h) {
      flush();
      const depth = Number(h[1]);
      const heading = squash(textOf(n));
      if (!heading) return;
      if (depth === 1 && firstH1 === undefined) firstH1 = heading;
      if (current.paragraphs.length) sections.push(current);
      while (path.length && path.at(-1)!.depth >= depth) path.pop();
      path.push({ depth, text: heading });
      current = {
        heading: path
          .filter((p) => !(p.depth === 1 && p.text === firstH1))
          .map((p) => p.text)
          .join(' › '),
        paragraphs: [],
      };
      return;
    }
    const isBlock = BLOCK.has(n.tagName);
    if (isBlock) flush();
    if (n.tagName === 'br') buffer += ' ';
    if (n.tagName === 'li') buffer += '- ';
    if (n.tagName === 'td' || n.tagName === 'th') buffer += ' | ';
    for (const c of n.childNodes) visit(c);
    if (isBlock) flush();
  };
  visit(doc);
  flush();
  if (current.paragraphs.length) sections.push(current);
  return { title: title ?? firstH1, url, sections };
}

function textOf(n: Node): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterMap['textNode']).value;
  if (isElement(n) && (n.tagName === 'script' || n.tagName === 'style')) return '';
  return 'childNodes' in n ? n.childNodes.map(textOf).join('') : '';
}
