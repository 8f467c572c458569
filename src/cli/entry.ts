// Runs the CLI from source (`node --import tsx src/cli/entry.ts broker ...`), as bin/kstreams.js does from dist/.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
