/**
 * Protocol fake of the Amadeus Self-Service/Enterprise REST APIs for tests: the
 * real `amadeus` SDK talks to it through its `host`/`port` options (with
 * `client.ssl`/`client.http` switched to plain HTTP after construction).
 *
 * Wire format from Amadeus' published OpenAPI specifications (MIT licensed,
 * https://github.com/amadeus4dev/amadeus-open-api-specification):
 * - Authorization (client credentials): POST /v1/security/oauth2/token,
 *   form body, answer `{type:"amadeusOAuth2Token", token_type:"Bearer",
 *   access_token, expires_in, state:"approved", …}`.
 * - Flight Offers Search v2: GET /v2/shopping/flight-offers, answer
 *   `{meta, data:[flight-offer], dictionaries:{locations, aircraft, currencies,
 *   carriers}}`; the offers below follow the spec's SYD→BKK example shape
 *   (itineraries[].segments[] with departure/arrival `at` in local time,
 *   `price.grandTotal`, `travelerPricings[].fareDetailsBySegment[].cabin`).
 * - Airport & City Search v1: GET /v1/reference-data/locations.
 * - Errors: `{errors:[{status, code, title, detail}]}` (e.g. 38194 "Too many requests").
 * Responses use `application/vnd.amadeus+json`; the SDK only accepts that or
 * exactly `application/json` (the `contentType` knob tests that quirk).
 */
import type { ServerResponse } from 'node:http';
import { SearchFaults, listenOnLoopback, recordingServer, type RecordedRequest } from './faults.js';

export type { RecordedRequest };

export interface AmadeusFakeOptions {
  clientId?: string;
  clientSecret?: string;
  offerCount?: number;
}

export interface AmadeusFake {
  url: string;
  host: string;
  port: number;
  requests: RecordedRequest[];
  readonly tokenRequests: number;
  readonly searchCount: number;
  failNext(status: number, times?: number): void;
  hang(on?: boolean): void;
  /** Content type of successful search answers (default application/vnd.amadeus+json). */
  contentType(value: string): void;
  waitForSearches(n: number): Promise<void>;
  close(): Promise<void>;
}

const CITY_AIRPORT: Record<string, string> = {
  LON: 'LHR',
  NYC: 'JFK',
  PAR: 'CDG',
  TYO: 'HND',
  BJS: 'PEK',
  MIL: 'MXP',
  ROM: 'FCO',
};
const CARRIERS: Record<string, string> = {
  TG: 'THAI AIRWAYS INTERNATIONAL',
  PR: 'PHILIPPINE AIRLINES',
  IB: 'IBERIA',
};

function offer(i: number, slices: { o: string; d: string; date: string }[], cabin: string) {
  const carrier = Object.keys(CARRIERS)[i % 3] ?? 'TG';
  const pad = (x: number): string => String(x).padStart(2, '0');
  let seg = 0;
  const itineraries = slices.map((s) => {
    const connecting = i % 2 === 1;
    const legs = connecting
      ? [
          [s.o, 'MNL'],
          ['MNL', s.d],
        ]
      : [[s.o, s.d]];
    return {
      duration: connecting ? 'PT15H5M' : 'PT9H10M',
      segments: legs.map(([from, to], k) => {
        seg++;
        return {
          departure: {
            iataCode: from,
            terminal: '1',
            at: `${s.date}T${pad(10 + k * 6 + i)}:35:00`,
          },
          arrival: { iataCode: to, at: `${s.date}T${pad(14 + k * 6 + i)}:50:00` },
          carrierCode: carrier,
          number: String(476 + i * 10 + k),
          aircraft: { code: '359' },
          operating: { carrierCode: carrier },
          duration: 'PT4H15M',
          id: String(seg),
          numberOfStops: 0,
          blacklistedInEU: false,
        };
      }),
    };
  });
  const total = (546.7 + i * 63.25 - (i === 2 ? 200 : 0)).toFixed(2);
  return {
    type: 'flight-offer',
    id: String(i + 1),
    source: 'GDS',
    instantTicketingRequired: false,
    nonHomogeneous: false,
    oneWay: false,
    lastTicketingDate: '2030-11-01',
    numberOfBookableSeats: 9,
    itineraries,
    price: {
      currency: 'EUR',
      total,
      base: '334.00',
      fees: [{ amount: '0.00', type: 'SUPPLIER' }],
      grandTotal: total,
    },
    pricingOptions: { fareType: ['PUBLISHED'], includedCheckedBagsOnly: true },
    validatingAirlineCodes: [carrier],
    travelerPricings: [
      {
        travelerId: '1',
        fareOption: 'STANDARD',
        travelerType: 'ADULT',
        price: { currency: 'EUR', total, base: '334.00' },
        fareDetailsBySegment: Array.from({ length: seg }, (_, k) => ({
          segmentId: String(k + 1),
          cabin,
          fareBasis: 'YIF',
          class: 'Y',
          includedCheckedBags: { weight: 25, weightUnit: 'KG' },
        })),
      },
    ],
  };
}

