/** A fully read HTTP response. Bodies from the admin API are small, so they are buffered. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** Parsed JSON body; `undefined` for an empty body. Throws on malformed JSON. */
  json<T = unknown>(): T;
  /** JSON body if it parses, else the text (for error reporting). */
  readonly body: unknown;
  readonly ok: boolean;
}

export function makeResponse(status: number, headers: Record<string, string>, text: string): HttpResponse {
  let parsed: { value: unknown } | undefined;
  const parse = (): unknown => {
    if (!parsed) parsed = { value: text.length === 0 ? undefined : JSON.parse(text) };
    return parsed.value;
  };
  return {
    status,
    headers,
    text,
    ok: status >= 200 && status < 300,
    json<T>() {
      return parse() as T;
    },
    get body(): unknown {
      try {
        return parse();
      } catch {
        return text;
      }
    },
  };
}
