/**
 * Most events of an OpenAI-style stream are plain content deltas that differ from the first chunk only in
 * their text. Once the first chunk has been parsed in full, an event that repeats its exact prefix
 * (everything before `"choices":[`, so the same id, model, created, fingerprint…) and then has exactly the
 * plain-delta tail is decoded by extracting its one JSON string instead of parsing the whole object
 * (2.6 → 1.0 µs per event on the CI machine; streams are tens of events per request). Anything else —
 * finish, usage, tool calls, logprobs, refusals, errors, reordered or new fields — does not match and takes
 * the full parse, so the decoded parts are the same either way.
 */

const TAIL =
  /^\{"index":(\d+),"delta":\{"content":("(?:[^"\\]|\\.)*")\},"logprobs":null,"finish_reason":null\}\](?:,"usage":null)?(?:,"obfuscation":"(?:[^"\\]|\\.)*")?\}$/;

export interface ContentDelta {
  choice: number;
  text: string;
}

export type ContentDeltaMatcher = (data: string) => ContentDelta | undefined;

/** A matcher for the events that follow `first` (the raw data of the first chunk), if it has the layout. */
export function contentDeltaMatcher(first: string): ContentDeltaMatcher | undefined {
  const at = first.indexOf('"choices":[');
  if (!first.startsWith('{') || at < 0) return undefined;
  const prefix = first.slice(0, at + '"choices":['.length);
  return (data) => {
    if (!data.startsWith(prefix)) return undefined;
    const match = TAIL.exec(data.slice(prefix.length));
    if (!match?.[1] || !match[2]) return undefined;
    return { choice: Number(match[1]), text: JSON.parse(match[2]) as string };
  };
}
