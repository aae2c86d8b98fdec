/**
 * Protocol fake of the Duffel Flights API (v2) for tests: the real `@duffel/api`
 * SDK talks to it through its `basePath` option.
 *
 * Wire format from Duffel's published API reference:
 * - https://duffel.com/docs/api/v2/offer-requests/create-offer-request (request
 *   `{data:{slices,passengers,cabin_class,max_connections}}`, query
 *   `return_offers`, `supplier_timeout`; 201 response `{data: OfferRequest}`
 *   with `offers[]`, each with `slices[].segments[]`, `total_amount`,
 *   `total_currency`, `owner`), and the example offer there (British Airways,
 *   `off_00009htYpSCXrwaB9DnUm0`, Heathrow `Europe/London` → JFK).
 * - https://duffel.com/docs/api/overview/errors (`{errors:[{type,title,message,
 *   code,documentation_url}], meta:{status,request_id}}`).
 */
import type { ServerResponse } from 'node:http';
import { SearchFaults, listenOnLoopback, recordingServer, type RecordedRequest } from './faults.js';

export type { RecordedRequest };

export interface DuffelFakeOptions {
  /** The token the fake accepts (401 for any other). */
  token?: string;
  /** Offers per answer (0 = no flights on the route). */
  offerCount?: number;
}

export interface DuffelFake {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Requests to POST /air/offer_requests. */
  readonly searchCount: number;
  /** The next `times` searches answer HTTP `status` with a Duffel error body. */
  failNext(status: number, times?: number): void;
  /** While on, searches are accepted and never answered. */
  hang(on?: boolean): void;
  /** Searches wait for their answer until the returned function is called. */
  hold(): () => void;
  setOfferCount(n: number): void;
  /** Resolves once this many searches have arrived. */
  waitForSearches(n: number): Promise<void>;
  close(): Promise<void>;
}

const AIRPORTS: Record<string, { name: string; city: string; cityCode: string; tz: string }> = {
  LHR: { name: 'Heathrow', city: 'London', cityCode: 'LON', tz: 'Europe/London' },
  JFK: {
    name: 'John F. Kennedy International Airport',
    city: 'New York',
    cityCode: 'NYC',
    tz: 'America/New_York',
  },
  CDG: {
    name: 'Paris Charles de Gaulle Airport',
    city: 'Paris',
    cityCode: 'PAR',
    tz: 'Europe/Paris',
  },
  MAD: {
    name: 'Adolfo Suárez Madrid–Barajas Airport',
    city: 'Madrid',
    cityCode: 'MAD',
    tz: 'Europe/Madrid',
  },
  HND: { name: 'Haneda Airport', city: 'Tokyo', cityCode: 'TYO', tz: 'Asia/Tokyo' },
  MUC: {
    name: 'Munich International Airport',
    city: 'Munich',
    cityCode: 'MUC',
    tz: 'Europe/Berlin',
  },
  PEK: {
    name: 'Beijing Capital International Airport',
    city: 'Beijing',
    cityCode: 'BJS',
    tz: 'Asia/Shanghai',
  },
};
const CITY_TO_AIRPORT: Record<string, string> = {
  LON: 'LHR',
  NYC: 'JFK',
  PAR: 'CDG',
  TYO: 'HND',
  BJS: 'PEK',
};

function place(code: string) {
  const iata = CITY_TO_AIRPORT[code] ?? code;
  const a = AIRPORTS[iata] ?? {
    name: `${iata} Airport`,
    city: iata,
    cityCode: iata,
    tz: 'Europe/London',
  };
  return {
    type: 'airport',
    iata_code: iata,
    iata_country_code: 'GB',
    iata_city_code: a.cityCode,
    icao_code: null,
    id: `arp_${iata.toLowerCase()}_gb`,
    latitude: 0,
    longitude: 0,
    name: a.name,
    time_zone: a.tz,
    city_name: a.city,
    city: null,
  };
}

