// The `amadeus` package ships no types. This declares only what AmadeusProvider
// uses, as read from node_modules/amadeus/lib (v11.0.0).
declare module 'amadeus' {
  import type * as http from 'node:http';

  export interface AmadeusResponse<T = unknown> {
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
    result: T;
    data: unknown;
    parsed: boolean;
  }

  /** Errors are plain objects (they do not extend Error) with these fields. */
  export interface AmadeusResponseError {
    code:
      | 'NetworkError'
      | 'ParserError'
      | 'ServerError'
      | 'ClientError'
      | 'AuthenticationError'
      | 'NotFoundError'
      | 'UnknownError';
    description: unknown;
    response?: { statusCode?: number; body?: string };
  }

  export interface AmadeusClient {
    host: string;
    port: number;
    ssl: boolean;
    http: Pick<typeof http, 'request'>;
    accessToken: { bearerToken(client: AmadeusClient): Promise<string> };
    get(path: string, params?: Record<string, unknown>): Promise<AmadeusResponse>;
  }

  export interface AmadeusOptions {
    clientId: string;
    clientSecret: string;
    hostname?: 'test' | 'production';
    host?: string;
    port?: number;
    ssl?: boolean;
    logLevel?: 'silent' | 'warn' | 'debug';
    customAppId?: string;
    customAppVersion?: string;
  }

  class Amadeus {
    constructor(options: AmadeusOptions);
    client: AmadeusClient;
    shopping: {
      flightOffersSearch: {
        get(params: Record<string, string | number | boolean>): Promise<AmadeusResponse>;
      };
    };
    referenceData: {
      locations: { get(params: Record<string, string | number>): Promise<AmadeusResponse> };
    };
  }
  export default Amadeus;
}
