import { ActionIcon, Kbd, Popover, Table, Tooltip } from '@mantine/core';
import { useStrings } from '../../i18n';
import { libraryStrings } from './i18n';

/** The gallery's keys, one click away. */
export function Shortcuts() {
  const t = useStrings(libraryStrings);
  const rows: [string[], string][] = [
    [['←', '→', '↑', '↓', 'Home', 'End'], t.keyMove],
    [['Shift', '+ ←→↑↓'], t.keyExtend],
    // Ctrl/Cmd+click toggles one picture, as Space does; Shift+click selects the range from the last one clicked.
    [[t.keySpace, '/', 'Ctrl', `+ ${t.keyClick}`], t.keyToggle],
    [['Ctrl', 'A'], t.keySelectAll],
    [['Esc'], t.keyClear],
    [['Enter'], t.keyOpen],
    [['Alt', '↑ / ↓'], t.keyNextPrev],
    [['Ctrl', 'Z', '/', 'Ctrl', 'Shift', 'Z'], t.keyUndo],
    [['Shift', `+ ${t.keyClick}`], t.keyRange],
  ];
  return (
    <Popover position="top-end" shadow="md" withArrow>
      <Popover.Target>
        <Tooltip label={t.shortcuts}>
          <ActionIcon size="sm" aria-label={t.shortcuts} data-testid="shortcuts">
            <span style={{ fontWeight: 700, fontSize: 12 }}>?</span>
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Table fz="xs" verticalSpacing={3} horizontalSpacing="xs" withRowBorders={false}>
          <Table.Tbody>
            {rows.map(([keys, what]) => (
              <Table.Tr key={what}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {keys.map((k, i) => (k === '/' || k.startsWith('+') ? <span key={i}> {k} </span> : <Kbd key={i} size="xs" mr={2}>{k}</Kbd>))}
                </Table.Td>
                <Table.Td>{what}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Popover.Dropdown>
    </Popover>
  );
}
