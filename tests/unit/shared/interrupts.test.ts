import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const interrupts = path.resolve('src/shared/interrupts.ts');

/** Runs `body` in a fresh Node process that exits on interrupt as the CLI does. */
function run(body: string) {
  const script = `import(${JSON.stringify(interrupts)}).then(({ exitOnInterrupt, onInterrupt }) => { exitOnInterrupt(); ${body} })`;
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 30_000 });
}

describe('an interrupt', () => {
  it('is handled when it arrives during a synchronous step that changes what is registered', () => {
    const result = run(`
      const stop = onInterrupt(() => console.log('undone first work'));
      process.kill(process.pid, 'SIGINT');
      for (const end = Date.now() + 200; Date.now() < end; );
      stop();
      onInterrupt(() => console.log('undone second work'));
      setTimeout(() => console.log('finished'), 2000);
    `);
    expect(result.stdout.trim()).toBe('undone second work');
    expect(result.status).toBe(130);
  });

  it('is handled when the work it arrived during has just finished', () => {
    const result = run(`
      const stop = onInterrupt(() => console.log('undone'));
      process.kill(process.pid, 'SIGINT');
      for (const end = Date.now() + 200; Date.now() < end; );
      stop();
      setTimeout(() => console.log('finished'), 2000);
    `);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(130);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ])('%s undoes the work too, and the exit status says which signal it was', (signal, status) => {
    const result = run(`
      onInterrupt(() => console.log('undone'));
      setTimeout(() => process.kill(process.pid, '${signal}'), 50);
      setTimeout(() => console.log('finished'), 2000);
    `);
    expect(result.stdout.trim()).toBe('undone');
    expect(result.status).toBe(status);
  });

  it('is left to the system when nothing is registered', () => {
    const result = run(`
      onInterrupt(() => undefined)();
      setTimeout(() => process.kill(process.pid, 'SIGINT'), 100);
      setTimeout(() => console.log('finished'), 2000);
    `);
    expect(result.stdout).toBe('');
    expect(result.signal).toBe('SIGINT');
  });
});