const CARRIERS = [
  {
    name: 'British Airways',
    iata_code: 'BA',
    id: 'arl_00001876aqC8c5umZmrRds',
    logo_symbol_url: null,
    logo_lockup_url: null,
    conditions_of_carriage_url: null,
  },
  {
    name: 'Iberia',
    iata_code: 'IB',
    id: 'arl_00009VME7DAGiJjwomhv32',
    logo_symbol_url: null,
    logo_lockup_url: null,
    conditions_of_carriage_url: null,
  },
  {
    name: 'American Airlines',
    iata_code: 'AA',
    id: 'arl_00009VME7DAGiJjwomhv33',
    logo_symbol_url: null,
    logo_lockup_url: null,
    conditions_of_carriage_url: null,
  },
];

interface SliceReq {
  origin: string;
  destination: string;
  departure_date: string;
}

function segment(
  o: string,
  d: string,
  date: string,
  depHour: number,
  hours: number,
  carrier: (typeof CARRIERS)[number],
  n: number,
  cabin: string,
) {
  const pad = (x: number): string => String(x).padStart(2, '0');
  const arrH = depHour + hours;
  const arrDate = new Date(`${date}T00:00:00Z`);
  arrDate.setUTCDate(arrDate.getUTCDate() + Math.floor(arrH / 24));
  return {
    id: `seg_0000A${n}`,
    origin: place(o),
    destination: place(d),
    origin_terminal: '5',
    destination_terminal: '1',
    departing_at: `${date}T${pad(depHour)}:30:00`,
    arriving_at: `${arrDate.toISOString().slice(0, 10)}T${pad(arrH % 24)}:15:00`,
    duration: `PT${pad(hours)}H45M`,
    marketing_carrier: carrier,
    operating_carrier: carrier,
    marketing_carrier_flight_number: String(100 + n),
    operating_carrier_flight_number: String(100 + n),
    aircraft: {
      name: 'Airbus Industries A380',
      id: 'arc_00009UhD4ongolulWd91Ky',
      iata_code: '380',
    },
    distance: '424.2',
    passengers: [
      {
        passenger_id: 'pas_00009hj8USM7Ncg31cBCL',
        cabin_class: cabin,
        cabin_class_marketing_name: cabin === 'economy' ? 'Economy' : cabin,
        baggages: [{ type: 'checked', quantity: 1 }],
      },
    ],
    stops: [],
  };
}

function offers(
  slices: SliceReq[],
  cabin: string,
  count: number,
  maxConnections: number | undefined,
) {
  const list = [];
  for (let i = 0; i < count; i++) {
    const carrier = CARRIERS[i % CARRIERS.length] ?? CARRIERS[0]!;
    const connecting = i % 3 === 2 && maxConnections !== 0;
    const outSlices = slices.map((s, si) => {
      const segments = connecting
        ? [
            segment(s.origin, 'MAD', s.departure_date, 7 + i, 2, carrier, i * 10 + si * 2, cabin),
            segment(
              'MAD',
              s.destination,
              s.departure_date,
              12 + i,
              8,
              carrier,
              i * 10 + si * 2 + 1,
              cabin,
            ),
          ]
        : [
            segment(
              s.origin,
              s.destination,
              s.departure_date,
              8 + i,
              7,
              carrier,
              i * 10 + si,
              cabin,
            ),
          ];
      return {
        id: `sli_0000${i}${si}`,
        origin_type: 'airport',
        origin: place(s.origin),
        destination_type: 'airport',
        destination: place(s.destination),
        duration: connecting ? 'PT14H45M' : 'PT07H45M',
        fare_brand_name: 'Basic',
        segments,
        conditions: { change_before_departure: null },
      };
    });
    list.push({
      id: `off_00009htYpSCXrwaB9DnUm${i}`,
      live_mode: false,
      created_at: '2020-01-17T10:12:14.545Z',
      updated_at: '2020-01-17T10:12:14.545Z',
      expires_at: '2030-01-17T10:42:14.545Z',
      total_amount: (412.3 + ((i * 37.15) % 300) - (i === 1 ? 80 : 0)).toFixed(2),
      total_currency: 'GBP',
      base_amount: '30.20',
      base_currency: 'GBP',
      tax_amount: '40.80',
      tax_currency: 'GBP',
      total_emissions_kg: '460',
      owner: carrier,
      slices: outSlices,
      passengers: [{ type: 'adult', id: 'pas_00009hj8USM7Ncg31cBCL' }],
      passenger_identity_documents_required: false,
      conditions: { refund_before_departure: null, change_before_departure: null },
      payment_requirements: {
        requires_instant_payment: false,
        price_guarantee_expires_at: null,
        payment_required_by: null,
      },
    });
  }
  return list;
}

