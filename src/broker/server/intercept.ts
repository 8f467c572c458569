// The test hook: an interceptor sees every request (raw frame and decoded body) before its handler,
// and may let it through, delay it (return a promise), answer it itself, drop it or close the connection.

export interface InterceptedRequest {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  /** The request frame without its size prefix (a copy, safe to keep). */
  readonly frame: Buffer;
  /** The decoded request body, or undefined when the version is not one the broker serves. */
  readonly body: unknown;
  readonly connectionId: number;
}

export type InterceptAction =
  /** Handle the request normally. */
  | { readonly action: 'continue' }
  /** Send this response body instead of calling the handler. */
  | { readonly action: 'respond'; readonly body: unknown }
  /** Send no response at all. */
  | { readonly action: 'drop' }
  /** Close the connection. */
  | { readonly action: 'close' };

export type RequestInterceptor = (request: InterceptedRequest) => InterceptAction | void | Promise<InterceptAction | void>;
