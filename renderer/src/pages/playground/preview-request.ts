/** The request body the routing preview plans for: a tiny chat request with the needs the user ticked. */
export interface PreviewNeeds {
  model: string;
  tools: boolean;
  image: boolean;
  stream: boolean;
}

export function previewBody(needs: PreviewNeeds): Record<string, unknown> {
  const content = needs.image
    ? [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image_url', image_url: { url: 'https://example.com/picture.png' } },
      ]
    : 'ping';
  return {
    model: needs.model,
    messages: [{ role: 'user', content }],
    ...(needs.stream ? { stream: true } : {}),
    ...(needs.tools ? { tools: [{ type: 'function', function: { name: 'lookup', description: 'A tool, so the plan must support tool calls', parameters: { type: 'object', properties: {} } } }] } : {}),
  };
}
