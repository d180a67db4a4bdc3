export { SettingsStore } from './store';
