import { expect } from '@esm-bundle/chai';
import type { PolyglotCitationsDetail } from '../../events/events.js';
import { routeAppMessage } from '../../transport/transport.js';
import { recorder } from '../../testing/recorder.js';
import { cleanup, mount, type Mounted } from '../../testing/mount.js';

afterEach(cleanup);

const BAGGAGE = {
  title: 'Baggage policy',
  section: 'Checked baggage',
  url: 'https://demo.polyglot.example/help/baggage',
};

async function answered(m: Mounted, turn = 1): Promise<void> {
  const ev = m.t.events;
  ev.transcript({ id: `u${turn}`, role: 'user', turn, text: '¿Cuánto equipaje?', final: true });
  ev.tool({ type: 'tool', id: `k${turn}`, tool: 'search_knowledge', status: 'started', turn });
  // The search's sources arrive before the answer's text does.
  ev.knowledge({ type: 'knowledge', id: `k${turn}`, turn, citations: [BAGGAGE] });
  ev.transcript({
    id: `a${turn}`,
    role: 'assistant',
    turn,
    text: 'Una maleta de 23 kg.',
    final: true,
  });
  await m.el.updateComplete;
}

describe('citations under an answer', () => {
  it('lists the sources under the answer they support, as links that open in a new tab', async () => {
    const m = await mount({ lang: 'es' });
    await m.el.start();
    await answered(m);
    const parts = m
      .$$('[part="transcript"] > li')
      .map((li) => li.getAttribute('part')!.split(' ')[0]);
    expect(parts).to.deep.equal(['message', 'message', 'citations']);
    expect(m.$('[part="citations-label"]')!.textContent).to.equal('Fuentes');
    const a = m.$<HTMLAnchorElement>('a[part="citation"]')!;
    expect(a.href).to.equal(BAGGAGE.url);
    expect(a.target).to.equal('_blank');
    expect(a.rel).to.equal('noopener');
    expect(a.textContent).to.equal('Baggage policy › Checked baggage');
  });

  it('fires polyglot-citations with the turn and its sources', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    const seen: PolyglotCitationsDetail[] = [];
    m.el.addEventListener('polyglot-citations', (e) => seen.push(e.detail));
    await answered(m);
    expect(seen).to.deep.equal([{ turn: 1, citations: [BAGGAGE] }]);
  });

  it('links only http(s) URLs: another scheme, or none, is shown as text', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    m.t.events.knowledge({
      type: 'knowledge',
      id: 'k',
      turn: 0,
      citations: [
        { title: 'Evil', url: 'javascript:alert(1)' },
        { title: 'Data', url: 'data:text/html,hi' },
        { title: 'Printed leaflet' },
      ],
    });
    await m.el.updateComplete;
    expect(m.$$('a')).to.have.length(0);
    expect(m.$$('span[part="citation"]').map((s) => s.textContent)).to.deep.equal([
      'Evil',
      'Data',
      'Printed leaflet',
    ]);
  });

  it('keeps one list per answer, each source once, across two searches in a turn', async () => {
    const m = await mount({ lang: 'en' });
    await m.el.start();
    await answered(m);
    const pets = { title: 'Travelling with pets', url: 'https://demo.polyglot.example/help/pets' };
    m.t.events.knowledge({ type: 'knowledge', id: 'k2', turn: 1, citations: [BAGGAGE, pets] });
    await m.el.updateComplete;
    expect(m.$$('[part="citations"]')).to.have.length(1);
    expect(m.$$('[part="citation"]').map((a) => a.textContent)).to.deep.equal([
      'Baggage policy › Checked baggage',
      'Travelling with pets',
    ]);
  });

  it('right to left: the list follows the panel, each English title keeps its own direction', async () => {
    const m = await mount({ lang: 'ar' });
    await m.el.start();
    await answered(m);
    const list = m.$('[part="citations"]')!;
    expect(getComputedStyle(list).direction).to.equal('rtl');
    expect(m.$('[part="citations-label"]')!.textContent).to.equal('المصادر');
    const item = list.querySelector('li')!;
    expect(item.getAttribute('dir')).to.equal('auto');
    expect(getComputedStyle(item).direction).to.equal('ltr');
    // The bullets' indent is on the inline start: the right, in Arabic.
    const ul = list.querySelector('ul')!;
    expect(parseFloat(getComputedStyle(ul).paddingRight)).to.be.greaterThan(0);
    expect(parseFloat(getComputedStyle(ul).paddingLeft)).to.equal(0);
  });
});

describe('the knowledge message on the wire', () => {
  it('is routed by both transports; malformed citations are dropped, an empty list is not delivered', () => {
    const r = recorder();
    expect(
      routeAppMessage(
        {
          type: 'knowledge',
          id: 'k',
          turn: 2,
          citations: [
            BAGGAGE,
            { title: 3 } as never,
            null as never,
            { title: 'T', url: 5 } as never,
          ],
        },
        r.events,
      ),
    ).to.equal(true);
    routeAppMessage({ type: 'knowledge', id: 'k2', citations: [null as never] }, r.events);
    expect(r.knowledge).to.deep.equal([
      { type: 'knowledge', id: 'k', turn: 2, citations: [BAGGAGE] },
    ]);
  });
});
