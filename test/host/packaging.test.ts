import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/tmp';

const require = createRequire(join(REPO, 'package.json'));

/** electron-builder.yml as electron-builder itself loads and validates it (nothing is packaged). */
async function builderConfig(): Promise<Record<string, any>> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = require('builder-util/out/DebugLogger.js');
  const config = await getConfig(REPO, join(REPO, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('packaging', () => {
  it('has a valid electron-builder config with the three platforms\' targets', async () => {
    const c = await builderConfig();
    expect(c.linux.target).toEqual(['AppImage', 'deb']);
    expect(c.win.target).toEqual(['nsis']);
    expect(c.mac.target).toEqual(['dmg']);
    expect(c.extraMetadata.main).toBe('dist/main/main.cjs');
  });

  it('ships dist, resources and engines, unpacks native modules and rebuilds them for Electron at dist time', async () => {
    const c = await builderConfig();
    const files = (c.files as { filter: string[] }[]).flatMap((f) => f.filter);
    for (const f of ['dist/**', 'resources/**', 'engines/**']) expect(files).toContain(f);
    for (const m of ['better-sqlite3', 'sharp', '@img', 'onnxruntime-node']) expect(c.asarUnpack).toContain(`**/node_modules/${m}/**`);
    expect(c.asarUnpack).toContain('dist/workers/**');
    expect(c.npmRebuild).toBe(true);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    // npm ci keeps the Node build: no electron rebuild in install hooks.
    expect(JSON.stringify(pkg.scripts)).not.toMatch(/install-app-deps|electron-rebuild/);
    expect(pkg.scripts.postinstall).toBeUndefined();
  });

  it('bundles main and preload as CommonJS that need nothing but electron and installed packages', () => {
    const main = readFileSync(join(REPO, 'dist/main/main.cjs'), 'utf8');
    const preload = readFileSync(join(REPO, 'dist/preload/preload.cjs'), 'utf8');
    // The core finds its package root from import.meta.url, defined for the CJS bundle.
    expect(main).toContain('__importMetaUrl');
    expect(main).not.toMatch(/import\.meta/);
    // A sandboxed preload can require only electron.
    const requires = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
  });
});
