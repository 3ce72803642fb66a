import cliProgress from "cli-progress";

/** A progress bar with an ETA for a run of named stages (read, panel, price, write, …) on stderr; silent when off. */
export function stageProgress(on: boolean): { update: (stage: string, done: number, total: number) => void; stop: () => void } {
  if (!on) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: "{stage} [{bar}] {percentage}% | ETA {eta_formatted}", clearOnComplete: true, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let current = "";
  let started = false;
  let stopped = false;
  return {
    update(stage, done, total) {
      if (stopped) return;
      if (!started || stage !== current) {
        if (started) bar.stop();
        bar.start(Math.max(1, total), 0, { stage: stage.padEnd(6) });
        started = true;
        current = stage;
      }
      bar.setTotal(Math.max(1, total));
      bar.update(done, { stage: stage.padEnd(6) });
    },
    stop() {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}
