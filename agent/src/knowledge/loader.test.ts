/**
 * Reading partners' documents: each format gives passages that keep their title, section and
 * URL; every kind of bad file is reported with its reason and skipped, and the rest still loads.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, truncate, writeFile, mkdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makePdf } from '../../../test/fakes/pdf.js';
import { DEMO_POLICIES_DIR } from '../partners.js';
import { DEFAULT_LIMITS, loadSources } from './loader.js';

let dir: string;
before(async () => (dir = await mkdtemp(join(tmpdir(), 'kb-loader-'))));
after(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, data: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, data);
  return path;
}

describe('knowledge formats', () => {
  it('Markdown: front matter title and URL, sections by heading path, lists and tables kept', async () => {
    const path = await file(
      'md/bags.md',
      [
        '---',
        'title: Baggage rules',
        'url: https://acme.example/help/bags',
        '---',
        '# Baggage rules',
        '',
        'Intro paragraph.',
        '',
        '## Checked bags',
        '',
        'One bag of **23 kg** is included. See [fees](https://acme.example/fees).',
        '',
        '### Overweight',
        '',
        '- 23 to 32 kg: 50 EUR',
        '- over 32 kg: not accepted',
        '',
        '```',
        '# not a heading inside a code fence',
        '```',
        '',
        '| fare | bags |',
        '| --- | --- |',
        '| Basic | 0 |',
      ].join('\n'),
    );
    const r = await loadSources([path]);
    assert.deepEqual(r.skipped, []);
    const bySection = Object.fromEntries(r.chunks.map((c) => [c.section, c]));
    assert.equal(bySection['']?.text, 'Intro paragraph.');
    assert.equal(bySection['Checked bags']?.text, 'One bag of 23 kg is included. See fees.');
    const over = bySection['Checked bags › Overweight']!;
    assert.match(over.text, /- 23 to 32 kg: 50 EUR\n- over 32 kg: not accepted/);
    assert.match(over.text, /# not a heading inside a code fence/);
    assert.match(over.text, /fare \| bags\nBasic \| 0/);
    for (const c of r.chunks) {
      assert.equal(c.title, 'Baggage rules');
      assert.equal(c.url, 'https://acme.example/help/bags');
      assert.equal(c.source, 'bags.md');
    }
  });

  it('HTML: title and canonical URL from the head, scripts, navigation and hidden text dropped', async () => {
    const path = await file(
      'html/pets.html',
      `<!doctype html><html><head><title>Pets on board</title>
       <link rel="canonical" href="https://acme.example/pets"><script>var secret = 1;</script></head>
       <body><nav>Home | Flights | Deals</nav>
       <h1>Pets on board</h1><p>Small pets travel in the cabin.
       <h2>Cabin</h2><p>Pet and carrier up to <b>8 kg</b>.<p hidden>internal note</p>
       <ul><li>one pet per passenger<li>soft carrier</ul>
       <h2>Hold</h2><table><tr><td>Crate</td><td>120 EUR</td></tr></table>
       <style>p { color: red }</style><footer>© Acme</footer></body></html>`,
    );
    const r = await loadSources([path]);
    assert.deepEqual(r.skipped, []);
    const all = r.chunks.map((c) => `${c.section}: ${c.text}`).join('\n');
    assert.match(all, /^: Small pets travel in the cabin\./m);
    assert.match(
      all,
      /Cabin: Pet and carrier up to 8 kg\.\n- one pet per passenger\n- soft carrier/,
    );
    assert.match(all, /Hold: \| Crate \| 120 EUR/);
    assert.doesNotMatch(all, /secret|Home \| Flights|internal note|color: red|© Acme/);
    assert.equal(r.chunks[0]!.title, 'Pets on board');
    assert.equal(r.chunks[0]!.url, 'https://acme.example/pets');
  });

  it('PDF: text by page, title from its metadata', async () => {
    const path = await file(
      'pdf/refunds.pdf',
      makePdf(['Refund policy.', 'Flex fares are refundable minus a 50 EUR fee.'], {
        title: 'Refunds',
      }),
    );
    const r = await loadSources([path]);
    assert.deepEqual(r.skipped, []);
    assert.equal(r.files[0]!.format, 'pdf');
    assert.equal(r.chunks[0]!.title, 'Refunds');
    assert.equal(r.chunks[0]!.section, 'Page 1');
    assert.match(r.chunks[0]!.text, /Flex fares are refundable minus a 50 EUR fee\./);
  });

  it('FAQ JSON: one passage per entry, question as its section, entry URL over the file URL', async () => {
    const path = await file(
      'faq/faq.json',
      JSON.stringify({
        title: 'Help centre',
        url: 'https://acme.example/faq',
        faqs: [
          { question: 'Can I bring a stroller?', answer: 'Yes, free of charge.' },
          {
            question: 'How do I get a refund?',
            answer: 'In Manage booking.',
            url: 'https://acme.example/faq#refund',
          },
          { question: 'Bad link?', answer: 'Ignored.', url: 'javascript:alert(1)' },
        ],
      }),
    );
    const r = await loadSources([path]);
    assert.equal(r.chunks.length, 3);
    assert.equal(r.chunks[0]!.section, 'Can I bring a stroller?');
    assert.equal(r.chunks[0]!.text, 'Q: Can I bring a stroller?\nA: Yes, free of charge.');
    assert.equal(r.chunks[0]!.url, 'https://acme.example/faq');
    assert.equal(r.chunks[1]!.url, 'https://acme.example/faq#refund');
    // Only http(s) URLs survive: a javascript: link falls back to the file's.
    assert.equal(r.chunks[2]!.url, 'https://acme.example/faq');
  });

  it('plain text: paragraphs at blank lines, the title from the file name', async () => {
    const path = await file('txt/special-assistance.txt', 'First rule.\n\nSecond rule\nwrapped.\n');
    const r = await loadSources([path]);
    assert.deepEqual(
      r.chunks.map((c) => c.text),
      ['First rule.\nSecond rule wrapped.'],
    );
    assert.equal(r.chunks[0]!.title, 'Special assistance');
  });

  it('cuts long sections into passages of at most 1,200 characters, between sentences', async () => {
    const sentence = 'Each passenger may check one bag of up to 23 kilograms on every flight. ';
    const path = await file('long/long.md', `# Long\n\n## Rules\n\n${sentence.repeat(60)}`);
    const r = await loadSources([path]);
    assert.ok(r.chunks.length >= 3, `${r.chunks.length} passages`);
    for (const c of r.chunks) {
      assert.ok(c.text.length <= 1_200, `${c.text.length} chars`);
      assert.match(c.text, /^Each passenger.*flight\.$/s);
      assert.equal(c.section, 'Rules');
    }
  });

  it('loads the demo policies: baggage, changes and refunds, pets, special assistance', async () => {
    const r = await loadSources([DEMO_POLICIES_DIR]);
    assert.deepEqual(r.skipped, []);
    assert.deepEqual([...new Set(r.chunks.map((c) => c.title))].sort(), [
      'Baggage policy',
      'Changes and refunds',
      'Special assistance',
      'Travelling with pets',
    ]);
    for (const c of r.chunks) assert.match(c.url ?? '', /^https:\/\/demo\.polyglot\.example\//);
  });
});

describe('knowledge files that cannot be used are reported and skipped', () => {
  it('huge, binary, empty, badly encoded, broken or unknown files: each with its reason; good ones load', async () => {
    const folder = join(dir, 'bad');
    await file('bad/good.md', '# Good\n\nA good passage about pets.');
    const huge = await file('bad/huge.txt', '');
    await truncate(huge, DEFAULT_LIMITS.maxFileBytes + 1); // sparse: 10 MB + 1 byte
    await file(
      'bad/image.md',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    );
    await file('bad/empty.md', '');
    await file('bad/blank.txt', ' \n\t\n ');
    await file('bad/latin1.txt', Buffer.from('Equipaje m\xe1ximo: 23 kg', 'latin1'));
    await file('bad/broken.pdf', '%PDF-1.4\nthis is not a PDF body');
    await file('bad/fake.pdf', 'plain text named .pdf');
    await file('bad/faq.json', '{"faqs": [{"question": "Q?"}]}');
    await file('bad/notjson.json', '{"faqs": [');
    await file('bad/slides.pptx', 'PK\x03\x04');
    await file(
      'bad/utf16.txt',
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('Pets: 8 kg in the cabin.', 'utf16le'),
      ]),
    );
    await symlink('/nonexistent/target', join(folder, 'dangling.md'));
    const r = await loadSources([folder, join(dir, 'missing-folder')]);
    const reason = (name: string) =>
      r.skipped.find((s) => s.path.endsWith(name))?.reason ?? '(loaded)';
    assert.match(reason('huge.txt'), /too large: 10\.0 MB \(limit 10\.0 MB a file\)/);
    assert.match(reason('image.md'), /binary content/);
    assert.match(reason('empty.md'), /empty file/);
    assert.match(reason('blank.txt'), /empty file \(only white space\)/);
    assert.match(reason('latin1.txt'), /not valid UTF-8 \(byte 11\): save it as UTF-8/);
    assert.match(reason('broken.pdf'), /not a readable PDF/);
    assert.match(reason('fake.pdf'), /not a PDF \(no %PDF- header\)/);
    assert.match(reason('faq.json'), /not an FAQ file: faqs\.0\.answer: Required/);
    assert.match(reason('notjson.json'), /not valid JSON/);
    assert.match(reason('slides.pptx'), /unsupported type "\.pptx"/);
    assert.match(reason('dangling.md'), /not followed/);
    assert.match(reason('missing-folder'), /cannot read \(ENOENT\)/);
    // What could be read, was: the good file and the UTF-16 one (its byte order mark says so).
    assert.deepEqual(
      r.files.map((f) => f.path.split('/').pop()),
      ['good.md', 'utf16.txt'],
    );
    assert.equal(
      r.chunks.find((c) => c.source.endsWith('utf16.txt'))?.text,
      'Pets: 8 kg in the cabin.',
    );
  });

  it('stops at the total size limit for a partner, and says which files it left out', async () => {
    await file('total/a.txt', 'a'.repeat(600));
    await file('total/b.txt', 'b'.repeat(600));
    const r = await loadSources([join(dir, 'total')], { ...DEFAULT_LIMITS, maxTotalBytes: 1_000 });
    assert.deepEqual(
      r.files.map((f) => f.path.split('/').pop()),
      ['a.txt'],
    );
    assert.match(r.skipped[0]!.reason, /over the total limit/);
  });
});
