import { expect } from '@esm-bundle/chai';
import { MAX_TEXT_FRAME_BYTES } from '../protocol/messages.js';
import { MAX_RESUME_LINES, resumeHistory } from './resume-history.js';

const line = (i: number, text = `line ${i}`) => ({
  role: (i % 2 ? 'user' : 'assistant') as 'user' | 'assistant',
  text,
  final: true,
});

describe('resume history', () => {
  it('carries the final lines the traveller saw, in order, without interim or empty ones', () => {
    expect(
      resumeHistory([
        line(0, 'Hello'),
        { role: 'user', text: 'I want to', final: false },
        line(1, '  Rome  '),
        line(2, ' '),
      ]),
    ).to.deep.equal([
      { role: 'assistant', text: 'Hello' },
      { role: 'user', text: 'Rome' },
    ]);
  });

  it('keeps the most recent lines within what the server accepts', () => {
    const long = Array.from({ length: 100 }, (_, i) => line(i, `${i} ${'é'.repeat(1_500)}`));
    const h = resumeHistory(long);
    expect(h.length).to.be.at.most(MAX_RESUME_LINES);
    expect(h.at(-1)!.text.startsWith('99 ')).to.equal(true);
    const hello = JSON.stringify({
      type: 'hello',
      protocol: 1,
      token: 'x'.repeat(600),
      resume: { history: h },
    });
    expect(new TextEncoder().encode(hello).length).to.be.below(MAX_TEXT_FRAME_BYTES);
    expect(resumeHistory([line(0, 'x'.repeat(5_000))])[0]!.text).to.have.length(2_000);
  });
});
