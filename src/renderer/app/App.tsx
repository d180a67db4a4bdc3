import { useEffect, useState } from 'react';
import { Button, Loader, MantineProvider, Stack, Text, Title, useMantineColorScheme } from '@mantine/core';
import { useStore } from 'zustand';
import type { Connection } from '../transport/types';
import { createStudio, type Studio } from '../state/studio';
import { useStrings } from '../i18n';
import { ErrorText } from './CoreText';
import { describeError } from './errors';
import { appStrings } from './i18n';
import { notifyError } from './notify';
import { Shell } from './Shell';
import { StudioContext } from './studio-context';
import { theme } from './theme';

type Boot = { state: 'connecting' } | { state: 'ready'; studio: Studio } | { state: 'failed'; error: unknown };

/** Connects, builds the stores, and shows the window (or why it cannot). */
export function App({ connect }: { connect: () => Promise<Connection> }) {
  const [boot, setBoot] = useState<Boot>({ state: 'connecting' });

  useEffect(() => {
    let studio: Studio | null = null;
    let live = true;
    connect()
      .then(async (conn) => {
        // Marks for bench/gallery.ts's breakdown of the time to the first thumbnails.
        performance.mark('atelier:connected');
        studio = createStudio(conn, notifyError);
        await studio.init();
        performance.mark('atelier:ready');
        if (live) setBoot({ state: 'ready', studio });
      })
      .catch((error: unknown) => live && setBoot({ state: 'failed', error }));
    return () => {
      live = false;
      studio?.dispose();
    };
  }, [connect]);

  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      {boot.state === 'ready' ? (
        <StudioContext.Provider value={boot.studio}>
          <ThemeSync studio={boot.studio} />
          <Shell />
        </StudioContext.Provider>
      ) : (
        <BootScreen boot={boot} />
      )}
    </MantineProvider>
  );
}

/** The theme setting drives Mantine's colour scheme ("system" follows the OS). */
function ThemeSync({ studio }: { studio: Studio }) {
  const themeSetting = useStore(studio.app, (s) => s.settings?.theme ?? 'system');
  const { setColorScheme } = useMantineColorScheme();
  useEffect(() => setColorScheme(themeSetting === 'system' ? 'auto' : themeSetting), [themeSetting, setColorScheme]);
  return null;
}

function BootScreen({ boot }: { boot: Exclude<Boot, { state: 'ready' }> }) {
  const t = useStrings(appStrings);
  return (
    <Stack align="center" justify="center" h="100vh" gap="sm" p="xl">
      {boot.state === 'connecting' ? (
        <>
          <Loader size="sm" />
          <Text c="dimmed" size="sm">
            {t.connecting}
          </Text>
        </>
      ) : (
        <>
          <Title order={3}>{t.connectFailed}</Title>
          <Text size="sm" maw={520} ta="center">
            <ErrorText error={describeError(boot.error)} />
          </Text>
          <Text size="sm" c="dimmed" maw={520} ta="center">
            {t.connectAdvice}
          </Text>
          <Button variant="default" onClick={() => location.reload()}>
            {t.reload}
          </Button>
        </>
      )}
    </Stack>
  );
}
