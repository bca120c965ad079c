/** A centred dialog for a short task (create a key, edit its limits); see Drawer for why no Radix Overlay. */
import { Dialog } from 'radix-ui';
import type { ReactNode } from 'react';
import { Icon } from './Icon';

export function Modal({
  open,
  onOpenChange,
  title,
  description,
  children,
  wide = false,
  dismissable = true,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  wide?: boolean;
  /** False while showing something that must not be lost by a stray click (a key shown once). */
  dismissable?: boolean;
}) {
  const guard = (event: Event) => {
    if (!dismissable) event.preventDefault();
  };
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <div className="backdrop" aria-hidden="true" />
        <Dialog.Content className={`modal ${wide ? 'is-wide' : ''}`} onPointerDownOutside={guard} onInteractOutside={guard} {...(description ? {} : { 'aria-describedby': undefined })}>
          <header className="modal-head">
            <Dialog.Title>{title}</Dialog.Title>
            <Dialog.Close className="button button-icon" aria-label="Close">
              <Icon name="x" />
            </Dialog.Close>
          </header>
          {description && <Dialog.Description className="modal-description">{description}</Dialog.Description>}
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
