import { useRef, useState } from 'react';
import { Button, Checkbox, Divider, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconUpload } from '../../../app/icons';
import { appStrings } from '../../../app/i18n';
import { useApp, useStudio } from '../../../app/studio-context';
import { useStrings } from '../../../i18n';
import { BrowseButton } from '../BrowseButton';
import { libraryStrings } from '../i18n';
import { useLibraryUi } from '../ui-store';
import { chosenFiles } from './dropped-files';
import { importPaths, uploadFiles } from './import-actions';

/** "Add folder…": a path on this computer (a native picker in Electron), or an upload from the browser. */
export function AddDialog() {
  const studio = useStudio();
  const { conn } = studio;
  const t = useStrings(libraryStrings);
  const ta = useStrings(appStrings);
  const open = useLibraryUi((s) => s.addOpen);
  const datasetId = useApp((s) => s.datasetId);
  const [path, setPath] = useState('');
  const [copy, setCopy] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const close = () => useLibraryUi.getState().setAdd(false);

  const add = async () => {
    if (datasetId === null || !path.trim()) return;
    const job = await importPaths(studio, datasetId, [path.trim()], copy);
    if (job !== undefined) {
      setPath('');
      close();
    }
  };

  const onChosen = (list: FileList | null) => {
    if (!list?.length || datasetId === null) return;
    const files = chosenFiles(list);
    close();
    void uploadFiles(studio, datasetId, files);
  };

  return (
    <Modal opened={open} onClose={close} title={t.addFolderTitle} size="lg">
      {datasetId === null ? (
        <Text size="sm">{t.needDataset}</Text>
      ) : (
        <Stack gap="sm">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void add();
            }}
          >
            <Stack gap="xs">
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <TextInput
                  label={t.folderPath}
                  description={t.folderPathHint}
                  value={path}
                  onChange={(e) => setPath(e.currentTarget.value)}
                  style={{ flex: 1 }}
                  data-autofocus
                  data-testid="add-path"
                  translate="no"
                />
                <BrowseButton onPicked={setPath} />
              </Group>
              <Checkbox label={t.copyFiles} checked={copy} onChange={(e) => setCopy(e.currentTarget.checked)} />
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  {ta.cancel}
                </Button>
                <Button type="submit" disabled={!path.trim()} data-testid="add-submit">
                  {t.add}
                </Button>
              </Group>
            </Stack>
          </form>
          {conn.uploadFiles && (
            <>
              <Divider label={t.orUpload} labelPosition="left" />
              <Group gap="xs">
                <Button variant="light" leftSection={<IconUpload size={14} />} onClick={() => folderInput.current?.click()}>
                  {t.uploadFolder}
                </Button>
                <Button variant="light" leftSection={<IconUpload size={14} />} onClick={() => filesInput.current?.click()}>
                  {t.uploadFiles}
                </Button>
              </Group>
              <input
                ref={folderInput}
                type="file"
                hidden
                multiple
                // React has no typed prop for it; Chromium and Firefox pick whole folders with it.
                {...{ webkitdirectory: '' }}
                onChange={(e) => onChosen(e.currentTarget.files)}
                data-testid="upload-folder-input"
              />
              <input
                ref={filesInput}
                type="file"
                hidden
                multiple
                accept="image/*,video/*,.zip"
                onChange={(e) => onChosen(e.currentTarget.files)}
                data-testid="upload-files-input"
              />
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}
