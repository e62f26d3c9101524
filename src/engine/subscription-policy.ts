/** The selection criteria of an account subscription policy (`LogGroupName NOT IN ["a", "b"]`). Pure. */

export type SelectionCriteria =
  { ok: true; excluded: string[] } | { ok: false; message: string; position: number };

/**
 * Parses the selectionCriteria of a SUBSCRIPTION_FILTER_POLICY: "the only supported selectionCriteria filter is
 * `LogGroupName NOT IN []`", a list of exact log group names
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutAccountPolicy.html; example
 * `LogGroupName NOT IN ["LogGroupToExclude1", "LogGroupToExclude2"]` in
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateSubscriptionFilter-Account.html).
 * Empty criteria select every log group. Assumed: keywords are case-insensitive, names are JSON strings.
 */
export function parseSelectionCriteria(text: string): SelectionCriteria {
  let pos = 0;
  const fail = (message: string): SelectionCriteria => ({ ok: false, message, position: pos });
  const space = () => {
    while (pos < text.length && /\s/.test(text.charAt(pos))) pos++;
  };
  const keyword = (word: string): boolean => {
    space();
    const found = text.slice(pos, pos + word.length);
    const next = text.charAt(pos + word.length);
    if (found.toLowerCase() !== word.toLowerCase() || /\w/.test(next)) return false;
    pos += word.length;
    return true;
  };
  space();
  if (pos === text.length) return { ok: true, excluded: [] };
  if (!keyword("LogGroupName"))
    return fail("expected LogGroupName (the only field a subscription policy selects on)");
  if (!keyword("NOT") || !keyword("IN"))
    return fail("expected NOT IN (the only operator a subscription policy allows)");
  space();
  if (text.charAt(pos) !== "[") return fail("expected [");
  pos++;
  const excluded: string[] = [];
  space();
  if (text.charAt(pos) === "]") pos++;
  else {
    for (;;) {
      space();
      const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(pos));
      if (!m) return fail("expected a double-quoted log group name");
      try {
        excluded.push(JSON.parse(m[0]) as string);
      } catch {
        return fail("invalid escape in a log group name");
      }
      pos += m[0].length;
      space();
      const c = text.charAt(pos);
      pos++;
      if (c === "]") break;
      if (c !== ",") {
        pos--;
        return fail("expected , or ]");
      }
    }
  }
  space();
  if (pos < text.length) return fail("unexpected text after the list");
  return { ok: true, excluded };
}
