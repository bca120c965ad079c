/** Tool definitions (name, description, JSON-schema parameters checked as you type) and the tool choice. */
import { newTool, toolErrors, type ToolChoice, type ToolDraft } from './conversation';

export function ToolsEditor({ tools, choice, onTools, onChoice }: { tools: readonly ToolDraft[]; choice: ToolChoice; onTools(tools: ToolDraft[]): void; onChoice(choice: ToolChoice): void }) {
  const update = (key: string, patch: Partial<ToolDraft>) => onTools(tools.map((tool) => (tool.key === key ? { ...tool, ...patch } : tool)));
  const named = [...new Set(tools.map((tool) => tool.name.trim()).filter(Boolean))];
  const hasWeather = named.includes('get_weather');
  return (
    <div className="tools-editor">
      {tools.length === 0 ? <p className="muted tools-empty">No tools: the model answers in text. Add a tool to see tool calls, and to route only to targets that support them.</p> : null}
      {tools.map((tool, index) => {
        const errors = toolErrors(tool, tools);
        const id = `pg-tool-${tool.key}`;
        return (
          <fieldset key={tool.key} className="tool-card" aria-label={`Tool ${index + 1}`}>
            <div className="tool-row">
              <div className="field">
                <label className="field-label" htmlFor={`${id}-name`}>
                  Tool {index + 1} name
                </label>
                <input
                  id={`${id}-name`}
                  className="input input-mono"
                  value={tool.name}
                  onChange={(event) => update(tool.key, { name: event.target.value })}
                  placeholder="get_weather"
                  aria-invalid={Boolean(errors.name)}
                  aria-describedby={errors.name ? `${id}-name-error` : undefined}
                  spellCheck={false}
                />
                {errors.name ? (
                  <span id={`${id}-name-error`} className="field-error">
                    {errors.name}
                  </span>
                ) : null}
              </div>
              <div className="field">
                <label className="field-label" htmlFor={`${id}-description`}>
                  Description
                </label>
                <input id={`${id}-description`} className="input" value={tool.description} onChange={(event) => update(tool.key, { description: event.target.value })} placeholder="What the tool does, for the model" />
              </div>
              <button type="button" className="button button-ghost button-small tool-remove" aria-label={`Remove tool ${index + 1}`} onClick={() => onTools(tools.filter((other) => other.key !== tool.key))}>
                Remove
              </button>
            </div>
            <div className="field">
              <label className="field-label" htmlFor={`${id}-parameters`}>
                Parameters (JSON schema)
              </label>
              <textarea
                id={`${id}-parameters`}
                className="input input-mono"
                rows={Math.min(12, Math.max(3, tool.parameters.split('\n').length))}
                value={tool.parameters}
                onChange={(event) => update(tool.key, { parameters: event.target.value })}
                aria-invalid={Boolean(errors.parameters)}
                aria-describedby={errors.parameters ? `${id}-parameters-error` : undefined}
                spellCheck={false}
              />
              {errors.parameters ? (
                <span id={`${id}-parameters-error`} className="field-error">
                  {errors.parameters}
                </span>
              ) : null}
            </div>
          </fieldset>
        );
      })}
      <div className="tools-actions">
        <button type="button" className="button button-small" onClick={() => onTools([...tools, newTool()])}>
          Add tool
        </button>
        {!hasWeather ? (
          <button type="button" className="button button-ghost button-small" onClick={() => onTools([...tools, newTool(true)])}>
            Add example: get_weather(city)
          </button>
        ) : null}
        {tools.length > 0 ? (
          <label className="tools-choice">
            <span className="field-label">Tool choice</span>
            <select className="input" aria-label="Tool choice" value={choice} onChange={(event) => onChoice(event.target.value as ToolChoice)}>
              <option value="auto">auto: the model decides</option>
              <option value="none">none: answer in text</option>
              <option value="required">required: call some tool</option>
              {named.map((name) => (
                <option key={name} value={`tool:${name}`}>
                  call {name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
    </div>
  );
}
