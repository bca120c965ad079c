/** Changes a key's models and limits (effective on its next request). */
import { useState } from 'react';
import { useUpdateClientKey } from '../../api/queries';
import type { ClientKey } from '../../api/types';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Modal } from '../../components/Modal';
import { toast } from '../../lib/toast-store';
import { formFromKey, validateKeyForm, type KeyFormErrors } from './key-form';
import { KeyFormFields } from './KeyFormFields';

export function EditKeyDialog({ clientKey, onClose, modelSuggestions }: { clientKey: ClientKey; onClose(): void; modelSuggestions: readonly string[] }) {
  const [values, setValues] = useState(() => formFromKey(clientKey));
  const [errors, setErrors] = useState<KeyFormErrors>({});
  const update = useUpdateClientKey();
  const submit = () => {
    const result = validateKeyForm(values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    update.mutate(
      { ref: clientKey.id ?? clientKey.name, patch: { models: result.body.models, limits: result.body.limits } },
      {
        onSuccess: () => {
          toast(`Key “${clientKey.name}” updated`, { detail: 'Effective from its next request.' });
          onClose();
        },
      },
    );
  };
  return (
    <Modal open onOpenChange={(open) => !open && onClose()} title={`Edit “${clientKey.name}”`} description="Which models it may use and its own limits. The key itself does not change.">
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        noValidate
      >
        <KeyFormFields values={values} errors={errors} onChange={setValues} nameLocked modelSuggestions={modelSuggestions} />
        {update.isError && <ErrorPanel error={update.error} compact />}
        <div className="modal-footer">
          <button type="button" className="button button-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
