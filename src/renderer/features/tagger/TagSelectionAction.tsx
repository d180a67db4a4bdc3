import { Button } from '@mantine/core';
import { UiError } from '../../app/errors';
import type { SelectionAction } from '../../app/extensions';
import { IconTag } from '../../app/icons';
import { attempt, notifyDone, notifyError } from '../../app/notify';
import { useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { taggerStrings } from './i18n';
import { useTaggerUi } from './tagger-ui';

/** "Tag selection" in the gallery's selection bar: runs the Tagger page's model on the selected pictures. */
function TagSelectionButton({ datasetId, selection }: { datasetId: number; selection: ReadonlySet<number> }) {
  const { conn } = useStudio();
  const t = useStrings(taggerStrings);
  const { modelId, provider, batch } = useTaggerUi();
  const run = () =>
    void attempt(async () => {
      if (!modelId) return notifyError(new UiError('INVALID_INPUT', t.pickModelFirst));
      await conn.client.call('tagger.run', { datasetId, model: modelId, provider, batch, itemIds: [...selection] });
      notifyDone(t.started);
    });
  return (
    <Button size="compact-xs" variant="light" leftSection={<IconTag size={12} />} onClick={run} disabled={selection.size === 0} data-testid="tag-selection">
      {t.tagSelection}
    </Button>
  );
}

export const tagSelectionAction: SelectionAction = { id: 'tag-selection', order: 10, component: TagSelectionButton };
