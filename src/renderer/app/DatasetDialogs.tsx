import { useEffect, useState } from 'react';
import { Button, Group, Modal, Text, TextInput } from '@mantine/core';
import type { Dataset } from '../../shared/contract';
import { useStrings } from '../i18n';
import { appStrings } from './i18n';
import { attempt, notifyDone } from './notify';
import { useStudio } from './studio-context';

export type DatasetDialog = { kind: 'create' } | { kind: 'rename'; dataset: Dataset } | { kind: 'delete'; dataset: Dataset };

/** Create, rename (one name field) and delete (with confirmation) a dataset. */
export function DatasetDialogs({ dialog, onClose }: { dialog: DatasetDialog | null; onClose(): void }) {
  const { app } = useStudio();
  const t = useStrings(appStrings);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (dialog?.kind === 'rename') setName(dialog.dataset.name);
    else if (dialog?.kind === 'create') setName('');
  }, [dialog]);

  const submit = async () => {
    if (!dialog || busy) return;
    setBusy(true);
    try {
      if (dialog.kind === 'create') {
        if (await attempt(() => app.getState().createDataset(name.trim()))) onClose();
      } else if (dialog.kind === 'rename') {
        if (await attempt(() => app.getState().renameDataset(dialog.dataset.id, name.trim()))) onClose();
      } else {
        const ok = await attempt(() => app.getState().deleteDataset(dialog.dataset.id).then(() => true));
        if (ok) {
          notifyDone(<Quoted text={t.deleted} name={dialog.dataset.name} />);
          onClose();
        }
      }
    } finally {
      setBusy(false);
    }
  };

  const opened = dialog !== null;
  if (dialog?.kind === 'delete') {
    return (
      <Modal opened={opened} onClose={onClose} title={<Quoted text={t.deleteTitle} name={dialog.dataset.name} />} size="sm">
        <Text size="sm">{t.deleteBody(dialog.dataset.itemCount)}</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t.cancel}
          </Button>
          <Button color="red" onClick={() => void submit()} loading={busy} data-testid="confirm-delete">
            {t.deleteConfirm}
          </Button>
        </Group>
      </Modal>
    );
  }
  return (
    <Modal opened={opened} onClose={onClose} title={dialog?.kind === 'rename' ? t.renameTitle : t.createTitle} size="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextInput label={t.name} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus data-testid="dataset-name" translate="no" />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose}>
            {t.cancel}
          </Button>
          <Button type="submit" disabled={!name.trim()} loading={busy} data-testid="dataset-submit">
            {dialog?.kind === 'rename' ? t.save : t.create}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}

/** A sentence around a dataset's name, which is shown as it is (user content). */
function Quoted({ text, name }: { text: { before: string; after: string }; name: string }) {
  return (
    <>
      {text.before}
      <span translate="no">{name}</span>
      {text.after}
    </>
  );
}
