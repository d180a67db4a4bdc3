// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NetworkSettings } from '../../src/renderer/app/NetworkSettings';
import { theme } from '../../src/renderer/app/theme';
import type { SettingsView } from '../../src/shared/contract';
// The jsdom stand-ins Mantine needs, and cleanup after each test.
import './render';


const base: SettingsView = {
  theme: 'system',
  language: 'en',
  privateMode: true,
  hfEndpoint: 'https://huggingface.co',
  hfTokenHint: null,
  hfEndpointInEffect: 'https://huggingface.co',
};

function show(settings: SettingsView) {
  render(
    <MantineProvider theme={theme} env="test">
      <NetworkSettings settings={settings} update={async () => undefined} />
    </MantineProvider>,
  );
}

describe('network settings', () => {
  it('warns about private mode from the endpoint in effect, and names it when HF_ENDPOINT sets it', () => {
    // Saved: the default; in effect: the core's HF_ENDPOINT, a remote mirror.
    show({ ...base, hfEndpointInEffect: 'https://hf-mirror.example.com' });
    expect(screen.queryByTestId('settings-private-blocks')).not.toBeNull();
    expect(screen.getByTestId('settings-hf-endpoint-env').textContent).toContain('https://hf-mirror.example.com');
    cleanup();
    // HF_ENDPOINT on this computer: allowed, though the saved default is not.
    show({ ...base, hfEndpointInEffect: 'http://127.0.0.1:8090' });
    expect(screen.queryByTestId('settings-private-blocks')).toBeNull();
    cleanup();
    show(base);
    expect(screen.queryByTestId('settings-private-blocks')).not.toBeNull();
    expect(screen.queryByTestId('settings-hf-endpoint-env')).toBeNull();
  });
});
