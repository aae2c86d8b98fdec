import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getPlaceIndex, localeCountry, normalizeName, resolvePlace } from './index.js';

// [language, what a traveller says, the IATA code we must search with]
const NAMES: [string, string, string][] = [
  ['en', 'London UK', 'LON'],
  ['en', 'New York', 'NYC'],
  ['en', 'Paris', 'PAR'],
  ['en', 'Tokyo', 'TYO'],
  ['en', 'Munich', 'MUC'],
  ['en', 'Heathrow', 'LHR'],
  ['en', 'Charles de Gaulle', 'CDG'],
  ['en', 'Santorini', 'JTR'],
  ['en', 'Mexico City', 'MEX'],
  ['en', 'Cape Town', 'CPT'],
  ['es', 'Nueva York', 'NYC'],
  ['es', 'Londres', 'LON'],
  ['es', 'Tokio', 'TYO'],
  ['es', 'Múnich', 'MUC'],
  ['es', 'Pekín', 'BJS'],
  ['es', 'Ciudad de México', 'MEX'],
  ['es', 'Estocolmo', 'STO'],
  ['es', 'Ginebra', 'GVA'],
  ['es', 'Atenas', 'ATH'],
  ['es', 'El Cairo', 'CAI'],
  ['fr', 'Londres', 'LON'],
  ['fr', 'Pékin', 'BJS'],
  ['fr', 'Munich', 'MUC'],
  ['fr', 'Genève', 'GVA'],
  ['fr', 'Le Caire', 'CAI'],
  ['fr', 'Venise', 'VCE'],
  ['fr', 'Lisbonne', 'LIS'],
  ['fr', 'Le Cap', 'CPT'],
  ['fr', 'Moscou', 'MOW'],
  ['de', 'München', 'MUC'],
  ['de', 'Köln', 'CGN'],
  ['de', 'Wien', 'VIE'],
  ['de', 'Mailand', 'MIL'],
  ['de', 'Rom', 'ROM'],
  ['de', 'Zürich', 'ZRH'],
  ['de', 'Genf', 'GVA'],
  ['de', 'Neapel', 'NAP'],
  ['de', 'Kapstadt', 'CPT'],
  ['de', 'Lissabon', 'LIS'],
  ['it', 'Londra', 'LON'],
  ['it', 'Monaco di Baviera', 'MUC'],
  ['it', 'Parigi', 'PAR'],
  ['it', 'Firenze', 'FLR'],
  ['it', 'Venezia', 'VCE'],
  ['it', 'Napoli', 'NAP'],
  ['pt', 'Nova Iorque', 'NYC'],
  ['pt', 'Lisboa', 'LIS'],
  ['pt', 'Pequim', 'BJS'],
  ['pt', 'São Paulo', 'SAO'],
  ['pt', 'Berlim', 'BER'],
  ['pt', 'Genebra', 'GVA'],
  ['nl', 'Parijs', 'PAR'],
  ['nl', 'Keulen', 'CGN'],
  ['nl', 'Londen', 'LON'],
  ['pl', 'Warszawa', 'WAW'],
  ['pl', 'Kraków', 'KRK'],
  ['pl', 'Rzym', 'ROM'],
  ['pl', 'Monachium', 'MUC'],
  ['pl', 'Nowy Jork', 'NYC'],
  ['ru', 'Москва', 'MOW'],
  ['ru', 'Санкт-Петербург', 'LED'],
  ['ru', 'Лондон', 'LON'],
  ['ru', 'Мюнхен', 'MUC'],
  ['ru', 'Пекин', 'BJS'],
  ['el', 'Σαντορίνη', 'JTR'],
  ['el', 'Αθήνα', 'ATH'],
  ['el', 'Θεσσαλονίκη', 'SKG'],
  ['el', 'Μύκονος', 'JMK'],
  ['el', 'ΑΘΗΝΑ', 'ATH'],
  ['ja', '東京', 'TYO'],
  ['ja', 'ロンドン', 'LON'],
  ['ja', 'パリ', 'PAR'],
  ['ja', '大阪', 'OSA'],
  ['ja', 'ニューヨーク', 'NYC'],
  ['ja', '羽田空港', 'HND'],
  ['zh', '北京', 'BJS'],
  ['zh', '上海', 'SHA'],
  ['zh', '香港', 'HKG'],
  ['zh', '伦敦', 'LON'],
  ['zh', '紐約', 'NYC'],
  ['zh', '巴黎', 'PAR'],
  ['ko', '서울', 'SEL'],
  ['ko', '도쿄', 'TYO'],
  ['ko', '부산', 'PUS'],
  ['ko', '뉴욕', 'NYC'],
  ['ar', 'دبي', 'DXB'],
  ['ar', 'القاهرة', 'CAI'],
  ['ar', 'لندن', 'LON'],
  ['ar', 'الرياض', 'RUH'],
  ['ar', 'جدة', 'JED'],
  ['ar', 'الدوحة', 'DOH'],
  ['he', 'תל אביב', 'TLV'],
  ['he', 'לונדון', 'LON'],
  ['th', 'กรุงเทพ', 'BKK'],
  ['th', 'ภูเก็ต', 'HKT'],
  ['hi', 'दिल्ली', 'DEL'],
  ['hi', 'मुंबई', 'BOM'],
  ['tr', 'İstanbul', 'IST'],
  ['tr', 'Moskova', 'MOW'],
  ['sv', 'Köpenhamn', 'CPH'],
  ['fi', 'Tukholma', 'STO'],
  ['cs', 'Praha', 'PRG'],
  ['hu', 'Bécs', 'VIE'],
  ['vi', 'Hà Nội', 'HAN'],
  ['code', 'NYC', 'NYC'],
  ['code', 'JFK', 'JFK'],
  ['code', 'LON', 'LON'],
  ['code', 'TYO', 'TYO'],
  ['code', 'jfk', 'JFK'],
  ['code', 'MIL', 'MIL'],
  ['code', 'ROM', 'ROM'],
  ['code', 'WAS', 'WAS'],
  ['code', 'CHI', 'CHI'],
  ['code', 'BJS', 'BJS'],
  ['code', 'SEL', 'SEL'],
  ['code', 'OSA', 'OSA'],
  ['code', 'SAO', 'SAO'],
  ['code', 'RIO', 'RIO'],
  ['code', 'BUE', 'BUE'],
  ['code', 'MOW', 'MOW'],
  ['code', 'STO', 'STO'],
  ['en', 'tokyo', 'TYO'],
  ['en', 'NEW YORK', 'NYC'],
  ['en', 'Zurich', 'ZRH'],
  ['en', 'Sao Paulo', 'SAO'],
  ['en', 'Newark', 'EWR'],
  ['en', 'Narita', 'NRT'],
];

