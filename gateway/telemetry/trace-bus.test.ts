import { describe, expect, it } from 'vitest';
import { createTraceBus } from './trace-bus.js';
import type { TraceEvent } from './trace-events.js';

const warnings = (id: string, n: number): TraceEvent => ({ type: 'warnings', id, at: n, warnings: [`w${n}`] });

describe('trace bus', () => {
  it('delivers events to subscribers in order and groups them by request', () => {
    const bus = createTraceBus();
    const seen: string[] = [];
    const unsubscribe = bus.subscribe((event) => seen.push(`${event.id}:${event.at}`));
    bus.publish(warnings('a', 1));
    bus.publish(warnings('b', 2));
    bus.publish(warnings('a', 3));
    unsubscribe();
    bus.publish(warnings('a', 4));
    expect(seen).toEqual(['a:1', 'b:2', 'a:3']);
    expect(bus.get('a')?.events.map((event) => event.at)).toEqual([1, 3, 4]);
    expect(bus.recent(10).map((trace) => trace.id)).toEqual(['b', 'a']);
    expect(bus.subscribers()).toBe(0);
  });

  it('keeps a bounded number of traces and events per trace', () => {
    const bus = createTraceBus({ capacity: 3, maxEventsPerTrace: 4 });
    for (let i = 0; i < 10; i++) bus.publish(warnings(`r${i}`, i));
    expect(bus.recent(10).map((trace) => trace.id)).toEqual(['r9', 'r8', 'r7']);
    expect(bus.get('r0')).toBeUndefined();
    for (let i = 0; i < 10; i++) bus.publish(warnings('r9', i));
    expect(bus.get('r9')?.events).toHaveLength(3);
  });

  it('never lets a failing subscriber break publishing or other subscribers, and reports it once', () => {
    const errors: unknown[] = [];
    const bus = createTraceBus({ onListenerError: (error) => errors.push(error) });
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error('boom');
    });
    bus.subscribe((event) => seen.push(event.at));
    bus.publish(warnings('a', 1));
    bus.publish(warnings('a', 2));
    expect(seen).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
  });
});
