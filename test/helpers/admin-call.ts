/** One admin API call with the admin token: status, raw text and parsed JSON (when there is a body). */
export interface AdminAnswer {
  status: number;
  text: string;
  json: any;
}

export function adminCaller(url: () => string, token: string) {
  return async function call(method: string, path: string, body?: unknown): Promise<AdminAnswer> {
    const response = await fetch(`${url()}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, json: text ? (JSON.parse(text) as unknown) : undefined };
  };
}
