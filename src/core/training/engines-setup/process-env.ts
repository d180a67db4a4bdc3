/** The environment engine processes get: UTF-8 unbuffered Python, without variables that make a venv's Python
 * import someone else's packages (PYTHONPATH, PYTHONHOME, CONDA_*, PIP_*), a common cause of broken installs. */
export function engineEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    const u = k.toUpperCase();
    if (u === 'PYTHONPATH' || u === 'PYTHONHOME' || u.startsWith('CONDA') || u.startsWith('PIP_') || u === 'VIRTUAL_ENV') continue;
    out[k] = v;
  }
  return { ...out, PYTHONUNBUFFERED: '1', PYTHONUTF8: '1', PYTHONIOENCODING: 'utf-8' };
}
