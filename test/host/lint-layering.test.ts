import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/tmp';

/** The layering rules of eslint.config.js, checked on probe sources placed (virtually) in each layer. */
describe('lint layering rules', () => {
  const eslint = new ESLint({ cwd: REPO });
  const lint = async (rel: string, code: string) => {
    const [r] = await eslint.lintText(code, { filePath: join(REPO, rel) });
    return r!.messages.map((m) => `${m.ruleId}:${m.line}`);
  };

  it('keeps electron out of src/core', async () => {
    expect(await lint('src/core/x/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual(['no-restricted-imports:1']);
    expect(await lint('src/core/x/probe.ts', "import { join } from 'node:path';\nexport const a = join;\n")).toEqual([]);
  });

  it('keeps node, electron and DOM out of src/shared', async () => {
    const code = "import { readFileSync } from 'node:fs';\nimport { join } from 'path';\nimport { app } from 'electron';\nexport const a = [readFileSync, join, app];\nexport const b = window.location;\nexport const c = process.env;\nexport const d = document.title;\n";
    expect(await lint('src/shared/contract/probe.ts', code)).toEqual([
      'no-restricted-imports:1',
      'no-restricted-imports:2',
      'no-restricted-imports:3',
      'no-restricted-globals:5',
      'no-restricted-globals:6',
      'no-restricted-globals:7',
    ]);
    expect(await lint('src/shared/contract/probe.ts', "import { z } from 'zod';\nexport const s = z.string();\nexport const t = setTimeout;\n")).toEqual([]);
  });

  it('keeps src/core (and node) out of the renderer, but allows packages named core', async () => {
    const code = "import { createAtelier } from '../../core/app';\nimport type { Db } from '../core/store';\nimport '@mantine/core';\nimport { client } from './core-helpers';\nexport const a = [createAtelier, client];\nexport type B = Db;\n";
    expect(await lint('src/renderer/features/probe.tsx', code)).toEqual(['no-restricted-imports:1', 'no-restricted-imports:2']);
    expect(await lint('src/renderer/features/probe.tsx', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual(['no-restricted-imports:1']);
  });
});
