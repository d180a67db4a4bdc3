import { Button } from '@mantine/core';
import { IconFolder } from '../../app/icons';
import { useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { libraryStrings } from './i18n';

/** "Browse…" beside a folder field: the native folder picker, where the host has one (Electron); nothing in a
 * browser, where the path is typed. */
export function BrowseButton({ onPicked }: { onPicked(path: string): void }) {
  const { conn } = useStudio();
  const t = useStrings(libraryStrings);
  const pick = conn.pickFolder;
  if (!pick) return null;
  return (
    <Button
      variant="default"
      leftSection={<IconFolder size={14} />}
      onClick={async () => {
        const p = await pick();
        if (p) onPicked(p);
      }}
      data-testid="browse"
    >
      {t.browse}
    </Button>
  );
}
