import { useEffect, useRef, useState } from 'react';
import { Button, Group, Modal, TextInput } from '@mantine/core';
import { attempt } from '../../../app/notify';
import { useApp, useStudio } from '../../../app/studio-context';
import { appStrings } from '../../../app/i18n';
import { useStrings } from '../../../i18n';
import { libraryStrings } from '../i18n';
import { carriesFiles, droppedFiles, droppedPaths, suggestName, type DroppedFile } from './dropped-files';
import { importPaths, uploadFiles } from './import-actions';

interface Pending {
  paths: string[];
  files: DroppedFile[];
}

/** Drop folders, files or zips anywhere on the window: they go into the open dataset, or a new one. */
export function ImportDrop() {
  const studio = useStudio();
  const t = useStrings(libraryStrings);
  const ta = useStrings(appStrings);
  const datasetName = useApp((s) => s.datasets.find((d) => d.id === s.datasetId)?.name ?? null);
  const [over, setOver] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [name, setName] = useState('');
  const depth = useRef(0);

  const send = async (datasetId: number, p: Pending) => {
    if (p.paths.length) await importPaths(studio, datasetId, p.paths);
    else if (p.files.length) await uploadFiles(studio, datasetId, p.files);
  };

  useEffect(() => {
    const onEnter = (e: DragEvent) => {
      if (!carriesFiles(e.dataTransfer)) return;
      depth.current++;
      setOver(true);
    };
    const onLeave = (e: DragEvent) => {
      if (!carriesFiles(e.dataTransfer)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    };
    const onOver = (e: DragEvent) => {
      if (!carriesFiles(e.dataTransfer)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      if (!carriesFiles(e.dataTransfer) || !e.dataTransfer) return;
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      const { conn, app } = studio;
      const paths = conn.pathForFile ? droppedPaths(e.dataTransfer, conn.pathForFile) : [];
      const filesPromise = paths.length ? Promise.resolve([]) : droppedFiles(e.dataTransfer);
      void filesPromise.then((files) => {
        const p = { paths, files };
        if (!paths.length && !files.length) return;
        const datasetId = app.getState().datasetId;
        if (datasetId !== null) void send(datasetId, p);
        else {
          setName(suggestName(files, paths));
          setPending(p);
        }
      });
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [studio]);

  const createAndSend = async () => {
    if (!pending) return;
    const d = await attempt(() => studio.app.getState().createDataset(name.trim()));
    if (!d) return;
    const p = pending;
    setPending(null);
    await send(d.id, p);
  };

  return (
    <>
      {over && <div className="drop-overlay">{datasetName !== null ? (
            <span>
              {t.dropInto} “<span translate="no">{datasetName}</span>”
            </span>
          ) : (
            t.dropNew
          )}</div>}
      <Modal opened={pending !== null} onClose={() => setPending(null)} title={t.newForDrop}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void createAndSend();
          }}
        >
          <TextInput label={ta.name} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={() => setPending(null)}>
              {ta.cancel}
            </Button>
            <Button type="submit" disabled={!name.trim()}>
              {ta.create}
            </Button>
          </Group>
        </form>
      </Modal>
    </>
  );
}
