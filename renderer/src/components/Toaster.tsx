/** Shows toasts (Radix Toast: announced politely, swipe or Esc to dismiss, F8 to reach them). */
import { Toast } from 'radix-ui';
import { useEffect, useState } from 'react';
import { dismissToast, subscribeToasts, type ToastMessage } from '../lib/toast-store';
import { Icon } from './Icon';

export function Toaster() {
  const [messages, setMessages] = useState<ToastMessage[]>([]);
  useEffect(() => subscribeToasts(setMessages), []);
  return (
    <Toast.Provider duration={4000}>
      {messages.map((message) => (
        <Toast.Root key={message.id} className={`toast tone-${message.tone}`} onOpenChange={(open) => !open && dismissToast(message.id)}>
          <Icon name={message.tone === 'bad' ? 'alert' : message.tone === 'info' ? 'info' : 'check'} />
          <div>
            <Toast.Title className="toast-title">{message.title}</Toast.Title>
            {message.detail && <Toast.Description className="toast-detail">{message.detail}</Toast.Description>}
          </div>
          <Toast.Close className="button button-icon" aria-label="Dismiss">
            <Icon name="x" />
          </Toast.Close>
        </Toast.Root>
      ))}
      <Toast.Viewport className="toast-viewport" />
    </Toast.Provider>
  );
}
