/**
 * The config written on first run, so a new user can start Signalbox with no file at all. It holds one
 * generated client key — as a SHA-256 digest; the key itself is shown once — and commented examples.
 */
export function firstRunConfig(clientKeyDigest: string): string {
  return `# yaml-language-server: $schema=./config.schema.json
# Signalbox configuration. Full reference: README.md, section "Configuration".
# Secrets are never written here: keys are references such as env:OPENAI_API_KEY.

server:
  host: 127.0.0.1
  port: 6464

providers: {}
#  oai:
#    type: openai                 # openai, openai-compatible, openrouter, groq, mistral, deepseek,
#    apiKey: env:OPENAI_API_KEY   # together, fireworks, xai, ollama, lmstudio, vllm
#  local:
#    type: ollama                 # no key needed; models are discovered
#  groq:
#    type: groq
#    apiKey: env:GROQ_API_KEY
#    models: [llama-3.3-70b-versatile]

clientKeys:
  # Generated on first run; tools send it as "Authorization: Bearer <key>".
  - name: default
    sha256: ${clientKeyDigest}
`;
}
