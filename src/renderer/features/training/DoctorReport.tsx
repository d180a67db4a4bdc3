import { Alert, Stack, Text } from '@mantine/core';
import type { DoctorReport as Report } from '../../../shared/contract';
import { OriginalText, PartsText } from '../../app/CoreText';
import { useLang, useStrings } from '../../i18n';
import { describeCheck } from './doctor-text';
import { trainingStrings } from './i18n';

const CHECK_COLOR = { ok: 'teal', warn: 'yellow', fail: 'red', skipped: 'gray' } as const;

/** The doctor's checks of an engine, each with its fix, in the UI language; the core's English one click away. */
export function DoctorReport({ report }: { report: Report }) {
  const t = useStrings(trainingStrings);
  const lang = useLang();
  return (
    <Stack gap={4} data-testid="doctor-report" data-ok={report.ok}>
      {report.ok && (
        <Text size="xs" c="teal">
          {t.doctorOk}
        </Text>
      )}
      {report.checks.map((c) => {
        const said = describeCheck(c, lang);
        return (
          <Alert key={c.id} color={CHECK_COLOR[c.status]} p={6} data-testid={`check-${c.id}`} data-status={c.status} data-code={c.code}>
            <Text component="div" size="xs">
              <b>
                <PartsText parts={said.title} />
              </b>
              {t.colon}
              <PartsText parts={said.detail} />
              {!said.fix && <OriginalText text={said.original} />}
            </Text>
            {said.fix && (
              <Text component="div" size="xs" mt={2}>
                <b>{t.fix}{t.colon}</b>
                <PartsText parts={said.fix} />
                <OriginalText text={said.original} />
              </Text>
            )}
          </Alert>
        );
      })}
    </Stack>
  );
}
