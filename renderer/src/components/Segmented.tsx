/** A one-of-few choice shown as joined buttons (ranges, groupings), on Radix ToggleGroup (arrow keys move). */
import { ToggleGroup } from 'radix-ui';

export function Segmented<T extends string>({ value, onChange, options, label }: { value: T; onChange(value: T): void; options: Array<{ value: T; label: string }>; label: string }) {
  return (
    <ToggleGroup.Root
      type="single"
      className="segmented"
      value={value}
      aria-label={label}
      onValueChange={(next) => {
        if (next) onChange(next as T);
      }}
    >
      {options.map((option) => (
        <ToggleGroup.Item key={option.value} value={option.value} className="segmented-item">
          {option.label}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}
