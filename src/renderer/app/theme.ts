import { ActionIcon, Button, Checkbox, createTheme, Menu, Modal, NumberInput, SegmentedControl, Select, Textarea, TextInput, Tooltip, Autocomplete, Switch, Badge } from '@mantine/core';

/** Dense and calm: small controls, system fonts (with CJK fallbacks), one accent colour. */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 6, dark: 5 },
  defaultRadius: 'sm',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace',
  fontSizes: { xs: '11px', sm: '12.5px', md: '13.5px', lg: '15px', xl: '17px' },
  headings: { sizes: { h1: { fontSize: '20px' }, h2: { fontSize: '17px' }, h3: { fontSize: '15px' }, h4: { fontSize: '13.5px' } } },
  components: {
    Button: Button.extend({ defaultProps: { size: 'xs' } }),
    ActionIcon: ActionIcon.extend({ defaultProps: { variant: 'subtle', color: 'gray', size: 'md' } }),
    TextInput: TextInput.extend({ defaultProps: { size: 'xs' } }),
    Autocomplete: Autocomplete.extend({ defaultProps: { size: 'xs' } }),
    NumberInput: NumberInput.extend({ defaultProps: { size: 'xs' } }),
    Textarea: Textarea.extend({ defaultProps: { size: 'sm' } }),
    Select: Select.extend({ defaultProps: { size: 'xs', allowDeselect: false, comboboxProps: { withinPortal: true } } }),
    SegmentedControl: SegmentedControl.extend({ defaultProps: { size: 'xs' } }),
    Checkbox: Checkbox.extend({ defaultProps: { size: 'xs' } }),
    Switch: Switch.extend({ defaultProps: { size: 'xs' } }),
    Badge: Badge.extend({ defaultProps: { size: 'sm', variant: 'light', radius: 'sm' } }),
    Tooltip: Tooltip.extend({ defaultProps: { openDelay: 450, withArrow: true, fz: 'xs' } }),
    Menu: Menu.extend({ defaultProps: { shadow: 'md', withinPortal: true } }),
    Modal: Modal.extend({ defaultProps: { centered: true, size: 'md', overlayProps: { backgroundOpacity: 0.35, blur: 1 } } }),
  },
});
