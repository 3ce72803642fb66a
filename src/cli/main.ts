#!/usr/bin/env node
import { Command } from "commander";
import { registerDataCommands } from "./dataCommands.js";
import { registerHtsCommands } from "./htsCommands.js";
import { registerStackCommands } from "./stackCommands.js";
import { registerAverageCommands } from "./averageCommands.js";
import { registerLedgerCommands } from "./ledgerCommands.js";

const program = new Command();
program
  .name("tariffscope")
  .description(
    "The US–China trade-policy regime as data: duty stacks, legal dates, averages and scenarios from official files",
  )
  .version("0.1.0");
registerDataCommands(program);
registerHtsCommands(program);
registerStackCommands(program);
registerAverageCommands(program);
registerLedgerCommands(program);
await program.parseAsync(process.argv);