export async function startAmadeusFake(opts: AmadeusFakeOptions = {}): Promise<AmadeusFake> {
  const clientId = opts.clientId ?? 'fake-client-id';
  const clientSecret = opts.clientSecret ?? 'fake-client-secret';
  const offerCount = opts.offerCount ?? 4;
  const requests: RecordedRequest[] = [];
  const faults = new SearchFaults();
  const issued = new Set<string>();
  let tokens = 0;
  let searchContentType = 'application/vnd.amadeus+json';

  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    type = 'application/vnd.amadeus+json',
  ): void => {
    res.writeHead(status, { 'content-type': type });
    res.end(JSON.stringify(body));
  };
  const fail = (
    res: ServerResponse,
    status: number,
    code: number,
    title: string,
    detail: string,
  ): void => send(res, status, { errors: [{ status, code, title, detail }] });

  const server = recordingServer(requests, (req, res, url, body) => {
    if (req.method === 'POST' && url.pathname === '/v1/security/oauth2/token') {
      tokens++;
      const form = new URLSearchParams(body);
      if (
        form.get('grant_type') !== 'client_credentials' ||
        form.get('client_id') !== clientId ||
        form.get('client_secret') !== clientSecret
      ) {
        return send(
          res,
          401,
          {
            error: 'invalid_client',
            error_description: 'Client credentials are invalid',
            code: 38187,
            title: 'Invalid parameters',
          },
          'application/json',
        );
      }
      const access = `fakeToken${tokens}`;
      issued.add(access);
      return send(
        res,
        200,
        {
          type: 'amadeusOAuth2Token',
          username: 'dev@example.com',
          application_name: 'polyglot',
          client_id: clientId,
          token_type: 'Bearer',
          access_token: access,
          expires_in: 1799,
          state: 'approved',
          scope: '',
        },
        'application/json',
      );
    }
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!auth || !issued.has(auth))
      return fail(
        res,
        401,
        38191,
        'Invalid HTTP header',
        'Missing or invalid format for mandatory Authorization header',
      );
    if (req.method === 'GET' && url.pathname === '/v2/shopping/flight-offers') {
      const { hang, status } = faults.arrive();
      if (hang) return;
      if (status === 429)
        return fail(
          res,
          429,
          38194,
          'Too many requests',
          'The network rate limit is exceeded, please try again later',
        );
      if (status !== undefined) return fail(res, status, 141, 'SYSTEM ERROR HAS OCCURRED', '');
      const q = url.searchParams;
      // Amadeus answers a city code (LON) with its airports (LHR).
      const o = CITY_AIRPORT[q.get('originLocationCode') ?? ''] ?? q.get('originLocationCode');
      const d =
        CITY_AIRPORT[q.get('destinationLocationCode') ?? ''] ?? q.get('destinationLocationCode');
      const date = q.get('departureDate');
      if (!o || !d || !date || !q.get('adults'))
        return fail(
          res,
          400,
          32171,
          'MANDATORY DATA MISSING',
          'originLocationCode, destinationLocationCode, departureDate and adults are required',
        );
      const slices = [{ o, d, date }];
      const ret = q.get('returnDate');
      if (ret) slices.push({ o: d, d: o, date: ret });
      const cabin = q.get('travelClass') ?? 'ECONOMY';
      const max = Number(q.get('max') ?? 250);
      const data = Array.from({ length: Math.min(offerCount, max) }, (_, i) =>
        offer(i, slices, cabin),
      ).filter(
        (x) => q.get('nonStop') !== 'true' || x.itineraries.every((it) => it.segments.length === 1),
      );
      return send(
        res,
        200,
        {
          meta: {
            count: data.length,
            links: { self: `https://test.api.amadeus.com/v2/shopping/flight-offers?${q}` },
          },
          data,
          dictionaries: {
            locations: {
              [o]: { cityCode: o, countryCode: 'XX' },
              [d]: { cityCode: d, countryCode: 'XX' },
              MNL: { cityCode: 'MNL', countryCode: 'PH' },
            },
            aircraft: { '359': 'AIRBUS A350-900' },
            currencies: { EUR: 'EURO' },
            carriers: CARRIERS,
          },
        },
        searchContentType,
      );
    }
    if (req.method === 'GET' && url.pathname === '/v1/reference-data/locations') {
      const keyword = (url.searchParams.get('keyword') ?? '').toUpperCase();
      const all = [
        {
          type: 'location',
          subType: 'CITY',
          name: 'PARIS',
          detailedName: 'PARIS/FR',
          id: 'CPAR',
          iataCode: 'PAR',
          address: {
            cityName: 'PARIS',
            cityCode: 'PAR',
            countryName: 'FRANCE',
            countryCode: 'FR',
            regionCode: 'EUROP',
          },
        },
        {
          type: 'location',
          subType: 'AIRPORT',
          name: 'CHARLES DE GAULLE',
          detailedName: 'PARIS/FR:CHARLES DE GAULLE',
          id: 'ACDG',
          iataCode: 'CDG',
          address: {
            cityName: 'PARIS',
            cityCode: 'PAR',
            countryName: 'FRANCE',
            countryCode: 'FR',
            regionCode: 'EUROP',
          },
        },
      ];
      const data = all.filter(
        (l) => l.name.startsWith(keyword) || l.address.cityName.startsWith(keyword),
      );
      return send(res, 200, { meta: { count: data.length, links: { self: '' } }, data });
    }
    fail(res, 404, 38196, 'Resource not found', 'The targeted resource does not exist');
  });
  const { url, port, close } = await listenOnLoopback(server);
  return {
    url,
    host: '127.0.0.1',
    port,
    requests,
    get tokenRequests() {
      return tokens;
    },
    get searchCount() {
      return faults.count;
    },
    failNext: (status, times) => faults.failNext(status, times),
    hang: (on) => faults.hang(on),
    contentType(value) {
      searchContentType = value;
    },
    waitForSearches: (n) => faults.waitFor(n),
    close,
  };
}
