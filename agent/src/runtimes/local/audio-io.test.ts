import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cutText } from './audio-io.js';

describe('cutText: the assistant text a listener heard before barge-in', () => {
  const text = 'There are three flights tomorrow morning from Madrid.';
  it('keeps everything when playback completed', () => assert.equal(cutText(text, 1), text));
  it('keeps nothing when nothing played', () => assert.equal(cutText(text, 0), ''));
  it('cuts on a word boundary near the played fraction', () => {
    const cut = cutText(text, 0.5);
    assert.ok(text.startsWith(cut));
    assert.ok(cut.length <= text.length / 2 && cut.length > text.length / 3, cut);
    assert.ok(!cut.endsWith(' '));
    assert.equal(cut, 'There are three flights');
  });
});
