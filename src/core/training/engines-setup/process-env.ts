/** Removed from every engine process's environment (names compared in upper case; a trailing `*` matches any
 * rest): they make a venv's Python import someone else's packages, a common cause of broken installs. */
export const SCRUBBED_ENV = ['PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV', 'CONDA*', 'PIP_*'];

/** Unbuffered UTF-8 Python output: progress is read live, and Windows consoles crash on non-ASCII log lines. */
const PYTHON_IO = { PYTHONUNBUFFERED: '1', PYTHONUTF8: '1', PYTHONIOENCODING: 'utf-8' };

function scrubbed(name: string): boolean {
  const u = name.toUpperCase();
  return SCRUBBED_ENV.some((s) => (s.endsWith('*') ? u.startsWith(s.slice(0, -1)) : u === s));
}

/** The environment engine processes get: the base without the scrubbed variables, with UTF-8 unbuffered Python. */
export function engineEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!scrubbed(k)) out[k] = v;
  return { ...out, ...PYTHON_IO };
}

/** What every step of a run sets over that environment, last: the plan shows it and the supervisor sets it (with
 * the run's id, known once it is queued). */
export function stepVariables(gpu: string, runId?: number): Record<string, string> {
  return { ...PYTHON_IO, CUDA_VISIBLE_DEVICES: gpu, ...(runId !== undefined ? { ATELIER_RUN_ID: String(runId) } : {}) };
}

/** A variable of an environment as the OS finds it: by exact name, except on Windows, where names are
 * case-insensitive (PATH is often `Path` there) and, as Node's spawn does, the first matching name in sorted order
 * counts. Pure. */
export function envValue(env: NodeJS.ProcessEnv, name: string, platform: string = process.platform): string | undefined {
  if (platform !== 'win32') return env[name];
  const key = Object.keys(env)
    .sort()
    .find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}
