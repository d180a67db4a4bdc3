// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportDialog } from '../../src/renderer/features/library/ExportDialog';
import { useLibraryUi } from '../../src/renderer/features/library/ui-store';
import { createStudio } from '../../src/renderer/state/studio';
import { harness } from './memory-studio';
import { renderWithStudio } from './render';

afterEach(() => useLibraryUi.getState().setExport(false));

describe('ExportDialog', () => {
  it('says when the repeats are not a number it can use, instead of exporting with another', async () => {
    const { studio } = harness();
    await studio.init();
    await studio.app.getState().createDataset('x');
    act(() => useLibraryUi.getState().setExport(true));
    renderWithStudio(<ExportDialog />, studio);
    fireEvent.change(await screen.findByTestId('export-dir'), { target: { value: '/somewhere' } });
    const repeats = screen.getByTestId('export-repeats') as HTMLInputElement;
    const submit = screen.getByTestId('export-submit') as HTMLButtonElement;
    await waitFor(() => expect(repeats.value).toBe('10'));
    expect(submit.disabled).toBe(false);
    fireEvent.change(repeats, { target: { value: '' } });
    expect(screen.getByText('Enter a whole number from 1 to 10,000.')).toBeTruthy();
    expect(submit.disabled).toBe(true);
    expect(repeats.value).toBe('');
    fireEvent.change(repeats, { target: { value: '3' } });
    expect(screen.queryByText('Enter a whole number from 1 to 10,000.')).toBeNull();
    expect(submit.disabled).toBe(false);
  });

  it('fills the folder from the native picker where the host has one', async () => {
    const { conn } = harness();
    const studio = createStudio({ ...conn, pickFolder: () => Promise.resolve('/picked/folder') }, () => undefined);
    await studio.init();
    await studio.app.getState().createDataset('y');
    act(() => useLibraryUi.getState().setExport(true));
    renderWithStudio(<ExportDialog />, studio);
    fireEvent.click(await screen.findByTestId('browse'));
    await waitFor(() => expect((screen.getByTestId('export-dir') as HTMLInputElement).value).toBe('/picked/folder'));
    studio.dispose();
  });
});
