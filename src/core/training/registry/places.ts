/** Where the fixes are made, named as the studio names them (the Training page's "Engines and models" tab: its
 * Engines section with Check, the doctor, and Install…; its Model files section). One naming for every message. */
export const WHERE = {
  engines: 'Training → Engines and models → Engines',
  modelFiles: 'Training → Engines and models → Model files',
} as const;
