// A supervisor in its own process, for the re-attach tests: it queues the plan given as JSON on argv, prints the
// run id, and keeps supervising until it is killed.
import { openSupervisor } from './supervisor-harness';

const [dataDir, planJson] = process.argv.slice(2);
const h = openSupervisor(dataDir!);
const run = h.sup.enqueue(JSON.parse(planJson!));
process.stdout.write(`${run.id}\n`);
setInterval(() => {}, 1000);
