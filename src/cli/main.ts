#!/usr/bin/env node
import { Command } from "commander";

/**
 * The command groups and the modules that register them. Only the group of the command being run is imported, so
 * `tariffscope stack` does not load the chart or DuckDB libraries; help and unknown commands load every group.
 */
const GROUPS: { commands: string[]; register: () => Promise<(program: Command) => void> }[] = [
  { commands: ["data"], register: async () => (await import("./dataCommands.js")).registerDataCommands },
  { commands: ["hts"], register: async () => (await import("./htsCommands.js")).registerHtsCommands },
  { commands: ["stack", "history"], register: async () => (await import("./stackCommands.js")).registerStackCommands },
  {
    commands: ["average", "chart", "compare"],
    register: async () => (await import("./averageCommands.js")).registerAverageCommands,
  },
  { commands: ["ledger"], register: async () => (await import("./ledgerCommands.js")).registerLedgerCommands },
  { commands: ["screen", "affiliates", "controls"], register: async () => (await import("./controlCommands.js")).registerControlCommands },
  { commands: ["talks"], register: async () => (await import("./controlCommands.js")).registerTalksCommands },
  { commands: ["commitments", "trade"], register: async () => (await import("./relationCommands.js")).registerRelationCommands },
  { commands: ["entries", "refunds"], register: async () => (await import("./entryCommands.js")).registerEntryCommands },
];

const program = new Command();
program
  .name("tariffscope")
  .description(
    "The US–China trade-policy regime as data: duty stacks, legal dates, averages and scenarios from official files",
  )
  .version("0.1.0");
// The program has no options of its own besides --help and --version: the first other word is the command.
const word = process.argv.slice(2).find((a) => !a.startsWith("-"));
const group = GROUPS.find((g) => word !== undefined && g.commands.includes(word));
for (const g of group ? [group] : GROUPS) (await g.register())(program);
await program.parseAsync(process.argv);
