// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { showNotice } from '../../src/renderer/app/notify';
import './render';

/** Lets time pass, then the leave transitions (0 ms here) finish. */
const pass = (ms: number) => {
  act(() => vi.advanceTimersByTime(ms));
  act(() => vi.advanceTimersByTime(5));
};
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
});
