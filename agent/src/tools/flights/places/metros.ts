/**
 * IATA metropolitan-area ("city") codes for cities served by several airports.
 * Hand-curated from IATA's published city codes; airports are listed busiest first.
 * A city with a single airport needs no entry: its airport code is its code.
 */
export interface Metro {
  code: string;
  name: string;
  country: string;
  airports: string[];
}

export const METROS: readonly Metro[] = [
  {
    code: 'LON',
    name: 'London',
    country: 'GB',
    airports: ['LHR', 'LGW', 'STN', 'LTN', 'LCY', 'SEN'],
  },
  { code: 'NYC', name: 'New York', country: 'US', airports: ['JFK', 'EWR', 'LGA'] },
  { code: 'PAR', name: 'Paris', country: 'FR', airports: ['CDG', 'ORY', 'BVA'] },
  { code: 'TYO', name: 'Tokyo', country: 'JP', airports: ['HND', 'NRT'] },
  { code: 'MIL', name: 'Milan', country: 'IT', airports: ['MXP', 'LIN', 'BGY'] },
  { code: 'ROM', name: 'Rome', country: 'IT', airports: ['FCO', 'CIA'] },
  { code: 'WAS', name: 'Washington', country: 'US', airports: ['IAD', 'DCA', 'BWI'] },
  { code: 'CHI', name: 'Chicago', country: 'US', airports: ['ORD', 'MDW'] },
  { code: 'BJS', name: 'Beijing', country: 'CN', airports: ['PEK', 'PKX'] },
  { code: 'SHA', name: 'Shanghai', country: 'CN', airports: ['PVG', 'SHA'] },
  { code: 'SEL', name: 'Seoul', country: 'KR', airports: ['ICN', 'GMP'] },
  { code: 'OSA', name: 'Osaka', country: 'JP', airports: ['KIX', 'ITM', 'UKB'] },
  { code: 'SPK', name: 'Sapporo', country: 'JP', airports: ['CTS', 'OKD'] },
  { code: 'TPE', name: 'Taipei', country: 'TW', airports: ['TPE', 'TSA'] },
  { code: 'JKT', name: 'Jakarta', country: 'ID', airports: ['CGK', 'HLP'] },
  { code: 'BKK', name: 'Bangkok', country: 'TH', airports: ['BKK', 'DMK'] },
  { code: 'SAO', name: 'São Paulo', country: 'BR', airports: ['GRU', 'CGH', 'VCP'] },
  { code: 'RIO', name: 'Rio de Janeiro', country: 'BR', airports: ['GIG', 'SDU'] },
  { code: 'BHZ', name: 'Belo Horizonte', country: 'BR', airports: ['CNF', 'PLU'] },
  { code: 'BUE', name: 'Buenos Aires', country: 'AR', airports: ['EZE', 'AEP'] },
  { code: 'MOW', name: 'Moscow', country: 'RU', airports: ['SVO', 'DME', 'VKO', 'ZIA'] },
  { code: 'STO', name: 'Stockholm', country: 'SE', airports: ['ARN', 'BMA', 'NYO'] },
  { code: 'BUH', name: 'Bucharest', country: 'RO', airports: ['OTP', 'BBU'] },
  { code: 'IST', name: 'Istanbul', country: 'TR', airports: ['IST', 'SAW'] },
  { code: 'DXB', name: 'Dubai', country: 'AE', airports: ['DXB', 'DWC'] },
  { code: 'YTO', name: 'Toronto', country: 'CA', airports: ['YYZ', 'YTZ'] },
  { code: 'YMQ', name: 'Montreal', country: 'CA', airports: ['YUL'] },
  { code: 'HOU', name: 'Houston', country: 'US', airports: ['IAH', 'HOU'] },
  { code: 'DFW', name: 'Dallas', country: 'US', airports: ['DFW', 'DAL'] },
  { code: 'DTT', name: 'Detroit', country: 'US', airports: ['DTW'] },
  { code: 'REK', name: 'Reykjavik', country: 'IS', airports: ['KEF', 'RKV'] },
  { code: 'OSL', name: 'Oslo', country: 'NO', airports: ['OSL', 'TRF'] },
];
