// Lint = the architecture's layering, machine-checked (plus a few correctness rules). Style is left to review.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const noNode = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not available here.' })),
  patterns: [{ group: ['node:*'], message: 'Node built-ins are not available here.' }],
};
const noElectron = { name: 'electron', message: 'Only src/main and src/preload may use Electron; keep the logic in src/core.' };
// Relative imports only: packages such as @mantine/core are fine.
const noCore = { regex: '^\\.{1,2}/(?:.*/)?core(?:/|$)', message: 'The renderer reaches the core only through the contract (src/shared) and its transport.' };

// One helper shows them all, so every notification keeps its time while queued and pauses under the pointer.
const noNotifications = {
  name: '@mantine/notifications',
  importNames: ['notifications', 'showNotification', 'updateNotification', 'hideNotification'],
  message: 'Show notifications with showNotice / updateNotice / hideNotice from src/renderer/app/notify.',
};
const rendererImports = { paths: [noElectron, ...noNode.paths], patterns: [noCore, ...noNode.patterns] };

const domGlobals = [
  'window', 'document', 'navigator', 'location', 'history', 'localStorage', 'sessionStorage', 'indexedDB',
  'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'Worker', 'MessageChannel', 'BroadcastChannel',
  'File', 'FileReader', 'Blob', 'FormData', 'HTMLElement', 'Element', 'Node', 'Event', 'CustomEvent',
  'requestAnimationFrame', 'cancelAnimationFrame', 'alert', 'confirm', 'prompt', 'self', 'globalThis',
].map((name) => ({ name, message: 'src/shared is portable: no DOM.' }));
const nodeGlobals = ['process', 'Buffer', '__dirname', '__filename', 'require', 'module', 'global', 'setImmediate'].map((name) => ({
  name,
  message: 'src/shared is portable: no Node globals.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'bench/out/**', 'engines/**', 'resources/**', '.gl/**'] },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    plugins: { '@typescript-eslint': tseslint.plugin },
  },
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    rules: {
      'no-debugger': 'error',
      'no-dupe-keys': 'error',
      'no-duplicate-case': 'error',
      'no-self-assign': 'error',
      'no-sparse-arrays': 'error',
      'use-isnan': 'error',
      'valid-typeof': 'error',
    },
  },
  {
    files: ['src/core/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron, ...noNode.paths], patterns: noNode.patterns }],
      'no-restricted-globals': ['error', ...domGlobals, ...nodeGlobals],
    },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { ...rendererImports, paths: [...rendererImports.paths, noNotifications] }],
      'no-restricted-globals': ['error', ...nodeGlobals.map((g) => ({ ...g, message: 'The renderer runs in a browser: no Node globals.' }))],
    },
  },
  {
    files: ['src/renderer/app/notify.tsx'],
    rules: { 'no-restricted-imports': ['error', rendererImports] },
  },
  {
    files: ['src/host/**', 'src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
);
