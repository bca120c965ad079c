/** Creates a client key: the form, then the key shown once. */
import { useState } from 'react';
import { useCreateClientKey } from '../../api/queries';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Modal } from '../../components/Modal';
import { rememberKey } from '../../lib/session-keys';
import { toast } from '../../lib/toast-store';
import { emptyForm, validateKeyForm, type KeyFormErrors } from './key-form';
import { KeyFormFields } from './KeyFormFields';
import { NewKeyReveal } from './NewKeyReveal';

export function CreateKeyDialog({ open, onOpenChange, takenNames, modelSuggestions }: { open: boolean; onOpenChange(open: boolean): void; takenNames: readonly string[]; modelSuggestions: readonly string[] }) {
  const [values, setValues] = useState(emptyForm);
  const [errors, setErrors] = useState<KeyFormErrors>({});
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const create = useCreateClientKey();

  const close = () => {
    onOpenChange(false);
    setValues(emptyForm());
    setErrors({});
    setCreated(null);
    create.reset();
  };

  const submit = () => {
    const result = validateKeyForm(values, takenNames);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    create.mutate(result.body, {
      onSuccess: (key) => {
        rememberKey(key.name, key.key);
        setCreated({ name: key.name, key: key.key });
        toast(`Key “${key.name}” created`);
      },
    });
  };

  return (
    <Modal
      open={open}
      onOpenChange={(next) => (next ? onOpenChange(true) : close())}
      title={created ? `Your new key “${created.name}”` : 'Create a client key'}
      description={created ? undefined : 'Tools send it as their API key. Each tool gets its own, so you can see and limit them apart.'}
      dismissable={!created}
    >
      {created ? (
        <NewKeyReveal name={created.name} secret={created.key} onDone={close} />
      ) : (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
          noValidate
        >
          <KeyFormFields values={values} errors={errors} onChange={setValues} modelSuggestions={modelSuggestions} />
          {create.isError && <ErrorPanel error={create.error} compact />}
          <div className="modal-footer">
            <button type="button" className="button button-ghost" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={create.isPending}>
              {create.isPending ? 'Creating…' : 'Create key'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
