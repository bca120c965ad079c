/** The list of keyboard shortcuts (`?`). */
import { Kbd } from '../components/Kbd';
import { Modal } from '../components/Modal';
import { NAV } from './nav';

const OTHER: Array<[string[], string]> = [
  [['?'], 'Show this list'],
  [['j', 'k'], 'Traces: next / previous request'],
  [['Enter'], 'Traces: open the selected request'],
  [['/'], 'Traces: filter'],
  [['Esc'], 'Close a panel or dialog'],
];

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  return (
    <Modal open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts">
      <div className="shortcut-columns">
        <dl className="shortcut-list">
          {NAV.map((item) => (
            <div key={item.path}>
              <dt>
                <Kbd>g</Kbd> <Kbd>{item.key}</Kbd>
              </dt>
              <dd>Go to {item.label}</dd>
            </div>
          ))}
        </dl>
        <dl className="shortcut-list">
          {OTHER.map(([keys, text]) => (
            <div key={text}>
              <dt>
                {keys.map((key) => (
                  <Kbd key={key}>{key}</Kbd>
                ))}
              </dt>
              <dd>{text}</dd>
            </div>
          ))}
        </dl>
      </div>
    </Modal>
  );
}
