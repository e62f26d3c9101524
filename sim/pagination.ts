/** AWS-style pagination: opaque tokens, page-size limits, and optional empty pages that still carry a token. */
import { SimError } from "./errors.ts";

export interface PageOptions {
  defaultSize: number;
  maxSize: number;
  /** Validation error code of the service for a bad token or size. */
  invalidTokenCode?: string;
  /**
   * Serve an empty page (with a next token) before the first real page, as Organizations ListAccounts may
   * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html: a page may be empty
   * while NextToken is not null).
   */
  emptyFirstPage?: boolean;
}

interface Token {
  o: number;
  /** The empty leading page has been served. */
  e?: 1;
  /** Which listing the token belongs to, so a token from another call is refused. */
  k: string;
}

export function paginate<T>(
  items: readonly T[],
  token: string | undefined,
  size: number | undefined,
  listing: string,
  opts: PageOptions,
): { page: T[]; nextToken?: string } {
  const code = opts.invalidTokenCode ?? "InvalidParameterValueException";
  const limit = size ?? opts.defaultSize;
  if (!Number.isInteger(limit) || limit < 1 || limit > opts.maxSize) {
    throw new SimError(code, `Page size ${String(size)} is out of range: must be 1 to ${opts.maxSize}.`);
  }
  let state: Token = { o: 0, k: listing };
  if (token !== undefined && token !== "") {
    try {
      state = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Token;
    } catch {
      throw new SimError(code, "Invalid pagination token.");
    }
    if (state.k !== listing || typeof state.o !== "number") {
      throw new SimError(code, "Invalid pagination token.");
    }
  }
  const encode = (t: Token) => Buffer.from(JSON.stringify(t)).toString("base64url");
  if (opts.emptyFirstPage && !state.e && items.length > 0) {
    return { page: [], nextToken: encode({ ...state, e: 1 }) };
  }
  const page = items.slice(state.o, state.o + limit);
  const next = state.o + limit;
  return { page, nextToken: next < items.length ? encode({ o: next, e: 1, k: listing }) : undefined };
}
