import { Anchor, Code, Popover } from '@mantine/core';
import { useLang, useStrings } from '../i18n';
import { describeProblem, type Parts, type ReadableError } from './errors';
import { appStrings } from './i18n';

/** A translated message: its verbatim parts (names, paths, hosts) are marked as not to be translated. */
export function PartsText({ parts }: { parts: Parts }) {
  return (
    <>
      {parts.map((p, i) => (typeof p === 'string' ? <span key={i}>{p}</span> : <span key={i} translate="no">{p.verbatim}</span>))}
    </>
  );
}

/** "Original": the core's English message behind a translated one, one click away (to quote in a bug report). */
export function OriginalText({ text }: { text: string }) {
  const t = useStrings(appStrings);
  if (!text) return null;
  return (
    <Popover width={360} position="bottom-start" shadow="md" withinPortal>
      <Popover.Target>
        <Anchor component="button" type="button" size="xs" ml={6} style={{ verticalAlign: 'baseline' }} data-testid="original-text">
          {t.originalMessage}
        </Anchor>
      </Popover.Target>
      <Popover.Dropdown p={6}>
        <Code block translate="no" style={{ whiteSpace: 'pre-wrap', userSelect: 'text' }}>
          {text}
        </Code>
      </Popover.Dropdown>
    </Popover>
  );
}

/** A file's problem (an item's error, a job's per-file error) in the UI language, with its original. */
export function ProblemText({ code, message }: { code: string | null; message: string }) {
  const lang = useLang();
  const p = describeProblem(code, message, lang);
  return (
    <>
      <PartsText parts={p.message} />
      <OriginalText text={p.original} />
    </>
  );
}

/** An error's specific message in the UI language, with its original when that differs. */
export function ErrorText({ error }: { error: ReadableError }) {
  return (
    <>
      <PartsText parts={error.message} />
      <OriginalText text={error.original} />
    </>
  );
}

/** A translated sentence that quotes user content (the tags of an undo step): the quoted names are marked as
 * not to be translated. */
export function WithVerbatim({ text, verbatim }: { text: string; verbatim: string[] }) {
  const names = [...new Set(verbatim.filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!names.length) return <>{text}</>;
  const split = new RegExp(`(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`);
  return <PartsText parts={text.split(split).map((piece, i) => (i % 2 ? { verbatim: piece } : piece))} />;
}
