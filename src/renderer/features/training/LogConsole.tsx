import { useEffect, useRef, useState } from 'react';
import { Group, Switch, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RunLogLine } from '../../../shared/contract';
import { useStrings } from '../../i18n';
import { trainingStrings } from './i18n';
import { useTraining, type TrainingStore } from './training-store';

const LINE_PX = 18;
const NONE: RunLogLine[] = [];

/** The run's console (every step's output, tqdm rewrites collapsed), virtualized: only visible lines are in the
 * page however long the log grows; it follows new lines unless scrolled up. */
export function LogConsole({ store, runId }: { store: TrainingStore; runId: number }) {
  const t = useStrings(trainingStrings);
  const lines = useTraining(store, (s) => s.logs[runId] ?? NONE);
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: lines.length, getScrollElement: () => box.current, estimateSize: () => LINE_PX, overscan: 20 });

  useEffect(() => {
    if (follow && lines.length) v.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [follow, lines.length, v]);

  return (
    <>
      <Group justify="space-between" mb={6}>
        <Title order={6}>{t.console}</Title>
        <Switch size="xs" label={t.follow} checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} />
      </Group>
      <div
        ref={box}
        className="log-console"
        data-testid="log-console"
        data-lines={lines.length}
        translate="no"
        onWheel={(e) => e.deltaY < 0 && setFollow(false)}
      >
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((row) => {
            const line = lines[row.index]!;
            return (
              <div key={row.key} className="log-line" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: LINE_PX, transform: `translateY(${row.start}px)` }}>
                <span className="log-step">{line.step}</span>
                {line.text}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
