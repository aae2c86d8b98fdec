import { expect } from '@esm-bundle/chai';
import { loadStrings } from '../i18n/locale.js';
import { en } from '../i18n/strings.js';
import { jfkNrt, madLhr } from '../testing/offers.js';
import {
  formatDuration,
  formatFlightCount,
  formatPrice,
  formatStops,
  offerView,
} from './format.js';

const COUNTS = [1, 2, 5, 11, 21, 100];

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

  it('keeps nothing of the zone in the time where the language brackets it (Persian)', () => {
    const v = offerView(madLhr, 'fa', en).slices[0]!;
    expect(v.depart.time).to.match(/^[۰-۹]{1,2}:[۰-۹]{2}$/);
    expect(v.depart.zone).to.include('گرینویچ');
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

  it('writes durations in the language, with Intl.DurationFormat', () => {
    expect(formatDuration(135, 'en')).to.equal('2h 15m');
    expect(formatDuration(45, 'en')).to.equal('45m');
    expect(formatDuration(120, 'en')).to.equal('2h');
    expect(formatDuration(135, 'es')).to.equal('2h 15min');
    expect(formatDuration(135, 'ru')).to.equal('2 ч 15 мин');
    const n = new Intl.NumberFormat('ar');
    expect(formatDuration(135, 'ar')).to.equal(`${n.format(2)} س و${n.format(15)} د`);
  });

  it('writes the same durations without Intl.DurationFormat (older browsers)', () => {
    const intl = Intl as unknown as Record<string, unknown>;
    const saved = intl.DurationFormat;
    const withIt = ['en', 'es', 'ru', 'ar', 'ja'].map((l) =>
      [135, 45, 120].map((m) => formatDuration(m, l)),
    );
    delete intl.DurationFormat;
    try {
      const without = ['en', 'es', 'ru', 'ar', 'ja'].map((l) =>
        [135, 45, 120].map((m) => formatDuration(m, l)),
      );
      expect(without).to.deep.equal(withIt);
    } finally {
      intl.DurationFormat = saved;
    }
  });

  it('counts flights and stops with Arabic plural rules (zero, one, two, few, many, other)', async () => {
    const ar = await loadStrings('ar');
    const n = (x: number) => new Intl.NumberFormat('ar').format(x);
    expect([0, ...COUNTS].map((c) => formatFlightCount(c, 'ar', ar))).to.deep.equal([
      'لا رحلات',
      'رحلة واحدة',
      'رحلتان',
      `${n(5)} رحلات`,
      `${n(11)} رحلة`,
      `${n(21)} رحلة`,
      `${n(100)} رحلة`,
    ]);
    expect([0, ...COUNTS].map((c) => formatStops(c, 'ar', ar))).to.deep.equal([
      'مباشرة',
      'توقف واحد',
      'توقفان',
      `${n(5)} توقفات`,
      `${n(11)} توقفًا`,
      `${n(21)} توقفًا`,
      `${n(100)} توقف`,
    ]);
  });

  it('counts flights and stops with Russian plural rules (one, few, many)', async () => {
    const ru = await loadStrings('ru');
    expect(COUNTS.map((c) => formatFlightCount(c, 'ru', ru))).to.deep.equal([
      '1 рейс',
      '2 рейса',
      '5 рейсов',
      '11 рейсов',
      '21 рейс',
      '100 рейсов',
    ]);
    expect([0, ...COUNTS].map((c) => formatStops(c, 'ru', ru))).to.deep.equal([
      'Без пересадок',
      '1 пересадка',
      '2 пересадки',
      '5 пересадок',
      '11 пересадок',
      '21 пересадка',
      '100 пересадок',
    ]);
  });

  it('counts in English and formats the number for the language', () => {
    expect([1, 2, 1200].map((c) => formatFlightCount(c, 'en-US', en))).to.deep.equal([
      '1 flight',
      '2 flights',
      '1,200 flights',
    ]);
    expect(formatStops(1, 'en', en)).to.equal('1 stop');
    expect(formatStops(2, 'en', en)).to.equal('2 stops');
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
