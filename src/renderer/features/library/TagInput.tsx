import { useState } from 'react';
import { Combobox, TextInput, useCombobox } from '@mantine/core';
import { splitTags } from './format';
import { useTagSuggestions } from './use-tag-suggestions';

interface Props {
  datasetId: number | null;
  placeholder: string;
  /** Tags not to suggest (those already present). */
  exclude?: ReadonlySet<string>;
  onAdd(tags: string[]): void;
  testId?: string;
}

/** A tag field with autocomplete (the dataset's tags by frequency, then the tagger models' vocabularies). Enter
 * adds what is typed (commas separate several); picking a suggestion adds it. */
export function TagInput({ datasetId, placeholder, exclude, onAdd, testId }: Props) {
  const [value, setValue] = useState('');
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  // Suggest for the part after the last comma.
  const current = value.slice(value.lastIndexOf(',') + 1).trim();
  const suggestions = useTagSuggestions(datasetId, current, exclude);

  const commit = (tags: string[]) => {
    if (tags.length) onAdd(tags);
    setValue('');
    combobox.resetSelectedOption();
  };

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(tag) => {
        const earlier = splitTags(value.slice(0, value.lastIndexOf(',') + 1));
        commit([...earlier, tag]);
      }}
    >
      <Combobox.Target>
        <TextInput
          value={value}
          placeholder={placeholder}
          data-testid={testId}
          onChange={(e) => {
            setValue(e.currentTarget.value);
            combobox.openDropdown();
            combobox.resetSelectedOption();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && combobox.getSelectedOptionIndex() === -1) {
              e.preventDefault();
              commit(splitTags(value));
            }
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={suggestions.length === 0}>
        <Combobox.Options mah={240} style={{ overflowY: 'auto' }}>
          {suggestions.map((s) => (
            <Combobox.Option value={s.tag} key={s.tag}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12, fontSize: 12.5 }}>
                <span translate="no">{s.tag}</span>
                <span style={{ color: 'var(--mantine-color-dimmed)', fontVariantNumeric: 'tabular-nums' }}>{s.count || ''}</span>
              </div>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
