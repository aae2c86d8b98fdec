import { expect } from '@esm-bundle/chai';
import { en } from '../i18n/strings.js';
import { jfkNrt, madLhr } from '../testing/offers.js';
import { formatDuration, formatPrice, offerView } from './format.js';

describe('flight card formatting', () => {
  it('shows each end in its own airport time zone, not the browser’s', () => {
    const v = offerView(madLhr, 'en-GB', en).slices[0]!;
    expect(v.depart.time).to.equal('08:30');
    expect(v.depart.zone).to.equal('CEST');
    expect(v.arrive.time).to.equal('09:45');
    expect(v.arrive.zone).to.equal('BST');
    expect(v.depart.iata).to.equal('MAD');
    expect(v.dayOffset).to.equal(0);
  });

  it('uses the UI language’s clock and marks arrivals on a later local day', () => {
    const v = offerView(jfkNrt, 'en-US', en).slices[0]!;
    expect(v.depart.time).to.equal('11:50 PM');
    expect(v.arrive.time).to.equal('9:20 AM');
    expect(v.dayOffset).to.equal(2);
    expect(v.stops).to.equal('1 stop');
    expect(offerView(madLhr, 'en-US', en).slices[0]!.stops).to.equal('Nonstop');
  });

  it('formats prices with Intl in the UI language, from the exact decimal string', () => {
    expect(formatPrice(madLhr.price, 'en-US')).to.equal('€123.45');
    expect(formatPrice(madLhr.price, 'de-DE')).to.equal('123,45\u00a0€');
    expect(formatPrice(jfkNrt.price, 'ja-JP')).to.equal('$1,234.50');
    expect(formatPrice({ amount: '0.10', currency: 'EUR' }, 'en-US')).to.equal('€0.10');
    // A float would print 9007199254740993 as ...992; the decimal string keeps every digit.
    expect(formatPrice({ amount: '9007199254740993', currency: 'JPY' }, 'en-US')).to.equal(
      '¥9,007,199,254,740,993',
    );
  });

  it('writes durations in the UI language', () => {
    expect(formatDuration(135, 'en')).to.equal('2h 15m');
    expect(formatDuration(45, 'en')).to.equal('45m');
    expect(formatDuration(135, 'de')).to.match(/^2\s?h 15\s?Min\.?$/);
    expect(formatDuration(135, 'ar')).to.not.equal('2h 15m');
  });

  it('gives screen readers one sentence with airline, times, duration, stops and price', () => {
    const label = offerView(jfkNrt, 'en-US', en).label;
    expect(label).to.include('British Airways · Japan Airlines');
    expect(label).to.include('Departs New York');
    expect(label).to.include('Arrives Tokyo');
    expect(label).to.include('1 stop');
    expect(label).to.include('$1,234.50');
  });
});
