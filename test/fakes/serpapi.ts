/**
 * Protocol fake of SerpApi's Google Flights engine for tests
 * (GET /search?engine=google_flights&departure_id=…&arrival_id=…&outbound_date=…&api_key=…).
 *
 * Wire format from SerpApi's published documentation and example JSON,
 * https://serpapi.com/google-flights-api: `search_metadata`,
 * `search_parameters`, `best_flights[]`/`other_flights[]`, each with
 * `flights[]` (`departure_airport{name,id,time:"YYYY-MM-DD HH:MM"}`,
 * `arrival_airport`, `duration`, `airplane`, `airline`, `travel_class`,
 * `flight_number:"UA 1234"`), `layovers[]`, `total_duration`, `price` (a number
 * in the requested currency), `type`, `departure_token`/`booking_token`.
 * Errors: `{"error": "…"}` with HTTP 401/429, and HTTP 200 with
 * "Google Flights hasn't returned any results for this query." for empty routes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { SearchFaults, listenOnLoopback } from './faults.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
}

export interface SerpApiFakeOptions {
  apiKey?: string;
}

export interface SerpApiFake {
  url: string;
  port: number;
  requests: RecordedRequest[];
  readonly searchCount: number;
  failNext(status: number, times?: number): void;
  hang(on?: boolean): void;
  /** Answer the next searches with Google's "no results" message. */
  noResults(on?: boolean): void;
  waitForSearches(n: number): Promise<void>;
  close(): Promise<void>;
}

function itinerary(
  i: number,
  from: string,
  to: string,
  date: string,
  travelClass: string,
  returnTrip: boolean,
) {
  const airlines = [
    ['United', 'UA'],
    ['Lufthansa', 'LH'],
    ['Air France', 'AF'],
  ] as const;
  const [airline, code] = airlines[i % airlines.length] ?? airlines[0];
  const pad = (x: number): string => String(x).padStart(2, '0');
  const flights =
    i % 2 === 0
      ? [
          {
            departure_airport: {
              name: `${from} International`,
              id: from,
              time: `${date} ${pad(9 + i)}:10`,
            },
            arrival_airport: {
              name: `${to} International`,
              id: to,
              time: `${date} ${pad(17 + i)}:40`,
            },
            duration: 630,
            airplane: 'Boeing 787',
            airline,
            airline_logo: 'https://www.gstatic.com/flights/airline_logos/70px/UA.png',
            travel_class: travelClass,
            flight_number: `${code} ${900 + i}`,
            legroom: '31 in',
            extensions: ['Average legroom (31 in)'],
          },
        ]
      : [
          {
            departure_airport: {
              name: `${from} International`,
              id: from,
              time: `${date} ${pad(6 + i)}:00`,
            },
            arrival_airport: {
              name: 'Frankfurt Airport',
              id: 'FRA',
              time: `${date} ${pad(8 + i)}:00`,
            },
            duration: 120,
            airplane: 'Airbus A320',
            airline,
            travel_class: travelClass,
            flight_number: `${code} ${400 + i}`,
          },
          {
            departure_airport: {
              name: 'Frankfurt Airport',
              id: 'FRA',
              time: `${date} ${pad(10 + i)}:30`,
            },
            arrival_airport: {
              name: `${to} International`,
              id: to,
              time: `${date} ${pad(18 + i)}:45`,
            },
            duration: 555,
            airplane: 'Airbus A350',
            airline,
            travel_class: travelClass,
            flight_number: `${code} ${410 + i}`,
          },
        ];
  return {
    flights,
    layovers:
      flights.length > 1 ? [{ duration: 150, name: 'Frankfurt Airport', id: 'FRA' }] : undefined,
    total_duration: flights.reduce((s, f) => s + f.duration, 0) + (flights.length > 1 ? 150 : 0),
    carbon_emissions: {
      this_flight: 560000,
      typical_for_this_route: 540000,
      difference_percent: 4,
    },
    price: 700 + i * 55 - (i === 3 ? 300 : 0),
    type: returnTrip ? 'Round trip' : 'One way',
    airline_logo: 'https://www.gstatic.com/flights/airline_logos/70px/multi.png',
    ...(returnTrip ? { departure_token: `WyJDalJJ${i}` } : { booking_token: `WyJDalJIb${i}` }),
  };
}

export async function startSerpApiFake(opts: SerpApiFakeOptions = {}): Promise<SerpApiFake> {
  const apiKey = opts.apiKey ?? 'serp-fake-key';
  const requests: RecordedRequest[] = [];
  const faults = new SearchFaults();
  let empty = false;
  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
    });
    if (url.pathname !== '/search' && url.pathname !== '/search.json')
      return send(res, 404, { error: 'Not found' });
    const q = url.searchParams;
    if (q.get('api_key') !== apiKey)
      return send(res, 401, {
        error: 'Invalid API key. Your API key should be here: https://serpapi.com/manage-api-key',
      });
    const { hang, status } = faults.arrive();
    if (hang) return;
    if (status === 429) return send(res, 429, { error: 'Your account has run out of searches.' });
    if (status !== undefined) return send(res, status, { error: 'Internal server error.' });
    if (q.get('engine') !== 'google_flights')
      return send(res, 400, { error: 'Unsupported `engine` parameter.' });
    const from = q.get('departure_id')?.split(',')[0];
    const to = q.get('arrival_id')?.split(',')[0];
    const date = q.get('outbound_date');
    if (!from || !to || !date)
      return send(res, 400, {
        error: 'Missing `departure_id`, `arrival_id` or `outbound_date` parameter.',
      });
    const metadata = {
      id: '6568d7b1d9b0d7a9e2f1c2a0',
      status: 'Success',
      json_endpoint: '',
      created_at: '2023-11-30 18:45:05 UTC',
      processed_at: '2023-11-30 18:45:05 UTC',
      google_flights_url: '',
      raw_html_file: '',
      total_time_taken: 2.6,
    };
    const params = Object.fromEntries(q.entries());
    delete params.api_key;
    if (empty)
      return send(res, 200, {
        search_metadata: metadata,
        search_parameters: params,
        error: "Google Flights hasn't returned any results for this query.",
      });
    const classes = ['', 'Economy', 'Premium economy', 'Business', 'First'];
    const travelClass = classes[Number(q.get('travel_class') ?? 1)] ?? 'Economy';
    const roundTrip = (q.get('type') ?? '1') === '1';
    const all = Array.from({ length: 5 }, (_, i) =>
      itinerary(i, from, to, date, travelClass, roundTrip),
    ).filter((it) => q.get('stops') !== '1' || it.flights.length === 1);
    send(res, 200, {
      search_metadata: metadata,
      search_parameters: { ...params, currency: q.get('currency') ?? 'USD' },
      best_flights: all.slice(0, 2),
      other_flights: all.slice(2),
      price_insights: {
        lowest_price: Math.min(...all.map((a) => a.price)),
        price_level: 'typical',
        typical_price_range: [600, 900],
      },
    });
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
    noResults(on = true) {
      empty = on;
    },
    waitForSearches: (n) => faults.waitFor(n),
    close,
  };
}
