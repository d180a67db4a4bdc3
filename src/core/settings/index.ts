export { SettingsStore } from './store';
export { settingsView } from './view';
