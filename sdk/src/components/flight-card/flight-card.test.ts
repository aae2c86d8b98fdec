import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import type { PolyglotOfferSelectEvent } from '../../events/events.js';
import type { FlightOffer } from '../../protocol/flight-offer.js';
import type { SessionDescriptor } from '../../protocol/messages.js';
import { cleanup, mount, type Mounted } from '../../testing/mount.js';
import { jfkNrt, madLgw, madLhr } from '../../testing/offers.js';

const TEMPLATE =
  'https://acme.example/book?offer={offerId}&from={origin}&to={destination}&date={departureDate}';
const QUERY = { origin: 'MAD', destination: 'LON', passengers: { adults: 1 } };

/** A live session whose descriptor carries `offerLinkTemplate`, showing `offers` as cards. */
async function withCards(
  offers: FlightOffer[],
  opts: { template?: string; lang?: string } = {},
): Promise<Mounted> {
  const m = await mount({ lang: opts.lang ?? 'en' });
  const descriptor: SessionDescriptor = {
    transport: 'local',
    url: 'ws://fake/v1/session',
    token: 't',
    expiresAt: 0,
    offerLinkTemplate: opts.template,
  };
  m.el.sessionDeps = { requestSession: async () => descriptor };
  await m.el.start();
  m.t.events.agentState('listening');
  m.t.events.flightResults({
    type: 'flight_results',
    id: 'call_1',
    query: QUERY,
    offers,
    provider: 'duffel',
    turn: 1,
  });
  await m.el.updateComplete;
  return m;
}

/** Replaces window.open for the test; returns the calls. */
function stubOpen(): { calls: unknown[][]; restore(): void } {
  const original = window.open;
  const calls: unknown[][] = [];
  window.open = (...args: unknown[]) => {
    calls.push(args);
    return null;
  };
  return { calls, restore: () => (window.open = original) };
}

const selections = () => {
  const seen: PolyglotOfferSelectEvent['detail'][] = [];
  document.addEventListener('polyglot-offer-select', (e) => seen.push(e.detail));
  return seen;
};

const button = (m: Mounted, i: number) => m.$$<HTMLButtonElement>('[part="select-button"]')[i]!;

afterEach(cleanup);

describe('flight cards as actions', () => {
  let open: ReturnType<typeof stubOpen>;
  beforeEach(() => (open = stubOpen()));
  afterEach(() => open.restore());

  it('a click on Select fires polyglot-offer-select with the offer and the partner’s link, opens it, and tells the agent', async () => {
    const m = await withCards([madLhr, madLgw], { template: TEMPLATE });
    const seen = selections();
    const b = button(m, 1);
    expect(b.tagName).to.equal('BUTTON');
    expect(b.textContent!.trim()).to.equal('Select');
    expect(b.getAttribute('aria-pressed')).to.equal('false');
    // Its description is the card's sentence: airline, times, price.
    const card = m.shadow.getElementById(b.getAttribute('aria-describedby')!)!;
    expect(card.getAttribute('aria-label')).to.include('Iberia').and.include('€98.00');

    b.click();
    await m.el.updateComplete;

    const link = 'https://acme.example/book?offer=off_mad_lgw&from=MAD&to=LGW&date=2026-05-04';
    expect(seen).to.have.length(1);
    expect(seen[0]!.offer.id).to.equal('off_mad_lgw');
    expect(seen[0]!.link).to.equal(link);
    expect(seen[0]!.query).to.deep.equal(QUERY);
    expect(open.calls).to.deep.equal([[link, '_blank', 'noopener']]);
    expect(m.t.selectedOffers).to.deep.equal(['off_mad_lgw']);
    expect(b.getAttribute('aria-pressed')).to.equal('true');
    expect(b.textContent!.trim()).to.equal('Selected');
    expect(button(m, 0).getAttribute('aria-pressed')).to.equal('false');
  });

  it('the event bubbles out of the shadow root and is cancelable', async () => {
    const m = await withCards([madLhr], { template: TEMPLATE });
    let event: PolyglotOfferSelectEvent | undefined;
    document.body.addEventListener('polyglot-offer-select', (e) => (event = e), { once: true });
    button(m, 0).click();
    expect(event?.bubbles && event.composed && event.cancelable).to.equal(true);
  });

  it('works from the keyboard: Tab to Select, Enter or Space chooses, with a visible focus ring', async () => {
    const m = await withCards([madLhr, madLgw], { template: TEMPLATE });
    const seen = selections();
    m.$<HTMLInputElement>('[part="text-input"]')!.focus();
    // Tab backwards from the input walks up the conversation to the last card's button.
    await sendKeys({ press: 'Shift+Tab' });
    const focused = () => m.shadow.activeElement as HTMLElement | null;
    for (let i = 0; i < 5 && focused()?.getAttribute('part') !== 'select-button'; i++)
      await sendKeys({ press: 'Shift+Tab' });
    const b = focused()!;
    expect(b.getAttribute('part')).to.equal('select-button');
    expect(b.matches(':focus-visible')).to.equal(true);
    const ring = getComputedStyle(b);
    expect(ring.outlineStyle).to.equal('solid');
    expect(parseFloat(ring.outlineWidth)).to.be.at.least(2);

    await sendKeys({ press: 'Enter' });
    expect(seen.map((d) => d.offer.id)).to.deep.equal(['off_mad_lgw']);
    await sendKeys({ press: 'Shift+Tab' });
    while (focused()?.getAttribute('part') !== 'select-button')
      await sendKeys({ press: 'Shift+Tab' });
    await sendKeys({ press: 'Space' });
    expect(seen.map((d) => d.offer.id)).to.deep.equal(['off_mad_lgw', 'off_mad_lhr']);
    expect(m.t.selectedOffers).to.deep.equal(['off_mad_lgw', 'off_mad_lhr']);
  });

  it('a canceled event opens nothing, and the agent still confirms the choice', async () => {
    const m = await withCards([madLhr], { template: TEMPLATE });
    document.addEventListener('polyglot-offer-select', (e) => e.preventDefault(), { once: true });
    button(m, 0).click();
    expect(open.calls).to.deep.equal([]);
    expect(m.t.selectedOffers).to.deep.equal(['off_mad_lhr']);
  });

  it('without a template there is no link to open; the agent is still told', async () => {
    const m = await withCards([madLhr]);
    const seen = selections();
    button(m, 0).click();
    expect(seen[0]!.link).to.equal(undefined);
    expect(open.calls).to.deep.equal([]);
    expect(m.t.selectedOffers).to.deep.equal(['off_mad_lhr']);
  });

  it('choosing the chosen card again reopens the link but asks for no second confirmation', async () => {
    const m = await withCards([madLhr], { template: TEMPLATE });
    button(m, 0).click();
    await m.el.updateComplete;
    button(m, 0).click();
    expect(open.calls).to.have.length(2);
    expect(m.t.selectedOffers).to.deep.equal(['off_mad_lhr']);
  });
});

