/**
 * Reads a partner's knowledge sources (files, or folders walked recursively) into passages. A file
 * that cannot be used — too large, binary, empty, not UTF-8, an unknown type, a broken PDF or FAQ
 * — is skipped with its reason, never thrown: one bad file must not cost the rest, nor the server.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { chunkDocument } from './chunk.js';
import { parseFaq } from './formats/faq.js';
import { parseHtml } from './formats/html.js';
import { parseMarkdown } from './formats/markdown.js';
import { parsePdf } from './formats/pdf.js';
import { parseText } from './formats/text.js';
import {
  KnowledgeFileError,
  type Chunk,
  type KnowledgeFormat,
  type LoadedFile,
  type ParsedDocument,
  type SkippedFile,
} from './types.js';

export interface KnowledgeLimits {
  /** Largest file read (a policy page is kilobytes; a 10 MB file is a mistake or a dump). */
  maxFileBytes: number;
  /** All of one partner's files together. */
  maxTotalBytes: number;
  maxFiles: number;
  maxChunks: number;
  /** How deep folders are walked. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: KnowledgeLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
  maxFiles: 2_000,
  maxChunks: 50_000,
  maxDepth: 8,
};

const FORMATS: Record<string, KnowledgeFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
  '.text': 'text',
  '.pdf': 'pdf',
  '.json': 'faq',
};
export const SUPPORTED_EXTENSIONS = Object.keys(FORMATS);

export interface LoadResult {
  chunks: Chunk[];
  files: LoadedFile[];
  skipped: SkippedFile[];
}

/** Reads every source; the report lists what loaded and each file skipped, with why. */
export async function loadSources(
  sources: readonly string[],
  limits: KnowledgeLimits = DEFAULT_LIMITS,
): Promise<LoadResult> {
  const result: LoadResult = { chunks: [], files: [], skipped: [] };
  let total = 0;
  for (const source of sources) {
    for (const file of await listFiles(source, limits, result.skipped)) {
      const { path, name } = file;
      if (result.files.length >= limits.maxFiles) {
        result.skipped.push({ path, reason: `more than ${limits.maxFiles} files: not read` });
        continue;
      }
      const format = FORMATS[extname(path).toLowerCase()];
      if (!format) {
        result.skipped.push({
          path,
          reason: `unsupported type "${extname(path) || '(none)'}": use ${SUPPORTED_EXTENSIONS.join(' ')}`,
        });
        continue;
      }
      let size: number;
      try {
        size = (await stat(path)).size;
      } catch (err) {
        result.skipped.push({
          path,
          reason: `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        });
        continue;
      }
      if (size > limits.maxFileBytes) {
        result.skipped.push({
          path,
          reason: `too large: ${mb(size)} (limit ${mb(limits.maxFileBytes)} a file)`,
        });
        continue;
      }
      if (total + size > limits.maxTotalBytes) {
        result.skipped.push({
          path,
          reason: `over the total limit of ${mb(limits.maxTotalBytes)} for this partner`,
        });
        continue;
      }
      try {
        const data = await readFile(path);
        total += data.length;
        const doc = await parse(format, data);
        const title = doc.title || titleFromName(path);
        const chunks = chunkDocument(doc, { title, source: name }, result.chunks.length);
        if (chunks.length === 0) {
          result.skipped.push({
            path,
            reason:
              format === 'pdf' ? 'no text (a scanned PDF has none: add a text version)' : 'no text',
          });
          continue;
        }
        if (result.chunks.length + chunks.length > limits.maxChunks) {
          result.skipped.push({
            path,
            reason: `over the limit of ${limits.maxChunks} passages for this partner`,
          });
          continue;
        }
        result.chunks.push(...chunks);
        result.files.push({ path, format, bytes: data.length, chunks: chunks.length });
      } catch (err) {
        result.skipped.push({
          path,
          reason:
            err instanceof KnowledgeFileError
              ? err.message
              : `cannot read (${(err as Error).message})`,
        });
      }
    }
  }
  return result;
}

async function parse(format: KnowledgeFormat, data: Buffer): Promise<ParsedDocument> {
  if (data.length === 0) throw new KnowledgeFileError('empty file');
  if (format === 'pdf') {
    if (!data.subarray(0, 1024).includes('%PDF-'))
      throw new KnowledgeFileError('not a PDF (no %PDF- header)');
    return parsePdf(data);
  }
  const text = decode(data);
  if (!text.trim()) throw new KnowledgeFileError('empty file (only white space)');
  switch (format) {
    case 'markdown':
      return parseMarkdown(text);
    case 'html':
      return parseHtml(text);
    case 'faq':
      return parseFaq(text);
    case 'text':
      return parseText(text);
  }
}

/**
 * Text files must be UTF-8 (a UTF-8 or UTF-16 byte order mark is honoured). Anything else is
 * refused rather than guessed: a Latin-1 file read as UTF-8 would index "equipaje m�ximo".
 */
export function decode(data: Buffer): string {
  if (data[0] === 0xff && data[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff)
    return new TextDecoder('utf-16be').decode(data.subarray(2));
  const sample = data.subarray(0, 8192);
  if (sample.includes(0)) throw new KnowledgeFileError('binary content (NUL bytes), not text');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    const at = firstInvalidUtf8(data);
    throw new KnowledgeFileError(`not valid UTF-8 (byte ${at}): save it as UTF-8`);
  }
}

function firstInvalidUtf8(data: Buffer): number {
  // Binary search for the longest valid prefix: decoding is the only check that agrees with
  // TextDecoder on every edge case.
  const ok = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = data.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

async function listFiles(
  source: string,
  limits: KnowledgeLimits,
  skipped: SkippedFile[],
): Promise<{ path: string; name: string }[]> {
  let info;
  try {
    info = await stat(source);
  } catch (err) {
    skipped.push({
      path: source,
      reason: `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    });
    return [];
  }
  if (!info.isDirectory()) return [{ path: source, name: basename(source) }];
  const out: { path: string; name: string }[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > limits.maxDepth) {
      skipped.push({ path: dir, reason: `deeper than ${limits.maxDepth} folders: not read` });
      return;
    }
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      skipped.push({
        path: dir,
        reason: `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue; // .git, .DS_Store, editors' swap files
      const path = join(dir, e.name);
      // Symbolic links to folders could loop: only linked files are followed.
      if (e.isSymbolicLink()) {
        const target = await stat(path).catch(() => undefined);
        if (!target?.isFile()) {
          skipped.push({ path, reason: 'a link to a folder or to nothing: not followed' });
          continue;
        }
      } else if (e.isDirectory()) {
        await walk(path, depth + 1);
        continue;
      } else if (!e.isFile()) continue;
      out.push({ path, name: join(basename(source), relative(source, path)) });
    }
  };
  await walk(source, 0);
  return out;
}

function titleFromName(path: string): string {
  const stem = basename(path, extname(path)).replace(/[-_]+/g, ' ').trim();
  return stem ? stem[0]!.toUpperCase() + stem.slice(1) : basename(path);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
