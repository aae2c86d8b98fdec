import { expect } from '@esm-bundle/chai';
import type { TranscriptSegment } from '../protocol/messages.js';
import { TranscriptStore } from './transcript-store.js';

const seg = (
  id: string,
  role: 'user' | 'assistant',
  turn: number,
  text: string,
  final = true,
): TranscriptSegment => ({
  id,
  role,
  turn,
  text,
  final,
});

function order(updates: TranscriptSegment[]): string[] {
  const store = new TranscriptStore();
  for (const u of updates) store.apply(u);
  return store.entries.map((e) => `${e.id}:${e.text}`);
}

describe('TranscriptStore ordering', () => {
  it('puts a user turn before the reply it caused even when its final text arrives last', () => {
    expect(
      order([
        seg('a1', 'assistant', 0, 'Hi!'),
        seg('a3', 'assistant', 1, 'Madrid to London, searching…', false),
        seg('u2', 'user', 1, 'Madrid to London'),
      ]),
    ).to.deep.equal(['a1:Hi!', 'u2:Madrid to London', 'a3:Madrid to London, searching…']);
  });

  it('updates interim text in place and never regresses a final to a late interim', () => {
    expect(
      order([
        seg('u1', 'user', 1, 'I want', false),
        seg('u1', 'user', 1, 'I want to fly', false),
        seg('u1', 'user', 1, 'I want to fly to Rome'),
        seg('u1', 'user', 1, 'I want to fly to', false),
      ]),
    ).to.deep.equal(['u1:I want to fly to Rome']);
  });

  it('gives the same order for every arrival order of the same updates', () => {
    const updates = [
      seg('a1', 'assistant', 0, 'Hello'),
      seg('u2', 'user', 1, 'Paris'),
      seg('a3', 'assistant', 1, 'Paris, when?'),
      seg('u4', 'user', 2, 'Tomorrow'),
      seg('u5', 'user', 2, 'morning'),
      seg('a6', 'assistant', 2, 'Searching'),
    ];
    const expected = order(updates);
    // Deterministic shuffles (no Math.random in tests).
    for (let k = 1; k < 30; k++) {
      const shuffled = [...updates].sort(
        (a, b) => ((a.id.charCodeAt(1) * k) % 7) - ((b.id.charCodeAt(1) * k) % 7),
      );
      const got = order(shuffled);
      // Same-role segments in one turn keep their arrival order; everything else is fixed.
      expect(got.filter((x) => !x.startsWith('u4') && !x.startsWith('u5'))).to.deep.equal(
        expected.filter((x) => !x.startsWith('u4') && !x.startsWith('u5')),
      );
      expect(got.indexOf(got.find((x) => x.startsWith('u4'))!)).to.be.within(3, 4);
    }
  });

  it('keeps a local barge-in mark through interim text, and lets the final update decide', () => {
    const store = new TranscriptStore();
    store.apply(seg('a1', 'assistant', 0, 'There are', false));
    store.markInterrupted();
    store.apply(seg('a1', 'assistant', 0, 'There are three', false));
    expect(store.entries[0]!.interrupted).to.equal(true);
    // The audio had in fact played out (a race with the clear): the server says not cut.
    store.apply(seg('a1', 'assistant', 0, 'There are three flights.'));
    expect(store.entries[0]!.interrupted).to.equal(undefined);
  });

  it('marks only the latest assistant message', () => {
    const store = new TranscriptStore();
    store.apply(seg('a1', 'assistant', 0, 'Hi'));
    store.apply(seg('u2', 'user', 1, 'Rome'));
    store.apply(seg('a3', 'assistant', 1, 'Rome, when', false));
    store.markInterrupted();
    expect(store.entries.map((e) => Boolean(e.interrupted))).to.deep.equal([false, false, true]);
  });
});