describe('cards and labels follow the conversation’s language', () => {
  const text = (m: Mounted, sel: string) => m.$$(sel).map((e) => e.textContent!.trim());

  it('re-renders cards and chrome when the agent follows the caller into Spanish, then Russian', async () => {
    const m = await withCards([jfkNrt, madLhr]);
    expect(m.$('h2')!.textContent).to.equal('Travel assistant');
    expect(text(m, '.stops')).to.deep.equal(['1 stop', 'Nonstop']);
    expect(text(m, '.count')).to.deep.equal(['2 flights']);

    m.t.events.language('es', true);
    await m.el.updateComplete;
    expect(m.$('.root')!.getAttribute('lang')).to.equal('es');
    expect(m.$('h2')!.textContent).to.equal('Asistente de viajes');
    expect(m.$('[part="status"]')!.textContent).to.equal('Escuchando');
    expect(text(m, '.count')).to.deep.equal(['2 vuelos']);
    expect(text(m, '.stops')).to.deep.equal(['1 escala', 'Directo']);
    expect(text(m, '.duration')[1]).to.equal('2h 15min');
    expect(text(m, '.date')[2]).to.equal('lun, 4 may');
    expect(text(m, '.price')[1]).to.equal('123,45\u00a0€');
    expect(text(m, '[part="select-button"]')[0]).to.equal('Elegir');

    m.t.events.language('ru', true);
    await m.el.updateComplete;
    expect(m.$('h2')!.textContent).to.equal('Помощник в путешествиях');
    expect(text(m, '.count')).to.deep.equal(['2 рейса']);
    expect(text(m, '.stops')).to.deep.equal(['1 пересадка', 'Без пересадок']);
    expect(text(m, '.duration')[1]).to.equal('2 ч 15 мин');
  });

  it('lays Arabic cards out right to left, with durations on one line and nothing spilling out', async () => {
    const m = await withCards([jfkNrt, madLhr]);
    // As on the narrowest phones (320 px wide).
    m.el.style.setProperty('--polyglot-panel-width', '320px');
    m.t.events.language('ar', true);
    await m.el.updateComplete;
    expect(m.$('.root')!.getAttribute('dir')).to.equal('rtl');
    expect(text(m, '.count')).to.deep.equal(['رحلتان']);
    for (const d of m.$$('.duration')) {
      expect(d.textContent).to.match(/س/);
      const oneLine = 1.6 * parseFloat(getComputedStyle(d).fontSize);
      expect(d.getBoundingClientRect().height, `"${d.textContent}" wrapped`).to.be.below(oneLine);
    }
    // Nothing on a card spills out of it (dates and zones wrap instead).
    for (const card of m.$$('[part="flight-card"]'))
      expect(card.scrollWidth, card.textContent!).to.be.at.most(card.clientWidth);
  });

  it('the page setting lang again wins over the conversation’s language', async () => {
    const m = await withCards([madLhr]);
    m.t.events.language('es', true);
    await m.el.updateComplete;
    m.el.lang = 'de';
    await m.el.updateComplete;
    expect(m.$('h2')!.textContent).to.equal('Reiseassistent');
    expect(text(m, '.stops')).to.deep.equal(['Direkt']);
  });

  it('ignores a language that is not a language tag', async () => {
    const m = await withCards([madLhr]);
    m.t.events.language('es', true);
    await m.el.updateComplete;
    // Straight into routeAppMessage, as a transport would pass it on.
    const { routeAppMessage } = await import('../../transport/transport.js');
    routeAppMessage({ type: 'language', lang: '<script>' }, m.t.events);
    await m.el.updateComplete;
    expect(m.$('.root')!.getAttribute('lang')).to.equal('es');
  });
});
