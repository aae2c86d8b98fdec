import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CAPABILITIES } from './capabilities.js';
import { GREETINGS, greetingFor } from './greetings.js';

/** The Unicode scripts a greeting's letters may be in, by the row's ISO 15924 script. */
const LETTER_SCRIPTS: Record<string, string[]> = {
  Jpan: ['Hira', 'Kana', 'Hani'],
  Kore: ['Hang'],
  Hans: ['Hani'],
  Hant: ['Hani'],
};

describe('greetings', () => {
  it('greets every language in the table in that language, in its script', () => {
    const english = GREETINGS.en!;
    for (const c of CAPABILITIES) {
      const g = GREETINGS[c.tag];
      assert.ok(g, `${c.tag} (${c.name}) has no greeting`);
      if (c.tag !== 'en') assert.notEqual(g, english, `${c.tag} is greeted in English`);
      const scripts = LETTER_SCRIPTS[c.script] ?? [c.script];
      const pattern = new RegExp(`^(${scripts.map((s) => `\\p{Script=${s}}`).join('|')})$`, 'u');
      // Letters shared by scripts (the Hawaiian ʻokina) are Common, and allowed.
      const foreign = [...g].filter(
        (ch) => /\p{L}/u.test(ch) && !/\p{Script=Zyyy}/u.test(ch) && !pattern.test(ch),
      );
      assert.deepEqual(foreign, [], `${c.tag}: letters outside ${c.script} in "${g}"`);
      assert.equal(greetingFor(c.tag), g);
    }
    assert.deepEqual(
      Object.keys(GREETINGS).sort(),
      CAPABILITIES.map((c) => c.tag).sort(),
      'a greeting for a language the table lacks',
    );
    const all = Object.values(GREETINGS);
    assert.equal(new Set(all).size, all.length, 'two languages share a greeting');
  });

  it('tells Simplified from Traditional Chinese and Cantonese, and resolves regional tags', () => {
    assert.equal(greetingFor('zh-CN'), GREETINGS.zh);
    assert.equal(greetingFor('zh-Hant'), GREETINGS['zh-TW']);
    assert.equal(greetingFor('zh-HK'), GREETINGS.yue);
    assert.notEqual(GREETINGS.zh, GREETINGS['zh-TW']);
    assert.equal(greetingFor('th-TH'), 'สวัสดี! คุณอยากบินไปที่ไหน?');
    assert.equal(greetingFor('fil'), GREETINGS.tl);
    assert.equal(greetingFor('iw'), GREETINGS.he);
  });
});
