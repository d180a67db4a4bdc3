import { Progress, Text } from '@mantine/core';
import type { Studio } from '../../../state/studio';
import { UiError } from '../../../app/errors';
import { hideNotice, notifyError, showNotice, updateNotice } from '../../../app/notify';
import { stringsNow } from '../../../i18n';
import { libraryStrings } from '../i18n';
import type { DroppedFile } from './dropped-files';

/** Imports paths on this computer (Electron drops, "Add folder…"): folders linked and watched unless copied. */
export async function importPaths(studio: Studio, datasetId: number, paths: string[], copy = false): Promise<number | undefined> {
  const t = stringsNow(libraryStrings);
  try {
    const { jobId } = await studio.conn.client.call('import.start', { datasetId, paths, copy, watch: !copy });
    showNotice({ title: t.importStarted, message: t.importStartedBody(paths.length), autoClose: 3500 });
    return jobId;
  } catch (err) {
    notifyError(err);
    return undefined;
  }
}

/** Uploads files from a browser into the dataset's library, showing progress, then imports them. */
export async function uploadFiles(studio: Studio, datasetId: number, files: DroppedFile[]): Promise<number | undefined> {
  const t = stringsNow(libraryStrings);
  const upload = studio.conn.uploadFiles;
  if (!upload) {
    notifyError(new UiError('UNSUPPORTED', t.dropNoUpload));
    return undefined;
  }
  const id = showNotice({
    title: t.uploading(0),
    message: <Progress value={0} size="sm" />,
    autoClose: false,
    withCloseButton: false,
    loading: true,
  });
  try {
    const { jobId } = await upload(datasetId, files, (sent, total) => {
      const pct = total ? Math.floor((sent / total) * 100) : 100;
      updateNotice(id, { title: t.uploading(pct), message: <Progress value={pct} size="sm" />, loading: true, autoClose: false });
    });
    updateNotice(id, {
      title: t.importStarted,
      message: <Text size="sm">{t.importStartedBody(files.length)}</Text>,
      loading: false,
      autoClose: 3500,
      withCloseButton: true,
    });
    return jobId;
  } catch (err) {
    hideNotice(id);
    notifyError(err);
    return undefined;
  }
}
