/** Sampling parameters: empty means "not sent" (the provider's default), each checked against its range. */
import { ANTHROPIC_DEFAULT_MAX_TOKENS, type Dialect } from './playground-request';
import type { ParamDrafts, ParamErrors } from './conversation';

const FIELDS: Array<{ field: keyof ParamDrafts; label: string; placeholder: string; step: string; hint(dialect: Dialect): string }> = [
  { field: 'temperature', label: 'Temperature', placeholder: 'default', step: '0.1', hint: (dialect) => (dialect === 'anthropic-messages' ? '0–1; lower is more focused.' : '0–2; lower is more focused.') },
  {
    field: 'maxTokens',
    label: 'Max tokens',
    placeholder: 'default',
    step: '1',
    hint: (dialect) => (dialect === 'anthropic-messages' ? `Required by Anthropic: ${ANTHROPIC_DEFAULT_MAX_TOKENS} is sent when empty.` : dialect === 'openai-responses' ? 'Sent as max_output_tokens.' : 'Sent as max_tokens.'),
  },
  { field: 'topP', label: 'Top P', placeholder: 'default', step: '0.05', hint: () => '0–1; nucleus sampling. Change this or temperature, not both.' },
];

export function ParamsEditor({ drafts, errors, dialect, onChange }: { drafts: ParamDrafts; errors: ParamErrors; dialect: Dialect; onChange(drafts: ParamDrafts): void }) {
  return (
    <div className="params-grid">
      {FIELDS.map(({ field, label, placeholder, step, hint }) => {
        const id = `pg-param-${field}`;
        const error = errors[field];
        return (
          <div key={field} className="field">
            <label className="field-label" htmlFor={id}>
              {label}
            </label>
            <input
              id={id}
              className="input input-mono"
              type="number"
              inputMode="decimal"
              step={step}
              min={0}
              value={drafts[field]}
              placeholder={placeholder}
              onChange={(event) => onChange({ ...drafts, [field]: event.target.value })}
              aria-invalid={Boolean(error)}
              aria-describedby={`${id}-note`}
            />
            <span id={`${id}-note`} className={error ? 'field-error' : 'field-hint'}>
              {error ?? hint(dialect)}
            </span>
          </div>
        );
      })}
    </div>
  );
}
