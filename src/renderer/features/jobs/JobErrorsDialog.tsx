import { useEffect, useState } from 'react';
import { Modal, ScrollArea, Table, Text } from '@mantine/core';
import type { Job, JobFileError } from '../../../shared/contract';
import { ProblemText } from '../../app/CoreText';
import { attempt } from '../../app/notify';
import { useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { jobStrings } from './i18n';

const SHOWN = 500;

/** The per-file problems a job recorded (bad pictures, unreadable files): the batch went on without them. */
export function JobErrorsDialog({ job, onClose }: { job: Job | null; onClose(): void }) {
  const { jobs } = useStudio();
  const t = useStrings(jobStrings);
  const [data, setData] = useState<{ total: number; errors: JobFileError[] } | null>(null);

  useEffect(() => {
    setData(null);
    if (!job) return;
    void attempt(() => jobs.getState().errors(job.id, 0, SHOWN)).then((r) => r && setData(r));
  }, [jobs, job]);

  return (
    <Modal opened={job !== null} onClose={onClose} title={t.errorsTitle} size="xl">
      <ScrollArea.Autosize mah="60vh">
        <Table striped highlightOnHover fz="xs" verticalSpacing={4} data-testid="job-errors-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t.file}</Table.Th>
              <Table.Th>{t.problem}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.errors.map((e, i) => (
              <Table.Tr key={i}>
                <Table.Td translate="no" style={{ wordBreak: 'break-all' }}>
                  {e.path}
                </Table.Td>
                <Table.Td>
                  <ProblemText code={e.code} message={e.message} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {data && data.total > data.errors.length && (
        <Text size="xs" c="dimmed" mt="xs">
          {t.moreErrors(data.total - data.errors.length)}
        </Text>
      )}
    </Modal>
  );
}
