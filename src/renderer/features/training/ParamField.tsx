import { useEffect, useState, type ReactNode } from 'react';
import { Autocomplete, Group, NumberInput, Select, Switch, Textarea, TextInput } from '@mantine/core';
import type { ParamSpec, ParamValue } from '../../../shared/contract';
import { formatNumber, useLang, useStrings } from '../../i18n';
import { trainingStrings } from './i18n';
import { paramText } from './param-i18n';
import { RichText } from './RichText';
import { fieldError, listToText, textToList } from './param-values';

export interface FieldProps {
  p: ParamSpec;
  value: ParamValue | null | undefined;
  onChange(v: ParamValue | null): void;
  /** A pre-flight issue about this field from the service, in the UI language. */
  issue?: ReactNode;
  /** Paths are saved to the global model paths when the field is left. */
  onCommit?(): void;
}

/** One generated form field: the widget, label, help and validation all come from the parameter's declaration. */
export function ParamField({ p, value, onChange, issue, onCommit }: FieldProps) {
  const t = useStrings(trainingStrings);
  const lang = useLang();
  const { label, help } = paramText(p, lang);
  const local = fieldError(p, value, t.invalid, (n) => formatNumber(n, lang, 8));
  const error = local ?? issue;
  const common = {
    label,
    withAsterisk: p.required,
    description: <RichText text={help} />,
    error: error ?? undefined,
    size: 'xs' as const,
    'data-testid': `param-${p.key}`,
  };
  const placeholder = p.default === null ? t.unset : undefined;

  switch (p.widget) {
    case 'switch':
      return <Switch label={label} description={<RichText text={help} />} error={common.error} size="xs" data-testid={common['data-testid']} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(v === '' ? null : typeof v === 'number' ? v : Number(v))}
          allowDecimal={p.type !== 'integer'}
          min={p.min}
          max={p.max}
          placeholder={placeholder}
          thousandSeparator={false}
        />
      );
    case 'select':
      return p.allowCustom ? (
        <Autocomplete {...common} data={p.options ?? []} value={typeof value === 'string' ? value : ''} onChange={(v) => onChange(v || null)} placeholder={placeholder} />
      ) : (
        <Select {...common} data={p.options ?? []} value={typeof value === 'string' ? value : null} onChange={(v) => onChange(v)} clearable={!p.required} placeholder={placeholder} allowDeselect={!p.required} />
      );
    case 'textarea':
      return <Textarea {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value)} autosize minRows={2} maxRows={8} translate="no" />;
    case 'size':
      return <SizeField {...common} value={Array.isArray(value) ? (value as number[]) : []} onChange={onChange} />;
    case 'list':
    case 'kv-list':
      return <ListField p={p} common={common} value={value} onChange={onChange} hint={p.widget === 'kv-list' ? t.kvHint : t.listHint} />;
    default:
      // text, file, folder: a path or name, shown as typed (user content).
      return (
        <TextInput
          {...common}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value || null)}
          onBlur={onCommit}
          placeholder={placeholder}
          translate="no"
        />
      );
  }
}

/** Width and height. */
function SizeField({ value, onChange, ...common }: { value: number[]; onChange(v: ParamValue | null): void } & Record<string, unknown>) {
  const t = useStrings(trainingStrings);
  const set = (i: number, v: number | string) => {
    const next = [value[0] ?? 0, value[1] ?? 0];
    next[i] = typeof v === 'number' ? v : Number(v || 0);
    onChange(next);
  };
  return (
    <div>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <NumberInput {...(common as object)} description={undefined} value={value[0] ?? ''} onChange={(v) => set(0, v)} allowDecimal={false} rightSection={<span className="unit">{t.width}</span>} rightSectionWidth={36} />
        <NumberInput size="xs" value={value[1] ?? ''} onChange={(v) => set(1, v)} allowDecimal={false} rightSection={<span className="unit">{t.height}</span>} rightSectionWidth={36} aria-label={t.height} />
      </Group>
    </div>
  );
}

/** Lists: typed as text, parsed when the text changes (the text is kept as typed while it is edited). */
function ListField({ p, common, value, onChange, hint }: { p: ParamSpec; common: Record<string, unknown>; value: ParamValue | null | undefined; onChange(v: ParamValue | null): void; hint: string }) {
  const [text, setText] = useState(listToText(p, value));
  useEffect(() => {
    // Outside changes (a preset) replace the text unless it already means the same.
    if (JSON.stringify(textToList(p, text)) !== JSON.stringify(value ?? [])) setText(listToText(p, value));
  }, [value]);
  const input = (v: string) => {
    setText(v);
    onChange(textToList(p, v));
  };
  return p.widget === 'kv-list' ? (
    <Textarea {...(common as object)} value={text} onChange={(e) => input(e.currentTarget.value)} autosize minRows={1} maxRows={6} placeholder={hint} translate="no" />
  ) : (
    <TextInput {...(common as object)} value={text} onChange={(e) => input(e.currentTarget.value)} placeholder={hint} translate="no" />
  );
}
