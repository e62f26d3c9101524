/**
 * The `%regex%` syntax of CloudWatch Logs filter patterns, compiled with RE2 (re2js, a pure-JavaScript port) so
 * that matching runs in time linear in the message whatever the expression: V8's backtracking engine takes minutes
 * on `%.*.*.*Q%` against a few thousand characters.
 *
 * Accepted characters, per https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html:
 * letters and digits; the symbols `: _ # = @ / ; , -`; the operators `^ $ ? [ ] { } | \ * + .`. "The ( and )
 * operators are not supported" and "Multi-byte characters are not supported"; the page's example `%something!%`
 * "would be rejected since '!' is not supported". A space is accepted too (assumed: the page does not list it, and
 * refusing a pattern the service holds would misreport it as broken).
 */
import { RE2JS, RE2JSException } from "re2js";

const ALLOWED = /^[A-Za-z0-9:_#=@/;,\- ^$?[\]{}|\\*+.]$/;

export type RegexCheck = { ok: true; regex: RE2JS } | { ok: false; message: string; offset: number };

// Bounded so that an organization of distinct patterns cannot grow it without limit.
const CACHE_LIMIT = 1000;
const cache = new Map<string, RegexCheck>();

/** Validates and compiles the text between the `%` signs; `offset` is relative to that text. */
export function compileFilterRegex(source: string): RegexCheck {
  let result = cache.get(source);
  if (result) return result;
  result = compile(source);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, result);
  return result;
}

function compile(source: string): RegexCheck {
  if (source === "") return { ok: false, message: "empty regular expression", offset: -1 };
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    if (ALLOWED.test(c)) continue;
    const message =
      c === "(" || c === ")"
        ? "parentheses are not supported in filter pattern regular expressions"
        : c.charCodeAt(0) > 0x7e
          ? "multi-byte characters are not supported in regular expressions"
          : `'${c}' is not supported in filter pattern regular expressions`;
    return { ok: false, message, offset: i };
  }
  try {
    return { ok: true, regex: RE2JS.compile(source) };
  } catch (err) {
    if (!(err instanceof RE2JSException)) throw err;
    return { ok: false, message: `invalid regular expression: ${err.message}`, offset: -1 };
  }
}