/** The server environment that makes Duffel the one flight provider, at the fake's `url`. */
export function duffelEnv(url: string) {
  return {
    DUFFEL_ACCESS_TOKEN: 'duffel_test_fake',
    DUFFEL_BASE_URL: url,
    FLIGHT_PROVIDERS: 'duffel',
  };
}

export async function startDuffelFake(opts: DuffelFakeOptions = {}): Promise<DuffelFake> {
  const token = opts.token ?? 'duffel_test_fake';
  let offerCount = opts.offerCount ?? 5;
  const requests: RecordedRequest[] = [];
  const faults = new SearchFaults();

  const error = (
    res: ServerResponse,
    status: number,
    type: string,
    code: string,
    message: string,
  ): void => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-request-id': 'FZW0H3HdJwKk5HMAAKxB',
    });
    res.end(
      JSON.stringify({
        meta: { status, request_id: 'FZW0H3HdJwKk5HMAAKxB' },
        errors: [
          {
            type,
            title: message,
            message,
            code,
            documentation_url: 'https://duffel.com/docs/api/overview/response-handling',
          },
        ],
      }),
    );
  };

  const server = recordingServer(requests, (req, res, url, body) => {
    if (req.headers.authorization !== `Bearer ${token}`)
      return error(
        res,
        401,
        'authentication_error',
        'unauthorized',
        'The provided access token is not valid',
      );
    if (req.headers['duffel-version'] !== 'v2')
      return error(
        res,
        400,
        'invalid_request_error',
        'unsupported_version',
        'Duffel-Version header missing or unsupported',
      );
    if (req.method === 'POST' && url.pathname.replace(/\/$/, '') === '/air/offer_requests') {
      const { hang, status, held } = faults.arrive();
      if (hang) return;
      if (status === 429)
        return error(
          res,
          429,
          'rate_limit_error',
          'rate_limit_exceeded',
          'Too many requests hit the API too quickly',
        );
      if (status !== undefined)
        return error(
          res,
          status,
          'api_error',
          'internal_server_error',
          'An internal server error occurred',
        );
      let data: {
        slices?: SliceReq[];
        passengers?: unknown[];
        cabin_class?: string;
        max_connections?: number;
      };
      try {
        data = (JSON.parse(body) as { data: typeof data }).data;
      } catch {
        return error(res, 400, 'invalid_request_error', 'malformed_json', 'Body is not JSON');
      }
      if (
        !Array.isArray(data?.slices) ||
        data.slices.length === 0 ||
        !Array.isArray(data.passengers) ||
        data.passengers.length === 0
      ) {
        return error(
          res,
          422,
          'validation_error',
          'validation_required',
          'slices and passengers are required',
        );
      }
      const cabin = data.cabin_class ?? 'economy';
      const answer = JSON.stringify({
        data: {
          id: 'orq_00009hjdomFOCJyxHG7k7k',
          live_mode: false,
          created_at: '2020-02-12T15:21:01.927Z',
          cabin_class: cabin,
          slices: data.slices.map((s) => ({
            origin: place(s.origin),
            destination: place(s.destination),
            departure_date: s.departure_date,
          })),
          passengers: data.passengers,
          offers: offers(data.slices, cabin, offerCount, data.max_connections),
        },
      });
      const reply = () => {
        res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
        res.end(answer);
      };
      if (held) void held.then(reply);
      else reply();
      return;
    }
    error(
      res,
      404,
      'invalid_request_error',
      'not_found',
      'The resource you are trying to access does not exist',
    );
  });
  const { url, port, close } = await listenOnLoopback(server);
  return {
    url,
    port,
    requests,
    get searchCount() {
      return faults.count;
    },
    failNext: (status, times) => faults.failNext(status, times),
    hang: (on) => faults.hang(on),
    hold: () => faults.hold(),
    setOfferCount(n) {
      offerCount = n;
    },
    waitForSearches: (n) => faults.waitFor(n),
    close,
  };
}
