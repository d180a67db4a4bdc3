import { useEffect, useState } from 'react';
import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { appStrings } from '../../app/i18n';
import { MAX_REPEATS } from '../../../shared/contract';
import { attempt, showNotice } from '../../app/notify';
import { useApp, useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { BrowseButton } from './BrowseButton';
import { libraryStrings } from './i18n';
import { useLibraryUi } from './ui-store';

/** Where the dialog remembers a dataset's last export (in the dataset's settings). */
const SETTINGS_KEY = 'export.kohya';

interface Remembered {
  outDir?: string;
  repeats?: number;
  name?: string;
}

/** Export the open dataset in the kohya layout: <outDir>/<repeats>_<name>/ with captions, plus TOML files. */
export function ExportDialog() {
  const { conn, app } = useStudio();
  const t = useStrings(libraryStrings);
  const ta = useStrings(appStrings);
  const open = useLibraryUi((s) => s.exportOpen);
  const dataset = useApp((s) => s.datasets.find((d) => d.id === s.datasetId) ?? null);
  const [outDir, setOutDir] = useState('');
  // As typed: a cleared or out-of-range field is shown as wrong, not silently replaced.
  const [repeats, setRepeats] = useState<number | string>(10);
  const validRepeats = typeof repeats === 'number' && Number.isInteger(repeats) && repeats >= 1 && repeats <= MAX_REPEATS ? repeats : null;
  const [name, setName] = useState('');

  useEffect(() => {
    if (!open || !dataset) return;
    const r = (dataset.settings[SETTINGS_KEY] ?? {}) as Remembered;
    setOutDir(r.outDir ?? '');
    setRepeats(r.repeats ?? 10);
    setName(r.name ?? '');
    // Only when the dialog opens: later dataset updates must not overwrite what is being typed.
  }, [open]);

  const close = () => useLibraryUi.getState().setExport(false);
  const submit = async () => {
    if (!dataset || validRepeats === null) return;
    const input = { datasetId: dataset.id, outDir: outDir.trim(), repeats: validRepeats, ...(name.trim() ? { name: name.trim() } : {}) };
    const started = await attempt(() => conn.client.call('export.kohya', input));
    if (!started) return;
    const remembered: Remembered = { outDir: input.outDir, repeats: validRepeats, name: name.trim() };
    void attempt(() => conn.client.call('datasets.updateSettings', { id: dataset.id, settings: { [SETTINGS_KEY]: remembered } })).then(() =>
      app.getState().reloadDatasets(),
    );
    showNotice({ message: t.exportStarted, autoClose: 2500 });
    close();
  };

  return (
    <Modal opened={open} onClose={close} title={t.exportTitle} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              label={t.outDir}
              description={t.outDirHint}
              value={outDir}
              onChange={(e) => setOutDir(e.currentTarget.value)}
              style={{ flex: 1 }}
              data-autofocus
              data-testid="export-dir"
              translate="no"
            />
            <BrowseButton onPicked={setOutDir} />
          </Group>
          <Group grow align="flex-start">
            <NumberInput
              label={t.repeats}
              description={t.repeatsHint}
              value={repeats}
              onChange={setRepeats}
              min={1}
              max={MAX_REPEATS}
              allowDecimal={false}
              allowNegative={false}
              error={validRepeats === null ? t.repeatsInvalid(MAX_REPEATS) : undefined}
              data-testid="export-repeats"
            />
            <TextInput
              label={t.concept}
              description={t.conceptHint}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              placeholder={dataset?.name}
              data-user-placeholder
              data-testid="export-name"
              translate="no"
            />
          </Group>
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close}>
              {ta.cancel}
            </Button>
            <Button type="submit" disabled={!outDir.trim() || !dataset || validRepeats === null} data-testid="export-submit">
              {t.startExport}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
