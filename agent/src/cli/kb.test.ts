/** `polyglot kb` from a shell: what loaded and what did not, and the passages the tool returns. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from './kb.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('polyglot kb', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kb-cli-'));
    await writeFile(
      join(dir, 'pets.md'),
      '---\nurl: https://acme.example/pets\n---\n# Pets\n\n## Cabin\n\nCats up to 8 kg.',
    );
    await writeFile(join(dir, 'empty.txt'), '');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('kb check lists the demo policies it loaded (exit 0)', async () => {
    const r = await cli(['check']);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /^demo \(Polyglot demo\): 4 file\(s\), \d+ passage\(s\), 0 skipped; keyword search only/m,
    );
    assert.match(r.out, /ok {7}.*baggage\.md {2}markdown/);
  });

  it('kb search --docs indexes a folder and prints what the model would get; a skipped file is said', async () => {
    const r = await cli(['search', 'cats cabin', '--docs', dir]);
    assert.equal(r.code, 0);
    assert.match(
      r.out,
      /<passage n="1" title="Pets" section="Cabin" url="https:\/\/acme\.example\/pets">\nCats up to 8 kg\.\n<\/passage>/,
    );
    assert.match(r.err, /skipped .*empty\.txt: empty file/);
    const j = JSON.parse((await cli(['search', 'cats cabin', '--docs', dir, '--json'])).out) as {
      citations: unknown[];
    };
    assert.deepEqual(j.citations, [
      { title: 'Pets', section: 'Cabin', url: 'https://acme.example/pets' },
    ]);
  });

  it('kb search says when nothing matches (exit 2)', async () => {
    const r = await cli(['search', 'visa requirements', '--partner', 'demo']);
    assert.equal(r.code, 2);
    assert.match(r.out, /No passage in Polyglot demo's documents matches "visa requirements"/);
  });
});
