/**
 * The sources under an answer drawn from the partner's documents: one list per turn, each source
 * a link that opens in a new tab (`rel="noopener"`), or plain text when it has no http(s) URL.
 * Titles keep their own direction (`dir="auto"`), so an English policy title reads right in an
 * Arabic conversation; the list follows the panel's direction with logical CSS properties.
 */
import { html, type TemplateResult } from 'lit';
import type { KnowledgeCitation } from '../../protocol/messages.js';

export interface CitationsEntry {
  /** One entry per turn: `turn` as the widget numbers it. */
  id: string;
  citations: KnowledgeCitation[];
}

/** The URL when it is http(s), else undefined: nothing else is ever rendered as a link. */
export function citationHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

export function citationLabel(c: KnowledgeCitation): string {
  return c.section ? `${c.title} › ${c.section}` : c.title;
}

export function renderCitations(entry: CitationsEntry, label: string): TemplateResult {
  return html`<li part="citations">
    <span part="citations-label">${label}</span>
    <ul>
      ${entry.citations.map((c) => {
        const href = citationHref(c.url);
        const text = citationLabel(c);
        return html`<li dir="auto">
          ${href
            ? html`<a part="citation" href=${href} target="_blank" rel="noopener">${text}</a>`
            : html`<span part="citation">${text}</span>`}
        </li>`;
      })}
    </ul>
  </li>`;
}
