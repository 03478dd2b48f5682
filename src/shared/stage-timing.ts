/** Wall and CPU time a build spent in one stage (or one kind of output of it), over all its runs. */
export interface StageTime {
  /** The stage, and after a colon the kind of output when a stage makes several (`preflight: sheets`). */
  stage: string;
  runs: number;
  wallMs: number;
  /**
   * CPU of this process (every thread) while the stage ran. Stages overlap (preflight reads while
   * sheets are imposed, two sets run at once), so a moment is counted in each stage running then.
   */
  cpuMs: number;
}

/**
 * A build's stage times: two clock readings per stage run, cheap enough to take on every build, so
 * the profile is of a real build, not of a build run for profiling.
 */
export class StageClock {
  private readonly times = new Map<string, StageTime>();

  async time<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    try {
      return await work();
    } finally {
      const used = process.cpuUsage(cpu);
      const time = this.times.get(stage) ?? { stage, runs: 0, wallMs: 0, cpuMs: 0 };
      time.runs += 1;
      time.wallMs += performance.now() - wall;
      time.cpuMs += (used.user + used.system) / 1000;
      this.times.set(stage, time);
    }
  }

  /** Every stage timed, in the order each first ran, in whole milliseconds. */
  report(): StageTime[] {
    return [...this.times.values()].map((time) => ({ ...time, wallMs: Math.round(time.wallMs), cpuMs: Math.round(time.cpuMs) }));
  }
}
