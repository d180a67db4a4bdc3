import type { z } from 'zod';
import { datasetMethods } from './datasets';
import { editMethods } from './edits';
import { eventSchemas } from './events';
import { exportMethods } from './export';
import { ingestMethods } from './ingest';
import { itemMethods } from './items';
import { jobMethods } from './jobs';
import { modelMethods } from './models';
import { systemMethods } from './system';
import { taggerMethods } from './tagger';
import { trainingMethods } from './training';

/** The whole contract between clients and services: the map of every call. */
export const methods = {
  ...systemMethods,
  ...datasetMethods,
  ...itemMethods,
  ...jobMethods,
  ...ingestMethods,
  ...exportMethods,
  ...modelMethods,
  ...editMethods,
  ...taggerMethods,
  ...trainingMethods,
};

export const events = eventSchemas;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export * from './common';
export * from './datasets';
export * from './items';
export * from './jobs';
export * from './ingest';
export * from './export';
export * from './system';
export * from './models';
export * from './tagger';
export * from './edits';
export * from './limits';
export * from './training-runs';
export * from './training';
export * from './training-params';
export * from './training-engines';
export * from './training-issues';