describe('place resolution', () => {
  it(`resolves ${NAMES.length} names in ${new Set(NAMES.map((n) => n[0])).size - 1} languages to the IATA code to search`, () => {
    const wrong: string[] = [];
    for (const [lang, name, code] of NAMES) {
      const r = resolvePlace(name);
      const got =
        r.status === 'resolved'
          ? r.place.code
          : `${r.status}${r.status === 'ambiguous' ? `(${r.candidates.map((c) => c.code).join(',')})` : ''}`;
      if (got !== code) wrong.push(`${lang} "${name}": expected ${code}, got ${got}`);
    }
    assert.ok(NAMES.length >= 100 && new Set(NAMES.map((n) => n[0])).size >= 16);
    assert.deepEqual(wrong, []);
  });

  it('ranks places that share a name by the other end of the trip, and asks only when close', () => {
    const places = getPlaceIndex();
    const at = (code: string) => places.byIata(code)!;
    const outcome = (name: string, ctx: Parameters<typeof resolvePlace>[1]) => {
      const r = resolvePlace(name, ctx);
      return r.status === 'resolved'
        ? r.place.code
        : r.status === 'ambiguous'
          ? `ask ${r.candidates.map((c) => c.code).join(',')}`
          : r.status;
    };
    const cases: [string, Parameters<typeof resolvePlace>[1], string][] = [
      // London, Ontario has to be said: from Madrid, New York or nowhere, London is London UK.
      ['London', { otherEnd: at('MAD') }, 'LON'],
      ['London', { otherEnd: at('NYC') }, 'LON'],
      ['London', {}, 'LON'],
      // From Toronto the one in Ontario is close enough to ask.
      ['London', { otherEnd: at('YTO') }, 'ask LON,YXU'],
      ['London', { otherEnd: at('YTO'), localeCountry: 'CA' }, 'ask LON,YXU'],
      // Same continent as the other end, then size.
      ['Birmingham', { otherEnd: at('MAD') }, 'BHX'],
      ['Birmingham', {}, 'ask BHX,BHM'],
      ['San Jose', { otherEnd: at('LAX') }, 'SJC'],
      ['San Jose', { otherEnd: at('MAD') }, 'ask SJC,GSJ,SJI,SYQ'],
      ['Santiago', { otherEnd: at('LIM') }, 'SCL'],
      ['Victoria', { otherEnd: at('YVR') }, 'YYJ'],
      // The caller's country breaks a near tie, and only that.
      ['Victoria', { localeCountry: 'CA' }, 'YYJ'],
      ['Victoria', {}, 'ask YYJ,VCT'],
      ['Birmingham', { localeCountry: 'GB' }, 'BHX'],
      ['Portland', { localeCountry: 'US' }, 'ask PDX,PWM,PTJ'],
    ];
    assert.deepEqual(
      cases.map(([name, ctx]) => outcome(name, ctx)),
      cases.map(([, , want]) => want),
    );
  });

  it('says which places a ranked name was chosen among, and keeps explicit names exact', () => {
    const r = resolvePlace('London', { otherEnd: getPlaceIndex().byIata('MAD') });
    assert.ok(r.status === 'resolved');
    assert.deepEqual(
      r.rankedAmong?.map((p) => p.code),
      ['LON', 'YXU'],
    );
    const yxu = resolvePlace('YXU', { otherEnd: getPlaceIndex().byIata('MAD') });
    assert.ok(yxu.status === 'resolved' && yxu.place.code === 'YXU' && !yxu.rankedAmong);
    const paris = resolvePlace('Paris', { otherEnd: getPlaceIndex().byIata('DFW') });
    assert.ok(paris.status === 'resolved' && paris.place.code === 'PAR' && !paris.rankedAmong);
  });

  it('reads the country of a locale', () => {
    assert.equal(localeCountry('en-CA'), 'CA');
    assert.equal(localeCountry('es-419'), undefined);
    assert.equal(localeCountry('fr'), undefined);
    assert.equal(localeCountry('not a tag'), undefined);
    assert.equal(localeCountry(undefined), undefined);
  });

  it('uses a country or region after the name to settle it', () => {
    for (const [q, code] of [
      ['London, Ontario', 'YXU'],
      ['London (UK)', 'LON'],
      ['London UK', 'LON'],
      ['London, England', 'LON'],
      ['Portland, Oregon', 'PDX'],
      ['Portland, Maine', 'PWM'],
      ['Birmingham, Alabama', 'BHM'],
      ['Birmingham UK', 'BHX'],
    ] as const) {
      const r = resolvePlace(q);
      assert.equal(r.status === 'resolved' ? r.place.code : r.status, code, q);
    }
  });

  it('reports an unknown place with no invented match', () => {
    const r = resolvePlace('Atlantis');
    assert.equal(r.status, 'not_found');
    assert.equal(resolvePlace('   ').status, 'not_found');
  });

  it('gives a metro code all its airports and the main airport time zone', () => {
    const r = resolvePlace('Nueva York');
    assert.ok(r.status === 'resolved');
    assert.deepEqual([...r.place.airports].sort(), ['EWR', 'JFK', 'LGA']);
    assert.equal(r.place.timeZone, 'America/New_York');
    const tokyo = resolvePlace('TYO');
    assert.ok(
      tokyo.status === 'resolved' &&
        tokyo.place.airports.includes('NRT') &&
        tokyo.place.airports.includes('HND'),
    );
  });

  it('has an airport for every curated alias line', () => {
    assert.deepEqual(getPlaceIndex().unknownAliasCodes, []);
  });

  it('folds case, accents and scripts the same way for the index and the query', () => {
    assert.equal(normalizeName('ZÜRICH'), normalizeName('zurich'));
    assert.equal(normalizeName('São Paulo'), 'sao paulo');
    assert.equal(normalizeName('ΣΑΝΤΟΡΙΝΗΣ'), normalizeName('σαντορινησ'));
  });
});
