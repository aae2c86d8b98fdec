import { expect } from '@esm-bundle/chai';
import type { FlightOffer } from '../protocol/flight-offer.js';
import { jfkNrt, madLhr } from '../testing/offers.js';
import { offerLink } from './offer-link.js';

const QUERY = { origin: 'MAD', destination: 'LON', passengers: { adults: 2, children: 1 } };

describe('the partner’s offer link', () => {
  it('fills the template from the offer and its search', () => {
    const template =
      'https://acme.example/book?offer={offerId}&from={origin}&to={destination}&date={departureDate}' +
      '&back={returnDate}&pax={adults},{children},{infants}&cabin={cabin}&total={price}{currency}&via={provider}';
    expect(offerLink(template, madLhr, QUERY)).to.equal(
      'https://acme.example/book?offer=off_mad_lhr&from=MAD&to=LHR&date=2026-05-04' +
        '&back=&pax=2,1,&cabin=economy&total=123.45EUR&via=duffel',
    );
  });

  it('takes the return date from the return slice', () => {
    const roundTrip: FlightOffer = {
      ...jfkNrt,
      slices: [
        jfkNrt.slices[0]!,
        {
          ...madLhr.slices[0]!,
          departure: { ...madLhr.slices[0]!.departure, local: '2026-05-20T08:30:00' },
        },
      ],
    };
    expect(offerLink('https://a.example/{departureDate}/{returnDate}', roundTrip, {})).to.equal(
      'https://a.example/2026-05-04/2026-05-20',
    );
  });

  it('URL-encodes every value, so an offer can never change where the link goes', () => {
    const odd = { ...madLhr, id: 'x/../../evil?a=1&b=#frag' };
    const link = offerLink('https://acme.example/book/{offerId}?p={offerId}', odd, QUERY)!;
    const url = new URL(link);
    expect(url.host).to.equal('acme.example');
    expect(url.pathname).to.equal('/book/x%2F..%2F..%2Fevil%3Fa%3D1%26b%3D%23frag');
    expect(url.searchParams.get('p')).to.equal(odd.id);
    expect(url.hash).to.equal('');
  });

  it('gives no link without a template, or for one that is not https', () => {
    expect(offerLink(undefined, madLhr, QUERY)).to.equal(undefined);
    expect(offerLink('', madLhr, QUERY)).to.equal(undefined);
    expect(offerLink('javascript:alert({offerId})', madLhr, QUERY)).to.equal(undefined);
    expect(offerLink('http://acme.example/{offerId}', madLhr, QUERY)).to.equal(undefined);
  });

  it('leaves unknown placeholders as they are (the server refuses such templates)', () => {
    expect(offerLink('https://a.example/{nope}/{constructor}', madLhr, QUERY)).to.equal(
      'https://a.example/{nope}/{constructor}',
    );
  });
});
