/** Offers in the agent's normalised schema, for card tests and screenshots. */
import type { FlightOffer } from '../protocol/flight-offer.js';

const seg = (
  carrier: { iata: string; name: string },
  flightNumber: string,
  o: string,
  d: string,
  dep: FlightOffer['slices'][number]['departure'],
  arr: FlightOffer['slices'][number]['arrival'],
  durationMinutes: number,
) => ({
  carrier,
  flightNumber,
  origin: { iata: o },
  destination: { iata: d },
  departure: dep,
  arrival: arr,
  durationMinutes,
});

const BA = { iata: 'BA', name: 'British Airways' };
const IB = { iata: 'IB', name: 'Iberia' };
const JL = { iata: 'JL', name: 'Japan Airlines' };

const madDep = {
  local: '2026-05-04T08:30:00',
  timeZone: 'Europe/Madrid',
  utc: '2026-05-04T06:30:00.000Z',
};
const lhrArr = {
  local: '2026-05-04T09:45:00',
  timeZone: 'Europe/London',
  utc: '2026-05-04T08:45:00.000Z',
};

/** Madrid 08:30 (CEST) → London 09:45 (BST), nonstop, €123.45. */
export const madLhr: FlightOffer = {
  id: 'off_mad_lhr',
  provider: 'duffel',
  price: { amount: '123.45', currency: 'EUR' },
  cabin: 'economy',
  carriers: [BA],
  slices: [
    {
      origin: { iata: 'MAD', cityName: 'Madrid' },
      destination: { iata: 'LHR', cityName: 'London' },
      departure: madDep,
      arrival: lhrArr,
      durationMinutes: 135,
      stops: 0,
      segments: [seg(BA, 'BA 459', 'MAD', 'LHR', madDep, lhrArr, 135)],
    },
  ],
  totalDurationMinutes: 135,
  maxStops: 0,
  slicesComplete: true,
};

const jfkDep = {
  local: '2026-05-04T23:50:00',
  timeZone: 'America/New_York',
  utc: '2026-05-05T03:50:00.000Z',
};
const lhrMid = {
  local: '2026-05-05T11:55:00',
  timeZone: 'Europe/London',
  utc: '2026-05-05T10:55:00.000Z',
};
const lhrOut = {
  local: '2026-05-05T13:40:00',
  timeZone: 'Europe/London',
  utc: '2026-05-05T12:40:00.000Z',
};
const nrtArr = {
  local: '2026-05-06T09:20:00',
  timeZone: 'Asia/Tokyo',
  utc: '2026-05-06T00:20:00.000Z',
};

/** New York 23:50 → Tokyo 09:20 two days later (local), one stop, $1,234.50. */
export const jfkNrt: FlightOffer = {
  id: 'off_jfk_nrt',
  provider: 'duffel',
  price: { amount: '1234.50', currency: 'USD' },
  cabin: 'economy',
  carriers: [BA, JL],
  slices: [
    {
      origin: { iata: 'JFK', cityName: 'New York' },
      destination: { iata: 'NRT', cityName: 'Tokyo' },
      departure: jfkDep,
      arrival: nrtArr,
      durationMinutes: 1230,
      stops: 1,
      segments: [
        seg(BA, 'BA 112', 'JFK', 'LHR', jfkDep, lhrMid, 425),
        seg(JL, 'JL 44', 'LHR', 'NRT', lhrOut, nrtArr, 700),
      ],
    },
  ],
  totalDurationMinutes: 1230,
  maxStops: 1,
  slicesComplete: true,
};

const madDep2 = {
  local: '2026-05-04T19:05:00',
  timeZone: 'Europe/Madrid',
  utc: '2026-05-04T17:05:00.000Z',
};
const lgwArr2 = {
  local: '2026-05-04T20:25:00',
  timeZone: 'Europe/London',
  utc: '2026-05-04T19:25:00.000Z',
};

export const madLgw: FlightOffer = {
  ...madLhr,
  id: 'off_mad_lgw',
  price: { amount: '98.00', currency: 'EUR' },
  carriers: [IB],
  slices: [
    {
      origin: { iata: 'MAD', cityName: 'Madrid' },
      destination: { iata: 'LGW', cityName: 'London' },
      departure: madDep2,
      arrival: lgwArr2,
      durationMinutes: 140,
      stops: 0,
      segments: [seg(IB, 'IB 3162', 'MAD', 'LGW', madDep2, lgwArr2, 140)],
    },
  ],
  totalDurationMinutes: 140,
};
