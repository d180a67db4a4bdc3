import { Alert, Text } from '@mantine/core';
import type { ParamSpec, PlanIssueShape } from '../../../shared/contract';
import { OriginalText, PartsText } from '../../app/CoreText';
import { useLang, useStrings } from '../../i18n';
import { trainingStrings } from './i18n';
import { paramText } from './param-i18n';
import { describePlanIssue } from './plan-issue-text';

/** The pre-flight results of a planned run, in the UI language: the setting each concerns by its label, the
 * core's English one click away. */
export function PreflightIssues({ issues, params }: { issues: PlanIssueShape[]; params: ParamSpec[] }) {
  const lang = useLang();
  const t = useStrings(trainingStrings);
  return (
    <>
      {issues.map((i, n) => {
        const p = i.key ? params.find((x) => x.key === i.key) : undefined;
        const said = describePlanIssue(i, lang);
        return (
          <Alert key={n} color={i.severity === 'error' ? 'red' : 'yellow'} p={6} data-testid={`issue-${i.severity}`} data-code={i.code}>
            <Text component="div" size="xs">
              {p ? <b>{paramText(p, lang).label}{t.colon}</b> : null}
              <PartsText parts={said.message} />
              <OriginalText text={said.original} />
            </Text>
          </Alert>
        );
      })}
    </>
  );
}

/** A pre-flight issue under the field it concerns (the field names the setting itself). */
export function FieldIssue({ issue }: { issue: PlanIssueShape }) {
  return <PartsText parts={describePlanIssue(issue, useLang()).message} />;
}
