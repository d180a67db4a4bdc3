import type { Command } from '../command';
import { datasetsCommand } from './datasets';
import { exportCommand } from './export';
import { importCommand } from './import';
import { itemsCommand } from './items';
import { modelsCommand } from './models';
import { serveCommand } from './serve';
import { tagCommand } from './tag';
import { trainCommand } from './train';

/** Every CLI command, in the order `atelier --help` lists them. Add one line per command. */
export const commands: Command[] = [
  importCommand,
  datasetsCommand,
  itemsCommand,
  tagCommand,
  modelsCommand,
  exportCommand,
  trainCommand,
  serveCommand,
];
