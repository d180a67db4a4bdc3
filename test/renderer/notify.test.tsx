// @vitest-environment jsdom
// First: what jsdom lacks, before any component module loads.
import './render';
import { MantineProvider } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { Job } from '../../src/shared/contract';
import { StudioContext } from '../../src/renderer/app/studio-context';
import { showNotice, updateNotice } from '../../src/renderer/app/notify';
import { JobsPanel } from '../../src/renderer/features/jobs/JobsPanel';
import type { Studio } from '../../src/renderer/state/studio';

/** Lets time pass, then the leave transitions (0 ms here) finish. */
const pass = (ms: number) => {
  act(() => vi.advanceTimersByTime(ms));
  act(() => vi.advanceTimersByTime(5));
};
const hover = (text: string) => fireEvent.pointerEnter(screen.getByText(text).closest('.mantine-Notification-root')!);
const leave = (text: string) => fireEvent.pointerLeave(screen.getByText(text).closest('.mantine-Notification-root')!);
const shownTexts = () => Array.from(document.querySelectorAll('.mantine-Notification-description'), (n) => n.textContent);

describe('notifications', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    act(() => notifications.clean());
    vi.useRealTimers();
  });

  it('give a queued notification its whole time once it shows, and pause while the pointer rests on one', () => {
    render(
      <MantineProvider env="test">
        <Notifications limit={1} transitionDuration={0} />
      </MantineProvider>,
    );
    act(() => {
      showNotice({ message: 'first', autoClose: 1000 });
      showNotice({ message: 'second', autoClose: 1000 });
    });
    expect(shownTexts()).toEqual(['first']);
    pass(1000);
    expect(shownTexts()).toEqual(['second']);
    // Queued for a second, it still has its own second to show.
    pass(900);
    expect(shownTexts()).toEqual(['second']);
    fireEvent.pointerEnter(screen.getByText('second').closest('.mantine-Notification-root')!);
    pass(10_000);
    expect(shownTexts()).toEqual(['second']);
    fireEvent.pointerLeave(screen.getByText('second').closest('.mantine-Notification-root')!);
    pass(1500);
    expect(shownTexts()).toEqual([]);
  });

  it('count a new time from an update (progress first, then the outcome)', () => {
    render(
      <MantineProvider env="test">
        <Notifications transitionDuration={0} />
      </MantineProvider>,
    );
    let id = '';
    act(() => void (id = showNotice({ message: 'uploading', autoClose: false })));
    pass(60_000);
    expect(shownTexts()).toEqual(['uploading']);
    act(() => updateNotice(id, { message: 'imported', autoClose: 1000 }));
    pass(900);
    hover('imported');
    pass(5000);
    leave('imported');
    pass(1000);
    expect(shownTexts()).toEqual(['imported']);
    pass(500);
    expect(shownTexts()).toEqual([]);
  });

  it('of a job that ended keep what was left of their time after a hover, not a whole new time', () => {
    const ended = new Set<(job: Job) => void>();
    const studio = {
      jobs: createStore(() => ({ jobs: [], onEnded: (cb: (job: Job) => void) => (ended.add(cb), () => ended.delete(cb)) })),
      app: createStore(() => ({ datasets: [{ id: 1, name: 'cats' }] })),
    } as unknown as Studio;
    render(
      <MantineProvider env="test">
        <Notifications transitionDuration={0} />
        <StudioContext.Provider value={studio}>
          <JobsPanel />
        </StudioContext.Provider>
      </MantineProvider>,
    );
    const job: Job = {
      id: 7, kind: 'import', status: 'done', title: 'Import', datasetId: 1, done: 3, total: 3, unit: 'pictures', rate: null, etaSeconds: null,
      message: null, errorCount: 0, error: null, result: null, createdAt: '', startedAt: null, finishedAt: null,
    };
    act(() => ended.forEach((cb) => cb(job)));
    const text = screen.getByTestId('job-ended').textContent!;
    // Most of its 6 s pass, then a glance: afterwards it stays for the 1.5 s a reader needs, not 6 s more.
    pass(5000);
    hover(text);
    pass(3000);
    leave(text);
    pass(1500);
    expect(shownTexts()).toEqual([]);
  });
});
