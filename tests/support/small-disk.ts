import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface SmallDiskRun {
  code: number;
  stdout: string;
  stderr: string;
  /** What the small disk held when the command ended: its names, one level deep. */
  left: string[];
}

const LISTING = '--- small disk holds:';

/**
 * Runs a command with a small tmpfs (`size=64k`, `ro,size=64k`) mounted at `disk`, in a user and
 * mount namespace of its own: any user can, root or not, and the mount ends with the command.
 * `args` builds the command line from the mount point.
 */
export async function onSmallDisk(options: string, args: (disk: string) => string[], env: NodeJS.ProcessEnv = {}): Promise<SmallDiskRun> {
  const disk = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-small-disk-'));
  const script = `mount -t tmpfs -o "$1" tmpfs "$2" || exit 97; shift 2; "$@"; code=$?; echo "${LISTING}"; ls -A "$DISK"; exit $code`;
  try {
    return await new Promise((resolve, reject) => {
      execFile(
        'unshare',
        ['--user', '--map-root-user', '--mount', 'sh', '-c', script, 'sh', options, disk, ...args(disk)],
        { env: { ...process.env, ...env, DISK: disk }, timeout: 240_000, maxBuffer: 1 << 24 },
        (error, stdout, stderr) => {
          const [output = '', listing = ''] = stdout.split(`${LISTING}\n`);
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          if (code === 97) reject(new Error(`could not mount a small disk: ${stderr}`));
          else resolve({ code, stdout: output, stderr, left: listing.split('\n').filter(Boolean) });
        },
      );
    });
  } finally {
    await rm(disk, { recursive: true, force: true });
  }
}
