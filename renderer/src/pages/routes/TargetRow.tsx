/** One target of the route editor: its model (with the price), weight under `weighted`, timeout, and moves. */
import type { ModelPrice } from '../../api/types';
import { Icon } from '../../components/Icon';
import { formatPercent } from '../../lib/format';
import { describePrice } from '../providers/model-price';
import type { RouteFormErrors, Strategy, TargetRow as TargetRowValues } from './route-form';

/** A field's error under it, with the id its input's aria-describedby names. */
export function RouteFieldError({ id, errors, field }: { id: string; errors: RouteFormErrors; field: string }) {
  return errors[field] ? (
    <span id={`${id}-${field}-error`} className="field-error" role="alert">
      {errors[field]}
    </span>
  ) : null;
}

export interface TargetRowProps {
  /** The editor's id prefix (inputs, errors, the model datalist). */
  id: string;
  row: TargetRowValues;
  index: number;
  count: number;
  strategy: Strategy;
  /** Its share of traffic under `weighted`. */
  share: number;
  /** Its model's price: null when unknown, undefined when not looked up. */
  price: ModelPrice | null | undefined;
  errors: RouteFormErrors;
  fieldProps(field: string): Record<string, unknown>;
  onChange(patch: Partial<TargetRowValues>): void;
  onClearError(field: string): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

export function TargetRow({ id, row, index, count, strategy, share, price, errors, fieldProps, onChange, onClearError, onMove, onRemove }: TargetRowProps) {
  return (
    <li className="target-row" data-target-index={index}>
      <span className="target-order num" aria-hidden="true">
        {index + 1}
      </span>
      <div className="field target-model">
        <label className="sr-only" htmlFor={`${id}-t${row.key}-model`}>
          Target {index + 1} model
        </label>
        <input
          id={`${id}-t${row.key}-model`}
          className="input input-mono"
          value={row.model}
          onChange={(event) => {
            onChange({ model: event.target.value });
            onClearError(`targets.${index}.model`);
          }}
          placeholder="provider/model"
          list={`${id}-models`}
          autoComplete="off"
          spellCheck={false}
          {...fieldProps(`targets.${index}.model`)}
        />
        {errors[`targets.${index}.model`] ? (
          <RouteFieldError id={id} errors={errors} field={`targets.${index}.model`} />
        ) : (
          row.model.trim() && price !== undefined && <span className="field-hint">{price ? `${describePrice(price)} per 1M tokens` : 'No price known: cost shows as unknown'}</span>
        )}
      </div>
      {strategy === 'weighted' && (
        <div className="field target-weight">
          <label className="sr-only" htmlFor={`${id}-t${row.key}-weight`}>
            Target {index + 1} weight
          </label>
          <div className="input-affix">
            <input
              id={`${id}-t${row.key}-weight`}
              className="input num"
              inputMode="decimal"
              value={row.weight}
              onChange={(event) => {
                onChange({ weight: event.target.value });
                onClearError(`targets.${index}.weight`);
              }}
              placeholder="1"
              {...fieldProps(`targets.${index}.weight`)}
            />
            <span className="affix">{formatPercent(share)}</span>
          </div>
          <RouteFieldError id={id} errors={errors} field={`targets.${index}.weight`} />
        </div>
      )}
      <div className="field target-timeout">
        <label className="sr-only" htmlFor={`${id}-t${row.key}-timeout`}>
          Target {index + 1} first-byte timeout
        </label>
        <div className="input-affix">
          <input
            id={`${id}-t${row.key}-timeout`}
            className="input num"
            inputMode="numeric"
            value={row.timeoutMs}
            onChange={(event) => {
              onChange({ timeoutMs: event.target.value });
              onClearError(`targets.${index}.timeoutMs`);
            }}
            placeholder="timeout"
            title="Time allowed until the first byte from this target (overrides the route's)"
            {...fieldProps(`targets.${index}.timeoutMs`)}
          />
          <span className="affix">ms</span>
        </div>
        <RouteFieldError id={id} errors={errors} field={`targets.${index}.timeoutMs`} />
      </div>
      <div className="target-actions">
        <button type="button" className="button button-icon" aria-label={`Move target ${index + 1} up`} disabled={index === 0} onClick={() => onMove(-1)}>
          <Icon name="chevronDown" className="icon flip" />
        </button>
        <button
          type="button"
          className="button button-icon"
          aria-label={`Move target ${index + 1} down`}
          disabled={index === count - 1}
          onClick={() => onMove(1)}
        >
          <Icon name="chevronDown" />
        </button>
        <button
          type="button"
          className="button button-icon"
          aria-label={`Remove target ${index + 1}`}
          disabled={count === 1}
          onClick={onRemove}
        >
          <Icon name="trash" />
        </button>
      </div>
    </li>
  );
}
