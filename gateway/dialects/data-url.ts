/** `data:<media type>;base64,<data>` URLs, as OpenAI-style APIs carry inline images and files. */

const DATA_URL = /^data:([a-zA-Z0-9.+-]+\/[a-zA-Z0-9.+-]+)(?:;[a-zA-Z0-9=._-]+)*;base64,/;

export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = DATA_URL.exec(url);
  if (!match?.[1]) return undefined;
  return { mediaType: match[1].toLowerCase(), data: url.slice(match[0].length) };
}

export function toDataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}
