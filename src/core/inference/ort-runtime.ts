import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ExecutionProvider } from '../../shared/contract';
import { packageRoot } from '../util/package-root';
import type { ProviderFacts } from './providers';

export type Ort = typeof import('onnxruntime-node');

let loading: Promise<Ort> | null = null;

/** onnxruntime-node, loaded on first use (its native library is large; most commands never need it).
 * Its own log goes to stderr; expected provider failures are reported by Atelier with advice, so only fatal
 * messages are printed unless ATELIER_ORT_LOG (verbose|info|warning|error|fatal) asks for more. */
export function loadOrt(): Promise<Ort> {
  loading ??= import('onnxruntime-node').then((mod) => {
    const ort = ((mod as { default?: Ort }).default ?? mod) as Ort;
    const level = process.env.ATELIER_ORT_LOG;
    ort.env.logLevel = level === 'verbose' || level === 'info' || level === 'warning' || level === 'error' ? level : 'fatal';
    return ort;
  });
  return loading;
}

/** Providers compiled into this onnxruntime-node build, by Atelier's names. */
export function compiledProviders(ort: Ort): Set<string> {
  const names = new Set<string>(['cpu']);
  for (const b of ort.listSupportedBackends?.() ?? []) names.add(b.name);
  return names;
}

/** Where onnxruntime-node keeps its native libraries for this platform. */
function ortBinDir(): string | null {
  try {
    const req = createRequire(join(packageRoot(), 'package.json'));
    return join(dirname(req.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return null;
  }
}

/** The separately installed provider library some providers need (downloaded by onnxruntime-node's installer). */
function providerLibrary(p: ExecutionProvider): string | null {
  if (p !== 'cuda' && p !== 'tensorrt') return null;
  const base = `onnxruntime_providers_${p}`;
  return process.platform === 'win32' ? `${base}.dll` : `lib${base}.so`;
}

/** Facts that explain a provider failure: compiled in, its library installed, an NVIDIA driver present. */
export function providerFacts(ort: Ort, p: ExecutionProvider): ProviderFacts {
  const lib = providerLibrary(p);
  const bin = ortBinDir();
  const isNvidia = p === 'cuda' || p === 'tensorrt';
  return {
    platform: process.platform,
    compiledIn: compiledProviders(ort).has(p),
    libraryPresent: lib && bin ? existsSync(join(bin, lib)) : null,
    libraryName: lib,
    nvidiaDriver: isNvidia && process.platform === 'linux' ? hasNvidiaDriverLinux() : null,
  };
}

/** The bundled state listSupportedBackends reports (false: an extra install is needed). */
export function isBundled(ort: Ort, p: ExecutionProvider): boolean {
  const b = (ort.listSupportedBackends?.() ?? []).find((x) => x.name === p);
  return p === 'cpu' || (b?.bundled ?? false);
}

/** The NVIDIA kernel driver's proc entry, or WSL2's GPU bridge (WSL has no /proc/driver/nvidia). */
function hasNvidiaDriverLinux(): boolean {
  return existsSync('/proc/driver/nvidia/version') || existsSync('/usr/lib/wsl/lib/libcuda.so.1');
}

/** An NVIDIA GPU is seen on this machine: its Linux driver or device node, or nvidia-smi where the driver puts
 * it on Windows. Cheap (file checks), so every session can ask. */
export function nvidiaGpuPresent(): boolean {
  if (process.platform === 'linux') return hasNvidiaDriverLinux() || existsSync('/dev/nvidia0');
  if (process.platform === 'win32') return existsSync(join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'nvidia-smi.exe'));
  return false;
}
