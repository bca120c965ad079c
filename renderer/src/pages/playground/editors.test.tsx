// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnswerActions } from './AnswerActions';
import { ConversationEditor } from './ConversationEditor';
import { appendAnswer, type ToolChoice, type ToolDraft, type Turn } from './conversation';
import { ParamsEditor } from './ParamsEditor';
import { ToolsEditor } from './ToolsEditor';

afterEach(cleanup);

const latest: { turns: Turn[]; tools: ToolDraft[]; choice: ToolChoice } = { turns: [], tools: [], choice: 'auto' };

function Conversation({ initial }: { initial: Turn[] }) {
  const [turns, setTurns] = useState(initial);
  latest.turns = turns;
  return <ConversationEditor turns={turns} onChange={setTurns} />;
}

function Tools() {
  const [tools, setTools] = useState<ToolDraft[]>([]);
  const [choice, setChoice] = useState<ToolChoice>('auto');
  latest.tools = tools;
  latest.choice = choice;
  return <ToolsEditor tools={tools} choice={choice} onTools={setTools} onChoice={setChoice} />;
}

const value = (label: string) => (screen.getByLabelText(label) as HTMLTextAreaElement | HTMLInputElement).value;

describe('conversation editor', () => {
  it('edits, adds, reorders, changes roles, removes and clears messages', () => {
    render(<Conversation initial={[{ key: 'a', role: 'user', content: '' }]} />);
    expect(screen.queryByRole('button', { name: 'Clear conversation' })).toBeNull();
    expect((screen.getByRole('button', { name: 'Move message 1 up' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Message 1'), { target: { value: 'Hi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add message' }));
    expect((screen.getByLabelText('Role of message 2') as HTMLSelectElement).value).toBe('assistant');
    fireEvent.change(screen.getByLabelText('Message 2'), { target: { value: 'Hello!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add message' }));
    fireEvent.change(screen.getByLabelText('Message 3'), { target: { value: 'How are you?' } });
    expect(latest.turns.map((turn) => [turn.role, turn.content])).toEqual([
      ['user', 'Hi'],
      ['assistant', 'Hello!'],
      ['user', 'How are you?'],
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Move message 3 up' }));
    expect(value('Message 2')).toBe('How are you?');
    fireEvent.click(screen.getByRole('button', { name: 'Move message 1 down' }));
    expect(latest.turns.map((turn) => turn.content)).toEqual(['How are you?', 'Hi', 'Hello!']);
    fireEvent.change(screen.getByLabelText('Role of message 3'), { target: { value: 'user' } });
    expect(latest.turns[2]).toMatchObject({ role: 'user', content: 'Hello!' });
    fireEvent.click(screen.getByRole('button', { name: 'Remove message 1' }));
    expect(latest.turns.map((turn) => turn.content)).toEqual(['Hi', 'Hello!']);
    fireEvent.click(screen.getByRole('button', { name: 'Clear conversation' }));
    expect(latest.turns).toHaveLength(1);
    expect(latest.turns[0]).toMatchObject({ role: 'user', content: '' });
  });

  it('shows tool calls on the assistant message and tool results with their call', () => {
    const turns = appendAnswer([{ key: 'a', role: 'user', content: 'Weather?' }], { text: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] }, { call_1: 'sunny' });
    render(<Conversation initial={turns} />);
    expect(screen.getByLabelText('Tool calls of message 2').textContent).toContain('get_weather{ "city": "Paris" }call_1');
    expect(value('Result of get_weather (message 3)')).toBe('sunny');
    expect(screen.queryByLabelText('Role of message 3')).toBeNull();
    fireEvent.change(screen.getByLabelText('Result of get_weather (message 3)'), { target: { value: '18 C' } });
    expect(latest.turns[2]).toMatchObject({ role: 'tool', toolCallId: 'call_1', content: '18 C' });
  });
});

describe('tools editor', () => {
  it('adds the example, checks names and JSON under the field, and offers the tools as a choice', () => {
    render(<Tools />);
    fireEvent.click(screen.getByRole('button', { name: 'Add example: get_weather(city)' }));
    expect(value('Tool 1 name')).toBe('get_weather');
    expect(JSON.parse(value('Parameters (JSON schema)'))).toMatchObject({ type: 'object', required: ['city'] });
    expect(screen.queryByRole('button', { name: 'Add example: get_weather(city)' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Parameters (JSON schema)'), { target: { value: '{"type": "object",' } });
    const parameters = screen.getByLabelText('Parameters (JSON schema)');
    expect(parameters.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(parameters.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/^Not valid JSON/);
    fireEvent.change(parameters, { target: { value: '"text"' } });
    expect(screen.getByText(/Must be a JSON object/)).toBeTruthy();
    fireEvent.change(parameters, { target: { value: '{"type": "object", "properties": {}}' } });
    expect(parameters.getAttribute('aria-invalid')).toBe('false');

    fireEvent.click(screen.getByRole('button', { name: 'Add tool' }));
    expect(screen.getByText('A tool needs a name')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Tool 2 name'), { target: { value: 'get_weather' } });
    expect(screen.getAllByText('Another tool has this name')).toHaveLength(2);
    fireEvent.change(screen.getByLabelText('Tool 2 name'), { target: { value: 'lookup' } });
    expect(screen.queryByText('Another tool has this name')).toBeNull();

    const choice = screen.getByLabelText('Tool choice') as HTMLSelectElement;
    expect([...choice.options].map((option) => option.value)).toEqual(['auto', 'none', 'required', 'tool:get_weather', 'tool:lookup']);
    fireEvent.change(choice, { target: { value: 'tool:lookup' } });
    expect(latest.choice).toBe('tool:lookup');
    fireEvent.click(screen.getByRole('button', { name: 'Remove tool 1' }));
    expect(latest.tools.map((tool) => tool.name)).toEqual(['lookup']);
  });
});

describe('parameters editor', () => {
  it('shows the error under the field instead of its hint', () => {
    const onChange = vi.fn();
    render(<ParamsEditor drafts={{ temperature: '3', maxTokens: '', topP: '' }} errors={{ temperature: 'Between 0 and 2' }} dialect="anthropic-messages" onChange={onChange} />);
    const temperature = screen.getByLabelText('Temperature');
    expect(temperature.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(temperature.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Between 0 and 2');
    expect(screen.getByText(/Required by Anthropic: 1024 is sent when empty/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Max tokens'), { target: { value: '64' } });
    expect(onChange).toHaveBeenCalledWith({ temperature: '3', maxTokens: '64', topP: '' });
  });
});

describe('answer actions', () => {
  it('takes a result per tool call and offers to send them', () => {
    const onResult = vi.fn();
    const onSendResults = vi.fn();
    const onAdd = vi.fn();
    render(<AnswerActions calls={[{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]} results={{}} onResult={onResult} onAdd={onAdd} onSendResults={onSendResults} canSend />);
    expect(screen.getByTestId('tool-calls').querySelector('pre')?.textContent).toBe('{\n  "city": "Paris"\n}');
    fireEvent.change(screen.getByLabelText('Result of get_weather (call_1)'), { target: { value: 'sunny' } });
    expect(onResult).toHaveBeenCalledWith('call_1', 'sunny');
    fireEvent.click(screen.getByRole('button', { name: 'Send tool results' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add to conversation' }));
    expect(onSendResults).toHaveBeenCalledOnce();
    expect(onAdd).toHaveBeenCalledOnce();
  });
});
